import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { JobProgress } from '../../../shared/schemas/jobs';
import {
  LABEL,
  SNAPSHOT_TIME,
  changedOrLost,
  digestTree,
  type Fixture,
  makeFixture,
  restore,
  tempLeftovers,
  writeTree,
} from './helpers';

let fx: Fixture;

beforeEach(async () => {
  fx = await makeFixture();
  await writeTree(fx.home, {
    'Documents/report.odt': 'version from the snapshot',
    'notes.txt': 'old notes',
    '.bashrc': 'old rc',
  });
  await fx.snapper.snapshotNow('home', 'before', SNAPSHOT_TIME);
  await writeTree(fx.home, {
    'Documents/report.odt': 'edited today',
    'notes.txt': 'new notes',
    '.bashrc': 'new rc',
  });
});

afterEach(async () => {
  await fx.remove();
});

describe('restore, keep both (the default)', () => {
  it('writes the snapshot copy beside the current file and changes nothing else', async () => {
    const before = await digestTree(fx.home);
    const out = await restore(fx, {
      config: 'home',
      snapshot: 1,
      paths: [join(fx.home, 'Documents/report.odt')],
      mode: 'keep-both',
    });
    expect(out.state).toBe('done');
    const expected = join(fx.home, 'Documents', `report (${LABEL}).odt`);
    expect(out.result).toMatchObject({
      restored: [expected],
      keptAside: [],
      undoId: null,
      files: 1,
      bytes: 25,
    });
    expect(await readFile(expected, 'utf8')).toBe('version from the snapshot');
    expect(changedOrLost(before, await digestTree(fx.home))).toEqual([]);
    expect(await tempLeftovers(fx.home)).toEqual([]);
  });

  it("names the copy with the caller's label (the user's language), extension last", async () => {
    const label = 'wiederhergestellt vom Di., 3. Nov. 14.00';
    const out = await restore(fx, {
      config: 'home',
      snapshot: 1,
      paths: [join(fx.home, 'Documents/report.odt')],
      mode: 'keep-both',
      label,
    });
    expect(out.result?.restored).toEqual([join(fx.home, 'Documents', `report (${label}).odt`)]);
    expect(await readFile(join(fx.home, 'Documents', `report (${label}).odt`), 'utf8')).toBe(
      'version from the snapshot',
    );
  });

  it('continues the chain when the restored names are taken too', async () => {
    const path = join(fx.home, 'notes.txt');
    await writeFile(join(fx.home, `notes (${LABEL}).txt`), 'taken 1');
    await writeFile(join(fx.home, `notes (${LABEL}) 2.txt`), 'taken 2');
    const before = await digestTree(fx.home);
    const first = await restore(fx, {
      config: 'home',
      snapshot: 1,
      paths: [path],
      mode: 'keep-both',
    });
    const second = await restore(fx, {
      config: 'home',
      snapshot: 1,
      paths: [path],
      mode: 'keep-both',
    });
    expect(first.result?.restored).toEqual([join(fx.home, `notes (${LABEL}) 3.txt`)]);
    expect(second.result?.restored).toEqual([join(fx.home, `notes (${LABEL}) 4.txt`)]);
    expect(await readFile(join(fx.home, `notes (${LABEL}) 4.txt`), 'utf8')).toBe('old notes');
    expect(changedOrLost(before, await digestTree(fx.home))).toEqual([]);
  });

  it('appends the label to dotfiles', async () => {
    const out = await restore(fx, {
      config: 'home',
      snapshot: 1,
      paths: [join(fx.home, '.bashrc')],
      mode: 'keep-both',
    });
    expect(out.result?.restored).toEqual([join(fx.home, `.bashrc (${LABEL})`)]);
  });

  it('puts a deleted file back under its own name, recreating missing folders', async () => {
    await rm(join(fx.home, 'Documents'), { recursive: true });
    const before = await digestTree(fx.home);
    const out = await restore(fx, {
      config: 'home',
      snapshot: 1,
      paths: [join(fx.home, 'Documents/report.odt')],
      mode: 'keep-both',
    });
    expect(out.result?.restored).toEqual([join(fx.home, 'Documents/report.odt')]);
    expect(await readFile(join(fx.home, 'Documents/report.odt'), 'utf8')).toBe(
      'version from the snapshot',
    );
    const snapMode = (await stat(fx.inSnapshot(1, join(fx.home, 'Documents')))).mode;
    expect((await stat(join(fx.home, 'Documents'))).mode).toBe(snapMode);
    expect(changedOrLost(before, await digestTree(fx.home))).toEqual([]);
  });

  it('restores several items in one job and reports progress up to the total', async () => {
    const progress: JobProgress[] = [];
    fx.events.subscribe((event, payload) => {
      if (event === 'job.progress') progress.push(payload as JobProgress);
    });
    const paths = [join(fx.home, 'notes.txt'), join(fx.home, 'Documents')];
    const out = await restore(fx, { config: 'home', snapshot: 1, paths, mode: 'keep-both' });
    expect(out.result?.restored).toEqual([
      join(fx.home, `notes (${LABEL}).txt`),
      join(fx.home, `Documents (${LABEL})`),
    ]);
    expect(out.result?.files).toBe(2);
    expect(progress.at(-1)).toMatchObject({ done: 3, total: 3, bytesDone: 34, bytesTotal: 34 });
  });
});

describe('restore to another folder', () => {
  it('copies into the chosen folder, with keep-both names if taken', async () => {
    const dest = join(fx.base, 'usb');
    await mkdir(dest);
    await writeFile(join(dest, 'notes.txt'), 'something else');
    const beforeHome = await digestTree(fx.home);
    const beforeDest = await digestTree(dest);
    const paths = [join(fx.home, 'notes.txt'), join(fx.home, 'Documents/report.odt')];
    const out = await restore(fx, { config: 'home', snapshot: 1, paths, mode: 'to', dest });
    expect(out.result?.restored).toEqual([
      join(dest, `notes (${LABEL}).txt`),
      join(dest, 'report.odt'),
    ]);
    expect(await readFile(join(dest, 'report.odt'), 'utf8')).toBe('version from the snapshot');
    expect(changedOrLost(beforeHome, await digestTree(fx.home))).toEqual([]);
    expect(changedOrLost(beforeDest, await digestTree(dest))).toEqual([]);
    expect((await readdir(dest)).sort()).toEqual([
      `notes (${LABEL}).txt`,
      'notes.txt',
      'report.odt',
    ]);
  });

  it('can restore the whole home into another folder, without the snapshots folder', async () => {
    const dest = join(fx.base, 'out');
    await mkdir(dest);
    const out = await restore(fx, {
      config: 'home',
      snapshot: 1,
      paths: [fx.home],
      mode: 'to',
      dest,
    });
    expect(out.result?.restored).toEqual([join(dest, 'home')]);
    expect((await readdir(join(dest, 'home'))).sort()).toEqual([
      '.bashrc',
      'Documents',
      'notes.txt',
    ]);
  });
});
