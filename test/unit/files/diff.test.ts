import { rm, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { type FilesFixture, makeFilesFixture, writeTree } from './fixture';

let fx: FilesFixture;
beforeEach(async () => {
  fx = await makeFilesFixture();
});
afterEach(async () => {
  await fx.remove();
});

const lines = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `line ${from + i}`);
const diff = (name: string, snapshot = 1) => fx.service.diff('home', snapshot, join(fx.home, name));

describe('files.diff', () => {
  it('gives hunks with three lines of context, old = the snapshot, new = now', async () => {
    await writeTree(fx.home, { 'a.txt': `${lines(1, 20).join('\n')}\n` });
    await fx.snapper.snapshotNow('home');
    const now = lines(1, 20);
    now[9] = 'line 10 changed';
    now.push('line 21');
    await writeFile(join(fx.home, 'a.txt'), `${now.join('\n')}\n`);
    const result = await diff('a.txt');
    expect(result.identical).toBe(false);
    expect(result.unavailable).toBeNull();
    expect(result.hunks).toHaveLength(2);
    expect(result.hunks[0]).toEqual({
      oldStart: 7,
      newStart: 7,
      lines: [
        { op: 'same', text: 'line 7' },
        { op: 'same', text: 'line 8' },
        { op: 'same', text: 'line 9' },
        { op: 'del', text: 'line 10' },
        { op: 'add', text: 'line 10 changed' },
        { op: 'same', text: 'line 11' },
        { op: 'same', text: 'line 12' },
        { op: 'same', text: 'line 13' },
      ],
    });
    expect(result.hunks[1]?.lines.at(-1)).toEqual({ op: 'add', text: 'line 21' });
  });

  it('says identical, missing, binary or too large instead of diffing', async () => {
    await writeTree(fx.home, {
      'same.txt': 'x\n',
      'gone.txt': 'g',
      'bin.dat': Buffer.from([1, 0, 2]),
      'huge.txt': 'h',
    });
    await truncate(join(fx.home, 'huge.txt'), 3 * 1024 * 1024);
    await fx.snapper.snapshotNow('home');
    await rm(join(fx.home, 'gone.txt'));
    await writeTree(fx.home, { 'new.txt': 'n' });
    expect(await diff('same.txt')).toEqual({ identical: true, unavailable: null, hunks: [] });
    expect(await diff('gone.txt')).toMatchObject({ identical: false, unavailable: 'missing' });
    expect(await diff('new.txt')).toMatchObject({ unavailable: 'missing' });
    expect(await diff('bin.dat')).toMatchObject({ unavailable: 'binary' });
    expect(await diff('huge.txt')).toMatchObject({ unavailable: 'too-large' });
  });
});
