import { cp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { SearchMatch } from '../../../shared/schemas/files';
import { nodeFileSystem } from '../../../electron/backends/restore-fs/node-fs';
import type { FileSystemPort } from '../../../electron/core/ports/file-system';
import { SearchWalker, foldName } from '../../../electron/core/files/search-walk';
import { type FilesFixture, makeFilesFixture, rejection, writeTree } from './fixture';

let fx: FilesFixture;
beforeEach(async () => {
  fx = await makeFilesFixture();
});
afterEach(async () => {
  await fx.remove();
});

async function search(query: string) {
  const jobId = await fx.service.search({ config: 'home', query });
  const job = await fx.jobs.wait(jobId);
  const batches = fx.found.filter((b) => b.jobId === jobId);
  return { job, batches, matches: batches.flatMap((b) => b.matches) };
}

const byPath = (matches: SearchMatch[]) => new Map(matches.map((m) => [m.path, m]));

describe('files.search', () => {
  it('finds names across now and every snapshot, each path once at its newest point', async () => {
    await writeTree(fx.home, {
      'Docs/Report 2024.odt': 'r',
      'Docs/other.txt': 'o',
      'old-report.txt': 'x',
    });
    await fx.snapper.snapshotNow('home');
    await writeTree(fx.home, { 'Docs/REPORT-final.odt': 'f' });
    await fx.snapper.snapshotNow('home');
    await rm(join(fx.home, 'old-report.txt'));
    await rm(join(fx.home, 'Docs/REPORT-final.odt'));
    const { job, matches } = await search('report');
    expect(job.state).toBe('done');
    expect(job.finished?.result).toEqual({ matches: 3, snapshotsSearched: 2 });
    expect(matches).toHaveLength(3);
    const found = byPath(matches);
    expect(found.get(join(fx.home, 'Docs/Report 2024.odt'))).toMatchObject({
      snapshot: 0,
      deletedSince: false,
      kind: 'file',
    });
    expect(found.get(join(fx.home, 'Docs/REPORT-final.odt'))).toMatchObject({
      snapshot: 2,
      deletedSince: true,
      date: '2026-11-01T11:00:00.000Z',
    });
    expect(found.get(join(fx.home, 'old-report.txt'))).toMatchObject({
      snapshot: 2,
      deletedSince: true,
    });
  });

  it('matches regardless of case and of how accents are encoded', async () => {
    await writeTree(fx.home, { 'Café Menu.txt': 'c' });
    for (const query of ['café', 'CAFE\u0301', 'cafe\u0301 m']) {
      const { matches } = await search(query);
      expect(matches.map((m) => m.path)).toEqual([join(fx.home, 'Café Menu.txt')]);
    }
    expect(foldName('ÄRGER')).toBe(foldName('a\u0308rger'));
  });

  it('never follows links, and skips unreadable folders', async () => {
    await writeTree(fx.base, { 'outside/match-secret.txt': 's' });
    await symlink(join(fx.base, 'outside'), join(fx.home, 'match-link'));
    await writeTree(fx.home, { 'locked/match-hidden.txt': 'h', 'open/match-ok.txt': 'k' });
    const locked = join(fx.home, 'locked');
    fx.faulty.plan = { eacces: (op, path) => op === 'readdir' && path === locked };
    const { job, matches } = await search('match');
    expect(job.state).toBe('done');
    expect(matches.map((m) => [m.path.slice(fx.home.length), m.kind]).sort()).toEqual([
      ['/match-link', 'symlink'],
      ['/open/match-ok.txt', 'file'],
    ]);
  });

  it('streams matches in batches of at most 200', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 450; i += 1) files[`many/hit-${i}.txt`] = '';
    await writeTree(fx.home, files);
    await fx.snapper.snapshotNow('home');
    const { batches, matches } = await search('HIT-');
    expect(batches.length).toBeGreaterThanOrEqual(3);
    expect(batches.every((b) => b.matches.length <= 200)).toBe(true);
    expect(new Set(matches.map((m) => m.path)).size).toBe(450);
    expect(matches.every((m) => m.snapshot === 0)).toBe(true);
  });

  it('stops when cancelled', async () => {
    await writeTree(fx.home, { 'a/b/c/target.txt': 't' });
    await fx.snapper.snapshotNow('home');
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const reached = new Promise<void>((resolve) => (entered = resolve));
    fx.beforeReaddir = async () => {
      entered();
      await held;
    };
    const jobId = await fx.service.search({ config: 'home', query: 'target' });
    await reached;
    expect(fx.jobs.cancel(jobId)).toBe(true);
    release();
    const job = await fx.jobs.wait(jobId);
    expect(job.state).toBe('cancelled');
    expect(job.finished?.error?.code).toBe('cancelled');
    expect(fx.found.filter((b) => b.jobId === jobId).flatMap((b) => b.matches)).toEqual([]);
  });

  it('refuses up front: unknown config, missing snapper, unreadable snapshots', async () => {
    expect(await rejection(fx.service.search({ config: 'nope', query: 'x' }))).toMatchObject({
      code: 'not-found',
    });
    await writeFile(join(fx.home, 'a'), 'a');
    await fx.snapper.snapshotNow('home');
    const snapshots = join(fx.home, '.snapshots');
    fx.faulty.plan = { eacces: (_op, path) => path.startsWith(snapshots) };
    expect(await rejection(fx.service.search({ config: 'home', query: 'a' }))).toMatchObject({
      code: 'access-denied',
      reason: 'snapshots-unreadable',
    });
    fx.snapper.fault = 'missing';
    expect(await rejection(fx.service.search({ config: 'home', query: 'a' }))).toMatchObject({
      code: 'service-missing',
    });
  });
});

describe('SearchWalker', () => {
  /**
   * btrfs snapshots keep ino, mtime and ctime of untouched folders; copies on ext4 do not. This
   * fs reports each folder's stamp by its path below the tree root, from a table the test controls.
   */
  function stampedFs(stamps: Map<string, bigint>, reads: string[]): FileSystemPort {
    const lstat = (async (path: string, opts?: { bigint?: boolean }) => {
      const st = await nodeFileSystem.lstat(path, { bigint: true });
      const rel = path.replace(/^.*?\/tree-[ab]/, '');
      const stamp = stamps.get(rel);
      return opts?.bigint && stamp !== undefined
        ? Object.assign(st, { ino: stamp, mtimeNs: stamp, ctimeNs: stamp })
        : st;
    }) as FileSystemPort['lstat'];
    const readdir = (async (path: string, opts: never) => {
      reads.push(path.replace(/^.*?\/tree-/, ''));
      return nodeFileSystem.readdir(path, opts);
    }) as FileSystemPort['readdir'];
    return { ...nodeFileSystem, lstat, readdir };
  }

  it('does not re-read a folder unchanged since a newer point, but still visits its subfolders', async () => {
    const a = join(fx.base, 'tree-a');
    const b = join(fx.base, 'tree-b');
    await writeTree(a, { 'keep/x-1.txt': '', 'keep/sub/x-2.txt': '' });
    await cp(a, b, { recursive: true });
    await writeFile(join(b, 'keep/sub/x-old.txt'), '');
    await mkdir(join(b, 'keep/sub/deeper'));
    const stamps = new Map<string, bigint>([
      ['', 1n],
      ['/keep', 2n],
    ]);
    const reads: string[] = [];
    const walker = new SearchWalker(stampedFs(stamps, reads), 'x-', new AbortController().signal);
    const found: string[] = [];
    await walker.walk(a, (rel) => found.push(`a${rel}`));
    await walker.walk(b, (rel) => found.push(`b${rel}`));
    expect(reads.filter((r) => r.startsWith('b'))).toEqual(['b/keep/sub', 'b/keep/sub/deeper']);
    expect(found.sort()).toEqual([
      'a/keep/sub/x-2.txt',
      'a/keep/x-1.txt',
      'b/keep/sub/x-2.txt',
      'b/keep/sub/x-old.txt',
    ]);
    expect(walker.foldersReused).toBe(2);
  });
});
