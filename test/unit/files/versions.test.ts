import { chmod, mkdir, rename, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { realpathSync } from 'node:fs';

import { nodeFileSystem } from '../../../electron/backends/restore-fs/node-fs';
import { FilesServiceImpl } from '../../../electron/core/files/service';
import {
  type VersionSample,
  collapseVersions,
  indicesNeedingContent,
} from '../../../electron/core/files/versions';
import type { FileSystemPort } from '../../../electron/core/ports/file-system';
import { type FilesFixture, makeFilesFixture, rejection, writeTree } from './fixture';

/**
 * The real fs, except that each `<snapshots>/N/snapshot` reports a device of its own (as a btrfs
 * subvolume does) for everything that really lies inside it. Records realpath calls.
 */
function subvolumeLikeFs(snapshots: string, realpaths: string[]): FileSystemPort {
  const lstat = (async (path: string, opts?: { bigint?: boolean }) => {
    if (!opts?.bigint) return nodeFileSystem.lstat(path);
    const st = await nodeFileSystem.lstat(path, { bigint: true });
    const real = join(realpathSync(join(path, '..')), path.split('/').at(-1) ?? '');
    const m = /^(.*\/\.snapshots\/(\d+)\/snapshot)(\/|$)/.exec(real);
    if (m && real.startsWith(snapshots)) st.dev = 1000n + BigInt(m[2] ?? 0);
    return st;
  }) as FileSystemPort['lstat'];
  const realpath = (async (path: string) => {
    realpaths.push(path);
    return nodeFileSystem.realpath(path);
  }) as FileSystemPort['realpath'];
  return { ...nodeFileSystem, lstat, realpath };
}

function sample(snapshot: number, over: Partial<VersionSample> = {}): VersionSample {
  return {
    snapshot,
    date: `2026-11-0${snapshot}T00:00:00.000Z`,
    present: true,
    kind: 'file',
    size: 4,
    mtimeNs: 100n,
    ctimeNs: 200n,
    ...over,
  };
}

describe('collapseVersions (pure)', () => {
  it('compares the targets of two links even when size, mtime and ctime are all equal', () => {
    // Two links of the same length made within one clock tick carry identical metadata.
    const link = { kind: 'symlink' as const, size: 3 };
    const samples = [sample(1, link), sample(2, link)];
    expect([...indicesNeedingContent(samples)]).toEqual([0, 1]);
    const runs = collapseVersions(
      samples,
      new Map([
        [0, 'link:one'],
        [1, 'link:two'],
      ]),
    );
    expect(runs).toEqual([
      { first: 0, last: 0 },
      { first: 1, last: 1 },
    ]);
  });

  it('collapses equal (size, mtime, ctime) without looking at contents', () => {
    const samples = [sample(1), sample(2), sample(3)];
    expect(indicesNeedingContent(samples).size).toBe(0);
    expect(collapseVersions(samples, new Map())).toEqual([{ first: 0, last: 2 }]);
  });

  it('uses contents only when size and mtime match but ctime differs', () => {
    const samples = [
      sample(1),
      sample(2, { ctimeNs: 300n }),
      sample(3, { ctimeNs: 400n }),
      sample(4, { mtimeNs: 999n, ctimeNs: 500n }),
    ];
    expect([...indicesNeedingContent(samples)].sort()).toEqual([0, 1, 2]);
    const contents = new Map([
      [0, 'h1'],
      [1, 'h1'],
      [2, 'h2'],
    ]);
    expect(collapseVersions(samples, contents)).toEqual([
      { first: 0, last: 1 },
      { first: 2, last: 2 },
      { first: 3, last: 3 },
    ]);
  });

  it('keeps versions apart when contents are unknown, and when the item was missing in between', () => {
    expect(
      collapseVersions(
        [sample(1), sample(2, { ctimeNs: 1n })],
        new Map([
          [0, null],
          [1, null],
        ]),
      ),
    ).toHaveLength(2);
    expect(
      collapseVersions([sample(1), sample(2, { present: false }), sample(3)], new Map()),
    ).toEqual([
      { first: 0, last: 0 },
      { first: 2, last: 2 },
    ]);
    expect(collapseVersions([sample(1, { present: false })], new Map())).toEqual([]);
  });
});

let fx: FilesFixture;
beforeEach(async () => {
  fx = await makeFilesFixture();
});
afterEach(async () => {
  await fx.remove();
});

const T1 = new Date(Date.UTC(2026, 9, 1, 12));
const T2 = new Date(Date.UTC(2026, 9, 2, 12));
const T3 = new Date(Date.UTC(2026, 9, 3, 12));
const versions = (name: string) => fx.service.versions('home', join(fx.home, name));
const spans = async (name: string) =>
  (await versions(name)).versions.map((v) => [v.snapshot, v.lastSnapshot, v.sameAsCurrent]);

describe('files.versions', () => {
  it('shows an unchanged file once, as the current version', async () => {
    await writeTree(fx.home, { 'a.txt': 'same' }, T1);
    for (let i = 0; i < 3; i += 1) await fx.snapper.snapshotNow('home');
    const result = await versions('a.txt');
    expect(result.current).toEqual({ exists: true, size: 4, mtime: T1.toISOString() });
    expect(result.versions).toEqual([
      {
        snapshot: 1,
        date: '2026-11-01T10:00:00.000Z',
        lastSnapshot: 3,
        size: 4,
        mtime: T1.toISOString(),
        kind: 'file',
        sameAsCurrent: true,
      },
    ]);
  });

  it('counts a new modification time as a new version, without reading contents', async () => {
    await writeTree(fx.home, { 'a.txt': 'same' }, T1);
    await fx.snapper.snapshotNow('home');
    await utimes(join(fx.home, 'a.txt'), T2, T2);
    await fx.snapper.snapshotNow('home');
    await utimes(join(fx.home, 'a.txt'), T3, T3);
    fx.faulty.calls.clear();
    expect(await spans('a.txt')).toEqual([
      [1, 1, false],
      [2, 2, false],
    ]);
    expect(fx.faulty.calls.get('open') ?? 0).toBe(0);
  });

  it('tells same size and date apart by contents, and merges a mere permission change', async () => {
    await writeTree(fx.home, { 'a.txt': 'aaaa', 'b.txt': 'bbbb' }, T1);
    await fx.snapper.snapshotNow('home');
    await writeTree(fx.home, { 'a.txt': 'AAAA' }, T1);
    await chmod(join(fx.home, 'b.txt'), 0o600);
    await fx.snapper.snapshotNow('home');
    expect(await spans('a.txt')).toEqual([
      [1, 1, false],
      [2, 2, true],
    ]);
    expect(await spans('b.txt')).toEqual([[1, 2, true]]);
  });

  it('starts a new version when a file was deleted and created again', async () => {
    await writeTree(fx.home, { 'a.txt': 'same' }, T1);
    await fx.snapper.snapshotNow('home');
    await rm(join(fx.home, 'a.txt'));
    await fx.snapper.snapshotNow('home');
    await writeTree(fx.home, { 'a.txt': 'same' }, T1);
    await fx.snapper.snapshotNow('home');
    await rm(join(fx.home, 'a.txt'));
    const result = await versions('a.txt');
    expect(result.current).toEqual({ exists: false, size: 0, mtime: null });
    expect(result.versions.map((v) => [v.snapshot, v.lastSnapshot, v.sameAsCurrent])).toEqual([
      [1, 1, false],
      [3, 3, false],
    ]);
  });

  it('follows link targets as versions of a link', async () => {
    await symlink('one', join(fx.home, 'link'));
    await fx.snapper.snapshotNow('home');
    await rm(join(fx.home, 'link'));
    await symlink('two', join(fx.home, 'link'));
    await fx.snapper.snapshotNow('home');
    const result = await versions('link');
    expect(result.versions.map((v) => [v.snapshot, v.kind])).toEqual([
      [1, 'symlink'],
      [2, 'symlink'],
    ]);
  });

  it('never reads through a folder that was a link leading out of the snapshot', async () => {
    await writeTree(fx.home, { 'Docs/a.txt': 'mine' }, T1);
    await writeTree(fx.base, { 'outside/a.txt': 'not mine at all' }, T2);
    await fx.snapper.snapshotNow('home');
    await rename(join(fx.home, 'Docs'), join(fx.home, 'Docs.moved'));
    await symlink(join(fx.base, 'outside'), join(fx.home, 'Docs'));
    await fx.snapper.snapshotNow('home');
    await rm(join(fx.home, 'Docs'));
    await rename(join(fx.home, 'Docs.moved'), join(fx.home, 'Docs'));
    await fx.snapper.snapshotNow('home');
    // Snapshot 2 is skipped (its Docs leads out); 1 and 3 hold the same bytes as now but with a gap.
    expect(await spans('Docs/a.txt')).toEqual([
      [1, 1, true],
      [3, 3, true],
    ]);
  });

  it('trusts a snapshot that is a device of its own instead of realpath, and still refuses a link leading out', async () => {
    await writeTree(fx.home, { 'Docs/a.txt': 'mine' }, T1);
    await writeTree(fx.base, { 'outside/a.txt': 'not mine at all' }, T2);
    await fx.snapper.snapshotNow('home');
    await rename(join(fx.home, 'Docs'), join(fx.home, 'Docs.moved'));
    await symlink(join(fx.base, 'outside'), join(fx.home, 'Docs'));
    await fx.snapper.snapshotNow('home');
    await rm(join(fx.home, 'Docs'));
    await rename(join(fx.home, 'Docs.moved'), join(fx.home, 'Docs'));
    for (let i = 0; i < 8; i += 1) await fx.snapper.snapshotNow('home');
    const realpaths: string[] = [];
    const service = new FilesServiceImpl({
      ...fx.deps,
      fs: subvolumeLikeFs(join(fx.home, '.snapshots'), realpaths),
    });
    const result = await service.versions('home', join(fx.home, 'Docs/a.txt'));
    expect(result.versions.map((v) => [v.snapshot, v.lastSnapshot])).toEqual([
      [1, 1],
      [3, 10],
    ]);
    // One realpath of .snapshots, the full check for snapshot 2 only; none for the other nine.
    expect(realpaths.length).toBeLessThanOrEqual(3);
    expect(realpaths.every((p) => !p.includes('/.snapshots/5/'))).toBe(true);
  });

  it('returns no versions for something that never existed', async () => {
    await mkdir(join(fx.home, 'x'));
    await fx.snapper.snapshotNow('home');
    expect(await versions('x/none.txt')).toEqual({
      path: join(fx.home, 'x/none.txt'),
      current: { exists: false, size: 0, mtime: null },
      versions: [],
    });
  });

  it('says snapshots-unreadable when .snapshots is closed to the user', async () => {
    await writeFile(join(fx.home, 'a.txt'), 'a');
    await fx.snapper.snapshotNow('home');
    const snapshots = join(fx.home, '.snapshots');
    fx.faulty.plan = { eacces: (_op, path) => path.startsWith(snapshots) };
    expect(await rejection(versions('a.txt'))).toMatchObject({
      code: 'access-denied',
      reason: 'snapshots-unreadable',
    });
  });
});
