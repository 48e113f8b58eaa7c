import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { nodeFileSystem } from '../../../electron/backends/restore-fs/node-fs';
import { keepBothName } from '../../../electron/core/restore/naming';
import { FaultyFs } from '../../fakes/faulty-fs';
import {
  LABEL,
  SNAPSHOT_TIME,
  type Fixture,
  makeFixture,
  restore,
  tempLeftovers,
  writeTree,
} from './helpers';

/**
 * Issue 6, item 2: "never overwrite" must hold even when another program creates a file at the
 * chosen name while the restore puts its copy in place. Deterministic races (the racer acts at
 * the exact call through the fs port) and a real one (a concurrent loop, 150 runs).
 */

let fx: Fixture;
let faulty: FaultyFs;

beforeEach(async () => {
  faulty = new FaultyFs(nodeFileSystem);
  fx = await makeFixture(faulty.fs);
  await writeTree(fx.home, { 'notes.txt': 'old notes', 'Photos/a.jpg': 'A', 'Photos/b.jpg': 'B' });
  await fx.snapper.snapshotNow('home', 'before', SNAPSHOT_TIME);
  await writeTree(fx.home, { 'notes.txt': 'new notes', 'Photos/a.jpg': 'A edited' });
});

afterEach(async () => {
  await fx.remove();
});

const notes = () => join(fx.home, 'notes.txt');
const nth = (name: string, isDir: boolean, n: number) =>
  join(fx.home, keepBothName(name, isDir, LABEL, n));

function errno(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | null)?.code;
}

describe('placing a restored copy never replaces what another program just created', () => {
  it('a file: the racer takes two names right before the link, the copy gets the third', async () => {
    const raced: string[] = [];
    faulty.plan = {
      before: async (op, [from, final]) => {
        if (
          op !== 'link' ||
          !from?.includes('.kairn-tmp-') ||
          final === notes() ||
          raced.length >= 2
        )
          return;
        await writeFile(final!, `racer ${raced.length}`, { flag: 'wx' });
        raced.push(final!);
      },
    };
    const out = await restore(fx, {
      config: 'home',
      snapshot: 1,
      paths: [notes()],
      mode: 'keep-both',
    });
    expect(raced).toEqual([nth('notes.txt', false, 1), nth('notes.txt', false, 2)]);
    expect(out.result?.restored).toEqual([nth('notes.txt', false, 3)]);
    expect(await readFile(nth('notes.txt', false, 3), 'utf8')).toBe('old notes');
    expect(await readFile(raced[0]!, 'utf8')).toBe('racer 0');
    expect(await readFile(raced[1]!, 'utf8')).toBe('racer 1');
    expect(await readFile(notes(), 'utf8')).toBe('new notes');
    expect(await tempLeftovers(fx.home)).toEqual([]);
  });

  it('a folder: the racer makes a folder at the name first, the copy gets the next name', async () => {
    const first = nth('Photos', true, 1);
    faulty.plan = {
      before: async (op, [path]) => {
        if (op !== 'mkdir' || path !== first) return;
        await mkdir(first);
        await writeFile(join(first, 'theirs.txt'), 'racer');
      },
    };
    const out = await restore(fx, {
      config: 'home',
      snapshot: 1,
      paths: [join(fx.home, 'Photos')],
      mode: 'keep-both',
    });
    expect(out.result?.restored).toEqual([nth('Photos', true, 2)]);
    expect(await readdir(first)).toEqual(['theirs.txt']);
    expect((await readdir(nth('Photos', true, 2))).sort()).toEqual(['a.jpg', 'b.jpg']);
  });

  it('a folder: something put into our own empty folder at the name stays, the copy moves on', async () => {
    const first = nth('Photos', true, 1);
    faulty.plan = {
      before: async (op, [from, to]) => {
        if (op === 'rename' && from?.includes('.kairn-tmp-') && to === first)
          await writeFile(join(first, 'theirs.txt'), 'racer');
      },
    };
    const out = await restore(fx, {
      config: 'home',
      snapshot: 1,
      paths: [join(fx.home, 'Photos')],
      mode: 'keep-both',
    });
    expect(out.result?.restored).toEqual([nth('Photos', true, 2)]);
    expect(await readFile(join(first, 'theirs.txt'), 'utf8')).toBe('racer');
    expect(await readFile(join(nth('Photos', true, 2), 'a.jpg'), 'utf8')).toBe('A');
  });

  it('replace that cannot place its copy puts the current file back, beside a racer at its old name', async () => {
    faulty.plan = {
      eacces: (op, path) => op === 'link' && basename(path).startsWith('.notes.txt.kairn-tmp-'),
      before: async (op, [from, to]) => {
        if (op === 'link' && from?.includes('.kairn-replaced') && to === notes())
          await writeFile(notes(), 'racer', { flag: 'wx' });
      },
    };
    const out = await restore(fx, {
      config: 'home',
      snapshot: 1,
      paths: [notes()],
      mode: 'replace',
    });
    expect(out.error).toMatchObject({ code: 'access-denied', reason: 'dest-not-writable' });
    expect(await readFile(notes(), 'utf8')).toBe('racer');
    expect(await readFile(join(fx.home, 'notes (before restore).txt'), 'utf8')).toBe('new notes');
  });

  it('undo puts the kept version beside a racer at its place', async () => {
    const out = await restore(fx, {
      config: 'home',
      snapshot: 1,
      paths: [notes()],
      mode: 'replace',
    });
    faulty.plan = {
      before: async (op, [from, to]) => {
        if (op === 'link' && from?.includes('.kairn-replaced') && to === notes())
          await writeFile(notes(), 'racer', { flag: 'wx' });
      },
    };
    expect(await fx.service.undo(out.result!.undoId!)).toEqual({
      restored: [join(fx.home, 'notes (before restore).txt')],
    });
    expect(await readFile(notes(), 'utf8')).toBe('racer');
    expect(await readFile(join(fx.home, 'notes (before restore).txt'), 'utf8')).toBe('new notes');
  });

  it('a real racer loop over 150 runs never loses a file, and the copy always lands under a free name', async () => {
    const names = [1, 2, 3].map((n) => nth('notes.txt', false, n));
    for (let run = 0; run < 150; run += 1) {
      const created = new Map<string, string>();
      // A different head start each run (counted in file system round trips, not time).
      const lead = (run * 7) % 40;
      const racer = (async () => {
        for (let i = 0; i < lead; i += 1) await stat(fx.home);
        for (const name of names) {
          const content = `racer ${run} ${basename(name)}`;
          try {
            await writeFile(name, content, { flag: 'wx' });
            created.set(name, content);
          } catch (err) {
            if (errno(err) !== 'EEXIST') throw err;
          }
        }
      })();
      const out = await restore(fx, {
        config: 'home',
        snapshot: 1,
        paths: [notes()],
        mode: 'keep-both',
      });
      await racer;
      const restored = out.result?.restored[0];
      expect(restored, `run ${run}`).toBeDefined();
      expect(created.has(restored!), `run ${run}: landed on a racer's file`).toBe(false);
      expect(await readFile(restored!, 'utf8'), `run ${run}`).toBe('old notes');
      for (const [path, content] of created)
        expect(await readFile(path, 'utf8'), `run ${run}: ${path}`).toBe(content);
      await Promise.all([...names, restored!].map((p) => rm(p, { force: true })));
    }
    expect(await tempLeftovers(fx.home)).toEqual([]);
  });
});
