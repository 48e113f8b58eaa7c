import { randomBytes } from 'node:crypto';
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { nodeFileSystem } from '../../../electron/backends/restore-fs/node-fs';
import { RestoreServiceImpl } from '../../../electron/core/restore/service';
import { SnapshotLocator } from '../../../electron/core/snapshots/locator';
import { FaultyFs } from '../../fakes/faulty-fs';
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
let faulty: FaultyFs;
let before: Map<string, string>;
const KB64 = () => randomBytes(64 * 1024);

beforeEach(async () => {
  faulty = new FaultyFs(nodeFileSystem);
  fx = await makeFixture(faulty.fs);
  await writeTree(fx.home, {
    'Music/a.flac': KB64(),
    'Music/b.flac': KB64(),
    'Music/c.flac': KB64(),
    'Music/d.flac': KB64(),
    'Video/big.mkv': randomBytes(20 * 1024 * 1024),
    'note.txt': 'snapshot note',
    'Old/deep/x.txt': 'x',
  });
  await fx.snapper.snapshotNow('home', 'x', SNAPSHOT_TIME);
  await writeFile(join(fx.home, 'note.txt'), 'current note');
  await rm(join(fx.home, 'Old'), { recursive: true });
  before = await digestTree(fx.home);
});

afterEach(async () => {
  await fx.remove();
});

/** The promise resolves with the job id as soon as restore.start answered. */
function startAndKeepId(params: Parameters<RestoreServiceImpl['start']>[0]) {
  let resolveId: (id: string) => void = () => {};
  const id = new Promise<string>((resolve) => (resolveId = resolve));
  const started = fx.service.start(params).then((jobId) => (resolveId(jobId), jobId));
  return { id, started };
}

async function expectNothingChanged(): Promise<void> {
  expect(changedOrLost(before, await digestTree(fx.home))).toEqual([]);
  expect(await tempLeftovers(fx.home)).toEqual([]);
  // The job's journal goes with it (failed or cancelled alike).
  expect(
    (await readdir(join(fx.stateDir, 'restore-journal')).catch(() => [])).filter((n) =>
      n.endsWith('.json'),
    ),
  ).toEqual([]);
  // The job created Old/ and Old/deep/ for x.txt; they must be gone again.
  expect(await readdir(fx.home)).not.toContain('Old');
}

const music = () => join(fx.home, 'Music');
const deepFile = () => join(fx.home, 'Old/deep/x.txt');

describe('restore under faults', () => {
  it('disk full halfway through a folder: failed with no-space, nothing changed, no temp files', async () => {
    faulty.plan = { enospcAfterBytes: 150 * 1024 };
    const out = await restore(fx, {
      config: 'home',
      snapshot: 1,
      paths: [deepFile(), music()],
      mode: 'keep-both',
    });
    expect(out.state).toBe('failed');
    expect(out.error).toMatchObject({ code: 'no-space' });
    expect(faulty.bytesWritten).toBe(150 * 1024);
    await expectNothingChanged();
  });

  it('disk full in the middle of a big byte-copied file', async () => {
    faulty.plan = { enospcAtWrite: 3 };
    const out = await restore(fx, {
      config: 'home',
      snapshot: 1,
      paths: [join(fx.home, 'Video/big.mkv')],
      mode: 'keep-both',
    });
    expect(out.error).toMatchObject({ code: 'no-space' });
    await expectNothingChanged();
  });

  it('cancel halfway: cancelled, nothing changed, no temp files', async () => {
    const { id, started } = startAndKeepId({
      config: 'home',
      snapshot: 1,
      paths: [deepFile(), music(), join(fx.home, 'Video')],
      mode: 'keep-both',
    });
    faulty.plan = {
      beforeWrite: async ({ n }) => {
        if (n === 3) fx.jobs.cancel(await id);
      },
    };
    const snap = await fx.jobs.wait(await started);
    expect(snap.state).toBe('cancelled');
    expect(snap.finished?.error?.code).toBe('cancelled');
    await expectNothingChanged();
  });

  it('cancel inside one big file stops between chunks', async () => {
    const { id, started } = startAndKeepId({
      config: 'home',
      snapshot: 1,
      paths: [join(fx.home, 'Video/big.mkv')],
      mode: 'keep-both',
    });
    faulty.plan = {
      beforeWrite: async ({ op, n }) => {
        if (op === 'write' && n === 2) fx.jobs.cancel(await id);
      },
    };
    const snap = await fx.jobs.wait(await started);
    expect(snap.state).toBe('cancelled');
    expect(faulty.writes).toBeLessThan(5);
    await expectNothingChanged();
  });

  it('a crash between copy and placing it leaves no half file at the final name', async () => {
    // A file is put in place with link() (never replaces), so the first link is the placing.
    faulty.plan = { crashAt: { op: 'link', nth: 1 } };
    const note = join(fx.home, 'note.txt');
    const out = await restore(fx, {
      config: 'home',
      snapshot: 1,
      paths: [note],
      mode: 'keep-both',
    });
    expect(out.state).toBe('failed');
    expect(await readdir(fx.home)).not.toContain(`note (${LABEL}).txt`);
    expect(changedOrLost(before, await digestTree(fx.home))).toEqual([]);
    // What a crash leaves is one complete, hidden temp copy, never a visible partial file.
    const left = await tempLeftovers(fx.home);
    expect(left.map((p) => basename(p).startsWith('.note.txt.kairn-tmp-'))).toEqual([true]);
    expect(await readFile(left[0]!, 'utf8')).toBe('snapshot note');
  });

  it('a crash right after a replace moved the current file aside is undoable after restart', async () => {
    // Renames of a replace: 1 = journal, 2 = undo record, 3 = current file aside; then link = restored copy into place.
    faulty.plan = { crashAt: { op: 'link', nth: 1 } };
    const note = join(fx.home, 'note.txt');
    const out = await restore(fx, { config: 'home', snapshot: 1, paths: [note], mode: 'replace' });
    expect(out.state).toBe('failed');
    const undoFiles = (await readdir(join(fx.stateDir, 'undo'))).filter((n) => n.endsWith('.json'));
    expect(undoFiles).toHaveLength(1);
    const env = {
      home: fx.home,
      uid: 0,
      gid: 0,
      userName: 't',
      osReleasePath: null,
      stateDir: fx.stateDir,
      demo: false,
    };
    const restarted = new RestoreServiceImpl({
      env,
      locator: new SnapshotLocator(fx.snapper, nodeFileSystem),
      jobs: fx.jobs,
      fs: nodeFileSystem,
    });
    expect(await restarted.undo(undoFiles[0]!.replace('.json', ''))).toEqual({ restored: [note] });
    expect(await readFile(note, 'utf8')).toBe('current note');
  });

  it('if the restored copy cannot be put in place, a replace puts the current file back', async () => {
    faulty.plan = {
      eacces: (op, path) => op === 'link' && basename(path).startsWith('.note.txt.kairn-tmp-'),
    };
    const out = await restore(fx, {
      config: 'home',
      snapshot: 1,
      paths: [join(fx.home, 'note.txt')],
      mode: 'replace',
    });
    expect(out.error).toMatchObject({ code: 'access-denied', reason: 'dest-not-writable' });
    expect(await readFile(join(fx.home, 'note.txt'), 'utf8')).toBe('current note');
    await expectNothingChanged();
    expect(await readdir(fx.home)).not.toContain('.kairn-replaced');
  });

  it('something appearing at the name during the copy is never overwritten', async () => {
    const target = join(fx.home, 'Old/deep/x.txt');
    faulty.plan = { beforeWrite: () => writeFile(target, 'made by another program meanwhile') };
    const out = await restore(fx, {
      config: 'home',
      snapshot: 1,
      paths: [deepFile()],
      mode: 'keep-both',
    });
    expect(out.result?.restored).toEqual([join(fx.home, `Old/deep/x (${LABEL}).txt`)]);
    expect(await readFile(target, 'utf8')).toBe('made by another program meanwhile');
  });

  it('an unreadable file in the snapshot: access-denied naming it, nothing changed', async () => {
    const secret = join(fx.inSnapshot(1, music()), 'c.flac');
    faulty.plan = { eacces: (op, path) => path === secret && op !== 'lstat' };
    const out = await restore(fx, {
      config: 'home',
      snapshot: 1,
      paths: [deepFile(), music()],
      mode: 'keep-both',
    });
    expect(out.error).toMatchObject({
      code: 'access-denied',
      reason: 'some-unreadable',
      items: [{ path: join(music(), 'c.flac'), why: 'unreadable' }],
    });
    expect(out.error?.message).toMatch(/^1 item cannot be read with your permissions/);
    await expectNothingChanged();
  });

  it('with skipUnreadable, the rest is restored and the unreadable file is named', async () => {
    const secret = join(fx.inSnapshot(1, music()), 'c.flac');
    faulty.plan = { eacces: (op, path) => path === secret && op !== 'lstat' };
    const out = await restore(fx, {
      config: 'home',
      snapshot: 1,
      paths: [music()],
      mode: 'keep-both',
      skipUnreadable: true,
    });
    const restored = join(fx.home, `Music (${LABEL})`);
    expect(out.result).toMatchObject({
      restored: [restored],
      skipped: [{ path: join(music(), 'c.flac'), why: 'unreadable' }],
    });
    expect((await readdir(restored)).sort()).toEqual(['a.flac', 'b.flac', 'd.flac']);
    expect(changedOrLost(before, await digestTree(fx.home))).toEqual([]);
  });

  it('an unreadable snapshots folder gets its own reason, refused at start', async () => {
    const snapshots = join(fx.home, '.snapshots');
    faulty.plan = { eacces: (_op, path) => path.startsWith(snapshots) };
    await expect(
      fx.service.start({ config: 'home', snapshot: 1, paths: [music()], mode: 'keep-both' }),
    ).rejects.toMatchObject({
      code: 'access-denied',
      reason: 'snapshots-unreadable',
    });
  });

  it('a destination folder that may not be written: access-denied, nothing changed', async () => {
    faulty.plan = { eacces: (op, path) => op === 'copyFile' && path.startsWith(music()) };
    const out = await restore(fx, {
      config: 'home',
      snapshot: 1,
      paths: [join(music(), 'a.flac')],
      mode: 'keep-both',
    });
    expect(out.error).toMatchObject({ code: 'access-denied', reason: 'dest-not-writable' });
    await expectNothingChanged();
  });
});
