import { appendFile, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { EventBus } from '../../../electron/core/api/events';
import { JobRunner } from '../../../electron/core/jobs/job-runner';
import { RestoreServiceImpl } from '../../../electron/core/restore/service';
import { SnapshotLocator } from '../../../electron/core/snapshots/locator';
import { nodeFileSystem } from '../../../electron/backends/restore-fs/node-fs';
import {
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
const doc = () => join(fx.home, 'Documents/report.odt');

beforeEach(async () => {
  fx = await makeFixture();
  await writeTree(fx.home, {
    'Documents/report.odt': 'snapshot version',
    'Documents/other.txt': 'other',
    'Photos/a.jpg': 'A',
    'Photos/b.jpg': 'B',
  });
  await fx.snapper.snapshotNow('home', 'before', SNAPSHOT_TIME);
  await writeTree(fx.home, {
    'Documents/report.odt': 'current version',
    'Photos/a.jpg': 'A edited',
    'Photos/c.jpg': 'C new',
  });
});

afterEach(async () => {
  await fx.remove();
});

async function replace(paths: string[]) {
  const out = await restore(fx, { config: 'home', snapshot: 1, paths, mode: 'replace' });
  expect(out.error).toBeNull();
  return out.result!;
}

describe('replace', () => {
  it('keeps the current version aside, and undo puts it back exactly', async () => {
    const before = await digestTree(fx.home);
    const result = await replace([doc()]);
    const heldAt = join(fx.home, 'Documents/.kairn-replaced', result.undoId!, 'report.odt');
    expect(result).toMatchObject({
      restored: [doc()],
      keptAside: [{ path: doc(), movedTo: heldAt }],
    });
    expect(await readFile(doc(), 'utf8')).toBe('snapshot version');
    expect(await readFile(heldAt, 'utf8')).toBe('current version');
    expect(changedOrLost(before, await digestTree(fx.home), ['Documents/report.odt'])).toEqual([]);

    expect(await fx.service.undo(result.undoId!)).toEqual({ restored: [doc()] });
    expect(await readFile(doc(), 'utf8')).toBe('current version');
    expect(changedOrLost(before, await digestTree(fx.home))).toEqual([]);
    expect(await readdir(join(fx.home, 'Documents'))).not.toContain('.kairn-replaced');
    expect(await readdir(join(fx.stateDir, 'undo'))).toEqual([]);
    await expect(fx.service.undo(result.undoId!)).rejects.toMatchObject({
      code: 'not-found',
      reason: 'undo-not-found',
    });
  });

  it('replaces and undoes whole folders', async () => {
    const before = await digestTree(fx.home);
    const result = await replace([join(fx.home, 'Photos')]);
    expect((await readdir(join(fx.home, 'Photos'))).sort()).toEqual(['a.jpg', 'b.jpg']);
    expect(await readFile(join(fx.home, 'Photos/a.jpg'), 'utf8')).toBe('A');
    await fx.service.undo(result.undoId!);
    expect(changedOrLost(before, await digestTree(fx.home))).toEqual([]);
    expect(await tempLeftovers(fx.home)).toEqual([]);
  });

  it('refuses the undo if the restored file was changed since, and loses neither version', async () => {
    const result = await replace([doc()]);
    await appendFile(doc(), ' + work done after the restore');
    const before = await digestTree(fx.home);
    await expect(fx.service.undo(result.undoId!)).rejects.toMatchObject({
      code: 'busy',
      reason: 'undo-changed-since',
    });
    expect(changedOrLost(before, await digestTree(fx.home))).toEqual([]);
    expect(await readFile(doc(), 'utf8')).toBe('snapshot version + work done after the restore');
  });

  it('refuses the undo if a file inside a restored folder was changed', async () => {
    const result = await replace([join(fx.home, 'Photos')]);
    await writeFile(join(fx.home, 'Photos/b.jpg'), 'B edited after restore');
    await expect(fx.service.undo(result.undoId!)).rejects.toMatchObject({
      reason: 'undo-changed-since',
    });
    expect(await readFile(join(fx.home, 'Photos/b.jpg'), 'utf8')).toBe('B edited after restore');
  });

  it('undo still works after a restart (records are on disk)', async () => {
    const result = await replace([doc()]);
    const jobs = new JobRunner(new EventBus());
    const env = {
      home: fx.home,
      uid: 0,
      gid: 0,
      userName: 't',
      osReleasePath: null,
      stateDir: fx.stateDir,
      demo: false,
    };
    const fresh = new RestoreServiceImpl({
      env,
      locator: new SnapshotLocator(fx.snapper, nodeFileSystem),
      jobs,
      fs: nodeFileSystem,
    });
    expect(await fresh.undo(result.undoId!)).toEqual({ restored: [doc()] });
    expect(await readFile(doc(), 'utf8')).toBe('current version');
  });

  it('puts the old version beside, not over, something new at its place', async () => {
    const result = await replace([doc()]);
    await rm(doc());
    await writeFile(doc(), 'a brand new file');
    await expect(fx.service.undo(result.undoId!)).rejects.toMatchObject({
      reason: 'undo-changed-since',
    });
    // The user removes the new file: now the undo goes through and the place is free again.
    await rm(doc());
    expect(await fx.service.undo(result.undoId!)).toEqual({ restored: [doc()] });
    expect(await readFile(doc(), 'utf8')).toBe('current version');
  });

  it('without anything in the way it just restores, with nothing to undo', async () => {
    await mkdir(join(fx.home, 'empty'));
    await rm(join(fx.home, 'Documents/other.txt'));
    const result = await replace([join(fx.home, 'Documents/other.txt')]);
    expect(result).toMatchObject({
      restored: [join(fx.home, 'Documents/other.txt')],
      keptAside: [],
      undoId: null,
    });
  });

  it('rejects malformed undo ids without touching the file system', async () => {
    await expect(fx.service.undo('../../etc/passwd')).rejects.toMatchObject({
      code: 'not-found',
      reason: 'undo-not-found',
    });
  });
});
