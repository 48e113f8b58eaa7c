import { mkdir, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { CHANGES_LIMIT, comparePaths } from '../../../electron/core/files/changes';
import { type FilesFixture, makeFilesFixture, rejection, writeTree } from './fixture';

let fx: FilesFixture;
beforeEach(async () => {
  fx = await makeFilesFixture();
});
afterEach(async () => {
  await fx.remove();
});

describe('files.changes', () => {
  it('groups created, modified and deleted, as sorted live paths with kinds', async () => {
    await writeTree(fx.home, { 'Docs/old.txt': 'o', 'Docs/edit.txt': 'e' });
    await fx.snapper.snapshotNow('home');
    await rm(join(fx.home, 'Docs/old.txt'));
    await writeTree(fx.home, {
      'Docs/edit.txt': 'edited',
      'Docs/file10.txt': 'n',
      'Docs/file9.txt': 'n',
    });
    await mkdir(join(fx.home, 'New'));
    fx.snapper.changes = [
      { path: '/Docs/file10.txt', status: 1 },
      { path: '/New', status: 1 },
      { path: '/Docs/file9.txt', status: 1 },
      { path: '/Docs/edit.txt', status: 8 },
      { path: '/Docs', status: 8 | 16 },
      { path: '/Docs/old.txt', status: 2 },
      { path: '/.snapshots/1', status: 1 },
    ];
    const result = await fx.service.changes('home', 1, 0);
    expect(result).toEqual({
      from: 1,
      to: 0,
      created: [
        { path: join(fx.home, 'Docs/file9.txt'), kind: 'file' },
        { path: join(fx.home, 'Docs/file10.txt'), kind: 'file' },
        { path: join(fx.home, 'New'), kind: 'dir' },
      ],
      modified: [
        { path: join(fx.home, 'Docs'), kind: 'dir' },
        { path: join(fx.home, 'Docs/edit.txt'), kind: 'file' },
      ],
      deleted: [{ path: join(fx.home, 'Docs/old.txt'), kind: 'file' }],
      truncated: false,
    });
  });

  it('does not look through a parent that leads out of the snapshot', async () => {
    await writeTree(fx.base, { 'outside/x.txt': 'x' });
    await symlink(join(fx.base, 'outside'), join(fx.home, 'out'));
    await fx.snapper.snapshotNow('home');
    fx.snapper.changes = [{ path: '/out/x.txt', status: 1 }];
    const result = await fx.service.changes('home', 1, 0);
    expect(result.created).toEqual([{ path: join(fx.home, 'out/x.txt'), kind: null }]);
  });

  it('says when the list was cut', async () => {
    await fx.snapper.snapshotNow('home');
    fx.snapper.changes = Array.from({ length: CHANGES_LIMIT + 5 }, (_, i) => ({
      path: `/gone/f${i}`,
      status: 2,
    }));
    const result = await fx.service.changes('home', 1, 0);
    expect(result.truncated).toBe(true);
    expect(result.deleted).toHaveLength(CHANGES_LIMIT);
    expect(result.deleted[0]).toEqual({ path: join(fx.home, 'gone/f0'), kind: null });
    expect(result.deleted[1]?.path).toBe(join(fx.home, 'gone/f1'));
  });

  it('knows unknown snapshots and configs, and a missing snapper', async () => {
    expect(await rejection(fx.service.changes('home', 4, 0))).toMatchObject({
      code: 'not-found',
      reason: 'snapshot-missing',
    });
    expect(await rejection(fx.service.changes('nope', 0, 0))).toMatchObject({
      code: 'not-found',
      reason: 'config-missing',
    });
    fx.snapper.fault = 'missing';
    expect(await rejection(fx.service.changes('home', 1, 0))).toMatchObject({
      code: 'service-missing',
    });
  });
});

describe('comparePaths', () => {
  it('keeps a folder and its items together, in natural order', () => {
    const paths = ['/a b/x', '/a/z', '/a', '/a/y10', '/a/y9', '/B'];
    expect([...paths].sort(comparePaths)).toEqual([
      '/a',
      '/a/y9',
      '/a/y10',
      '/a/z',
      '/a b/x',
      '/B',
    ]);
  });
});
