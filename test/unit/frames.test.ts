import { describe, expect, it } from 'vitest';

import { binaryFrame, parseRequestFrame, UNREADABLE_FRAME_ID } from '../../electron/server/frames';

describe('WebSocket request frames', () => {
  it('accepts a call frame and defaults missing params to {}', () => {
    expect(parseRequestFrame('{"type":"call","id":3,"method":"status.get"}')).toEqual({
      ok: true,
      frame: { type: 'call', id: 3, method: 'status.get', params: {} },
    });
  });

  it.each([
    ['not JSON', '{"type":', UNREADABLE_FRAME_ID],
    ['an array', '[1,2]', UNREADABLE_FRAME_ID],
    ['null', 'null', UNREADABLE_FRAME_ID],
    ['no id', '{"type":"call","method":"status.get"}', UNREADABLE_FRAME_ID],
    ['a fractional id', '{"type":"call","id":1.5,"method":"status.get"}', UNREADABLE_FRAME_ID],
    ['a wrong type', '{"type":"event","id":4,"method":"status.get"}', 4],
    ['no method', '{"type":"call","id":5}', 5],
    ['a non-string method', '{"type":"call","id":6,"method":7}', 6],
  ])('answers %s with invalid-input (id %s)', (_name, text, id) => {
    expect(parseRequestFrame(text)).toMatchObject({
      ok: false,
      id,
      error: { code: 'invalid-input' },
    });
  });

  it('refuses binary frames', () => {
    expect(binaryFrame()).toMatchObject({
      ok: false,
      id: UNREADABLE_FRAME_ID,
      error: { code: 'invalid-input' },
    });
  });

  it('turns null params into {} and names the broken field', () => {
    expect(
      parseRequestFrame('{"type":"call","id":3,"method":"status.get","params":null}'),
    ).toMatchObject({
      ok: true,
      frame: { params: {} },
    });
    expect(parseRequestFrame('{"type":"call","id":0,"method":"status.get"}')).toMatchObject({
      ok: false,
      id: UNREADABLE_FRAME_ID,
      error: { detail: expect.stringContaining('frame id') as unknown },
    });
    expect(parseRequestFrame('{"type":"call","id":9,"method":[]}')).toMatchObject({
      ok: false,
      id: 9,
      error: { detail: expect.stringContaining('frame method') as unknown },
    });
  });

  it('answers an unsafe id with id 0', () => {
    expect(parseRequestFrame('{"type":"call","id":1e300,"method":"status.get"}')).toMatchObject({
      ok: false,
      id: UNREADABLE_FRAME_ID,
    });
  });
});
