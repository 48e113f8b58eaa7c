import { describe, expect, it } from 'vitest';

import { METHOD_NAMES } from '../../shared/api/contract';
import { definedAt, InternalError } from '../../shared/util/defined';
import { createDispatch, type Handlers } from '../../electron/core/api/dispatch';

describe('definedAt', () => {
  it('returns the element at an index in range, even an undefined one', () => {
    expect(definedAt(['a', 'b'], 1, 'two items')).toBe('b');
    expect(definedAt<string | undefined>([undefined], 0, 'one hole')).toBeUndefined();
    expect(definedAt(new Uint8Array([7]), 0, 'one byte')).toBe(7);
  });

  it.each([-1, 2, 0.5, Number.NaN])('throws an internal error naming why for index %s', (index) => {
    expect(() => definedAt(['a', 'b'], index, 'runs index their samples')).toThrow(InternalError);
    expect(() => definedAt(['a', 'b'], index, 'runs index their samples')).toThrow(
      /runs index their samples/,
    );
  });

  it('reaches a host as backend-failed with the reason in the detail', async () => {
    const handlers = Object.fromEntries(
      METHOD_NAMES.map((name) => [
        name,
        () => Promise.resolve(definedAt([], 0, 'the list is never empty')),
      ]),
    ) as unknown as Handlers;
    const reply = await createDispatch(handlers)('status.get', {});
    expect(reply).toMatchObject({
      ok: false,
      error: {
        code: 'backend-failed',
        detail: expect.stringContaining('the list is never empty') as unknown,
      },
    });
  });
});
