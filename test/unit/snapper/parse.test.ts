import { describe, expect, it } from 'vitest';

import { KairnError } from '../../../electron/core/errors';
import {
  parseConfigInfo,
  parseConfigList,
  parseFileList,
  parseOptionalNumber,
  parsePipeLine,
  parseSnapshotInfo,
  parseSnapshotList,
  sortChanges,
} from '../../../electron/backends/snapper/parse';

/** Tuples as dbus-next hands them over from real snapperd (x arrives as BigInt). */
const current = [0, 0, 0, -1n, 0, 'current', '', {}];
const one = [
  1,
  0,
  0,
  1795454015n,
  0,
  'vorher \\xc3\\xa4 \\\\ bs',
  'number',
  { important: 'yes', 'k\\xc3\\xa4': 'v\\xc3\\xa4' },
];
const post = [7, 2, 6, 1795000000n, 1000, '', '', {}];

describe('snapper reply parsing', () => {
  it('parses a snapshot tuple, unescaping every string', () => {
    expect(parseSnapshotInfo(one)).toEqual({
      number: 1,
      type: 'single',
      preNumber: 0,
      date: 1795454015,
      uid: 0,
      description: 'vorher ä \\ bs',
      cleanup: 'number',
      userdata: { important: 'yes', kä: 'vä' },
    });
    expect(parseSnapshotInfo(post)).toMatchObject({ type: 'post', preNumber: 6, uid: 1000 });
  });

  it('drops snapshot 0 and orders oldest first even when numbers were reused', () => {
    expect(parseSnapshotList([current, one, post]).map((s) => s.number)).toEqual([7, 1]);
  });

  it('parses configs and sorts them by name', () => {
    const raw = [
      ['root', '/', { SUBVOLUME: '/', ALLOW_USERS: '' }],
      ['home', '/home/caf\\xc3\\xa9', { SUBVOLUME: '/home/caf\\xc3\\xa9', ALLOW_USERS: 'sam' }],
    ];
    expect(parseConfigList(raw).map((c) => c.name)).toEqual(['home', 'root']);
    expect(parseConfigInfo(raw[1])).toEqual({
      name: 'home',
      subvolume: '/home/café',
      values: { SUBVOLUME: '/home/café', ALLOW_USERS: 'sam' },
    });
  });

  it('rejects malformed replies as backend-failed instead of guessing', () => {
    for (const bad of [
      null,
      [1, 0],
      [1, 0, 0, 'x', 0, '', '', {}],
      ['a', 0, 0, 1n, 0, '', '', []],
    ]) {
      expect(() => parseSnapshotInfo(bad)).toThrow(KairnError);
    }
    const err = (() => {
      try {
        parseConfigList({});
      } catch (e) {
        return e as KairnError;
      }
      return null;
    })();
    expect(err?.code).toBe('backend-failed');
    expect(err?.detail).toMatch(/unexpected config list/);
  });

  it('parses GetFiles entries and the default/active pair', () => {
    expect(
      parseFileList([
        ['/back\\\\slash', 16],
        ['/caf\\xc3\\xa9 name.txt', 2],
      ]),
    ).toEqual([
      { path: '/back\\slash', status: 16 },
      { path: '/café name.txt', status: 2 },
    ]);
    expect(parseOptionalNumber([true, 42])).toBe(42);
    expect(parseOptionalNumber([false, 0])).toBeNull();
  });
});

describe('GetFilesByPipe lines', () => {
  it('parses the probed line format (raw UTF-8, \\x20 for spaces, \\\\ for backslash)', () => {
    const line = Buffer.concat([
      Buffer.from('/caf'),
      Buffer.from([0xc3, 0xa9]),
      Buffer.from('\\x20name.txt 8'),
    ]);
    expect(parsePipeLine(line)).toEqual({ path: '/café name.txt', status: 8 });
    expect(parsePipeLine(Buffer.from('/back\\\\slash 16'))).toEqual({
      path: '/back\\slash',
      status: 16,
    });
    expect(parsePipeLine(Buffer.from('/sub\\x20dir/new\\x0afile 1'))).toEqual({
      path: '/sub dir/new\nfile',
      status: 1,
    });
  });

  it('ignores extra fields and skips lines that are not changes', () => {
    expect(parsePipeLine(Buffer.from('/a 8 extra fields'))).toEqual({ path: '/a', status: 8 });
    expect(parsePipeLine(Buffer.from(''))).toBeNull();
    expect(parsePipeLine(Buffer.from('/no-status'))).toBeNull();
    expect(parsePipeLine(Buffer.from('/a x'))).toBeNull();
  });

  it('sorts changes by path bytes', () => {
    const sorted = sortChanges([
      { path: '/é', status: 1 },
      { path: '/z', status: 1 },
      { path: '/A', status: 1 },
    ]);
    expect(sorted.map((c) => c.path)).toEqual(['/A', '/z', '/é']);
  });
});
