import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { nodeFileSystem } from '../../../electron/backends/restore-fs/node-fs';
import { FaultyFs, type FsOp } from '../../fakes/faulty-fs';
import {
  SNAPSHOT_TIME,
  changedOrLost,
  digestTree,
  type Fixture,
  makeFixture,
  writeTree,
} from './helpers';

const WRITES: FsOp[] = [
  'mkdir',
  'copyFile',
  'rename',
  'writeFile',
  'symlink',
  'open',
  'unlink',
  'rm',
  'rmdir',
  'chmod',
  'utimes',
  'setXattr',
];

let fx: Fixture;
let spy: FaultyFs;
let before: Map<string, string>;
let events: string[];

beforeEach(async () => {
  spy = new FaultyFs(nodeFileSystem);
  fx = await makeFixture(spy.fs);
  await writeTree(fx.home, { 'Documents/report.odt': 'r', 'a-file': 'not a folder' });
  await mkdir(join(fx.home, 'inside'));
  await symlink('/etc', join(fx.home, 'link-out'));
  await symlink(join(fx.home, 'Documents'), join(fx.home, 'link-in'));
  await fx.snapper.snapshotNow('home', 'x', SNAPSHOT_TIME);
  before = await digestTree(fx.base);
  events = [];
  fx.events.subscribe((event) => events.push(event));
});

afterEach(async () => {
  // Refused before any write: no job, no write call, nothing on disk changed.
  expect(events).toEqual([]);
  expect(WRITES.filter((op) => (spy.calls.get(op) ?? 0) > 0)).toEqual([]);
  expect(changedOrLost(before, await digestTree(fx.base))).toEqual([]);
  await fx.remove();
});

function start(
  paths: string[],
  extra: {
    snapshot?: number;
    config?: string;
    mode?: 'keep-both' | 'replace' | 'to';
    dest?: string;
  } = {},
) {
  const { snapshot = 1, config = 'home', mode = 'keep-both', dest } = extra;
  return fx.service.start({ config, snapshot, paths, mode, ...(dest ? { dest } : {}) });
}

describe('restore.start refuses bad requests before anything is written', () => {
  it('`..` escaping the folder', async () => {
    await expect(start([`${fx.home}/Documents/../../../etc/passwd`])).rejects.toMatchObject({
      code: 'invalid-input',
      reason: 'path-escape',
    });
  });

  it('a path outside the subvolume', async () => {
    await expect(start(['/etc/passwd'])).rejects.toMatchObject({
      code: 'invalid-input',
      reason: 'path-outside-home',
    });
  });

  it('the snapshots folder itself', async () => {
    await expect(start([join(fx.home, '.snapshots/1/snapshot/a-file')])).rejects.toMatchObject({
      code: 'invalid-input',
      reason: 'path-outside-home',
    });
  });

  it('a symlinked parent that points outside the snapshot', async () => {
    await expect(start([join(fx.home, 'link-out/passwd')])).rejects.toMatchObject({
      code: 'invalid-input',
      reason: 'symlink-outside',
    });
    await expect(start([join(fx.home, 'link-in/report.odt')])).rejects.toMatchObject({
      code: 'invalid-input',
      reason: 'symlink-outside',
    });
  });

  it('a snapshot or config that does not exist', async () => {
    await expect(start([join(fx.home, 'a-file')], { snapshot: 7 })).rejects.toMatchObject({
      code: 'not-found',
      reason: 'snapshot-missing',
    });
    await expect(start([join(fx.home, 'a-file')], { config: 'nope' })).rejects.toMatchObject({
      code: 'not-found',
      reason: 'config-missing',
    });
  });

  it('an item that was not there at that time', async () => {
    await expect(start([join(fx.home, 'Documents/not-there.odt')])).rejects.toMatchObject({
      code: 'not-found',
      reason: 'file-missing',
    });
  });

  it('a destination that is not a folder', async () => {
    const paths = [join(fx.home, 'Documents/report.odt')];
    await expect(start(paths, { mode: 'to', dest: join(fx.home, 'a-file') })).rejects.toMatchObject(
      { code: 'invalid-input', reason: 'dest-not-folder' },
    );
    await expect(
      start(paths, { mode: 'to', dest: join(fx.base, 'missing') }),
    ).rejects.toMatchObject({ code: 'invalid-input', reason: 'dest-not-folder' });
  });

  it('a live parent that is now a file', async () => {
    await rm(join(fx.home, 'Documents'), { recursive: true });
    await writeFile(join(fx.home, 'Documents'), 'now a file');
    before = await digestTree(fx.base);
    await expect(start([join(fx.home, 'Documents/report.odt')])).rejects.toMatchObject({
      code: 'invalid-input',
      reason: 'dest-not-folder',
    });
  });

  it('the whole home beside itself', async () => {
    await expect(start([fx.home])).rejects.toMatchObject({
      code: 'invalid-input',
      reason: 'restore-whole-home',
    });
    await expect(start([fx.home], { mode: 'replace' })).rejects.toMatchObject({
      code: 'invalid-input',
      reason: 'restore-whole-home',
    });
  });
});
