import { execFileSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdir, rm, symlink, utimes } from 'node:fs/promises';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { SortKey } from '../../../shared/schemas/files';
import { type FilesFixture, makeFilesFixture, rejection, writeTree } from './fixture';

let fx: FilesFixture;
beforeEach(async () => {
  fx = await makeFilesFixture();
});
afterEach(async () => {
  await fx.remove();
});

function list(
  path: string,
  opts: {
    snapshot?: number;
    sort?: SortKey;
    descending?: boolean;
    offset?: number;
    limit?: number;
    showHidden?: boolean;
  } = {},
) {
  return fx.service.list({
    config: 'home',
    snapshot: opts.snapshot ?? 0,
    path,
    sort: opts.sort ?? 'name',
    descending: opts.descending ?? false,
    offset: opts.offset ?? 0,
    limit: opts.limit ?? 200,
    showHidden: opts.showHidden ?? true,
  });
}

async function names(path: string, opts: Parameters<typeof list>[1] = {}): Promise<string[]> {
  return (await list(path, opts)).entries.map((e) => e.name);
}

describe('files.list', () => {
  beforeEach(async () => {
    const day = (d: number) => new Date(Date.UTC(2026, 9, d));
    await writeTree(fx.home, {
      'a10.txt': '1234567890',
      'a2.txt': '12',
      'B.txt': '123',
      'a1.txt': '1',
    });
    await mkdir(join(fx.home, 'folder'));
    await symlink('a1.txt', join(fx.home, 'link'));
    for (const [name, d] of [
      ['a10.txt', 5],
      ['a2.txt', 1],
      ['B.txt', 3],
      ['a1.txt', 4],
      ['folder', 2],
    ] as const) {
      await utimes(join(fx.home, name), day(d), day(d));
    }
  });

  it('sorts by name naturally and case-insensitively, both ways, and pages', async () => {
    expect(await names(fx.home)).toEqual([
      'a1.txt',
      'a2.txt',
      'a10.txt',
      'B.txt',
      'folder',
      'link',
    ]);
    expect(await names(fx.home, { descending: true })).toEqual([
      'link',
      'folder',
      'B.txt',
      'a10.txt',
      'a2.txt',
      'a1.txt',
    ]);
    const page = await list(fx.home, { offset: 2, limit: 2 });
    expect(page).toMatchObject({ path: fx.home, snapshot: 0, total: 6, offset: 2 });
    expect(page.entries.map((e) => e.name)).toEqual(['a10.txt', 'B.txt']);
    expect(await names(fx.home, { offset: 6 })).toEqual([]);
  });

  it('sorts by size, date and kind', async () => {
    // The link's size is the length of its target ('a1.txt': 6).
    expect(await names(fx.home, { sort: 'size' })).toEqual([
      'folder',
      'a1.txt',
      'a2.txt',
      'B.txt',
      'link',
      'a10.txt',
    ]);
    expect(await names(fx.home, { sort: 'size', descending: true, limit: 2 })).toEqual([
      'a10.txt',
      'link',
    ]);
    const byDate = await names(fx.home, { sort: 'mtime' });
    expect(byDate.slice(0, 5)).toEqual(['a2.txt', 'folder', 'B.txt', 'a1.txt', 'a10.txt']);
    expect(await names(fx.home, { sort: 'kind' })).toEqual([
      'folder',
      'a1.txt',
      'a2.txt',
      'a10.txt',
      'B.txt',
      'link',
    ]);
  });

  it('describes each entry: kind, size, date, link target', async () => {
    const entries = (await list(fx.home)).entries;
    const byName = new Map(entries.map((e) => [e.name, e]));
    expect(byName.get('a10.txt')).toEqual({
      name: 'a10.txt',
      kind: 'file',
      size: 10,
      mtime: '2026-10-05T00:00:00.000Z',
      deletedSince: false,
      linkTarget: null,
    });
    expect(byName.get('folder')).toMatchObject({ kind: 'dir', size: 0 });
    expect(byName.get('link')).toMatchObject({ kind: 'symlink', linkTarget: 'a1.txt' });
  });

  it('pages far into a big folder the same as the sorted whole', async () => {
    const dir = join(fx.home, 'many');
    await mkdir(dir);
    for (let i = 0; i < 1500; i += 1) closeSync(openSync(join(dir, `n${(i * 7919) % 1500}`), 'w'));
    const all = Array.from({ length: 1500 }, (_, i) => `n${i}`);
    expect(await names(dir, { offset: 1200, limit: 100 })).toEqual(all.slice(1200, 1300));
    expect(await names(dir, { offset: 0, limit: 50 })).toEqual(all.slice(0, 50));
    expect(await names(dir, { descending: true, offset: 1450, limit: 100 })).toEqual(
      all.slice(0, 50).reverse(),
    );
  });

  it('shows a folder as it was and marks what is gone now', async () => {
    await writeTree(fx.home, { 'Docs/keep.txt': 'k', 'Docs/gone.txt': 'g', 'Old/x.txt': 'x' });
    await fx.snapper.snapshotNow('home');
    await rm(join(fx.home, 'Docs/gone.txt'));
    await rm(join(fx.home, 'Old'), { recursive: true });
    const docs = (await list(join(fx.home, 'Docs'), { snapshot: 1 })).entries;
    expect(docs.map((e) => [e.name, e.deletedSince])).toEqual([
      ['gone.txt', true],
      ['keep.txt', false],
    ]);
    const old = (await list(join(fx.home, 'Old'), { snapshot: 1 })).entries;
    expect(old.map((e) => [e.name, e.deletedSince])).toEqual([['x.txt', true]]);
    const now = (await list(join(fx.home, 'Docs'))).entries;
    expect(now.map((e) => [e.name, e.deletedSince])).toEqual([['keep.txt', false]]);
  });

  it('sees a live folder change at once (the cache checks the folder)', async () => {
    await writeTree(fx.home, { 'C/one': '1' });
    expect(await names(join(fx.home, 'C'))).toEqual(['one']);
    await writeTree(fx.home, { 'C/two': '2' });
    expect(await names(join(fx.home, 'C'))).toEqual(['one', 'two']);
  });

  it("never shows snapper's own .snapshots folder", async () => {
    await fx.snapper.snapshotNow('home');
    expect(await names(fx.home)).not.toContain('.snapshots');
    expect(await names(fx.home, { snapshot: 1 })).not.toContain('.snapshots');
  });

  it('leaves dot names out, uncounted, when hidden files are not asked for (sorted pages too)', async () => {
    await writeTree(fx.home, { '.config/kairn.conf': 'x', '.bashrc': 'x', 'zz.txt': 'x' });
    expect(await names(fx.home)).toContain('.config');
    const page = await list(fx.home, { showHidden: false });
    expect(page.entries.map((e) => e.name)).toEqual([
      'a1.txt',
      'a2.txt',
      'a10.txt',
      'B.txt',
      'folder',
      'link',
      'zz.txt',
    ]);
    expect(page.total).toBe(7);
    expect(
      (
        await list(fx.home, { showHidden: false, sort: 'size', descending: true, limit: 2 })
      ).entries.map((e) => e.name),
    ).toEqual(['a10.txt', 'link']);
    expect(
      (await list(join(fx.home, '.config'), { showHidden: false })).entries.map((e) => e.name),
    ).toEqual(['kairn.conf']);
  });

  it('lists the first page of a 100 000-entry folder', { timeout: 120_000 }, async () => {
    const dir = join(fx.home, 'huge');
    await mkdir(dir);
    execFileSync('sh', ['-c', "seq -f 'f%.0f.txt' 0 99999 | xargs touch"], { cwd: dir });
    const t0 = performance.now();
    const first = await list(dir);
    const t1 = performance.now();
    const again = await list(dir, { offset: 200 });
    const t2 = performance.now();
    const deep = await list(dir, { offset: 50_000, limit: 3 });
    const t3 = performance.now();
    console.log(
      `100k folder: first page ${(t1 - t0).toFixed(0)} ms, second page ${(t2 - t1).toFixed(0)} ms, page at 50 000 ${(t3 - t2).toFixed(0)} ms`,
    );
    expect(first.total).toBe(100_000);
    expect(first.entries.map((e) => e.name)).toEqual(
      Array.from({ length: 200 }, (_, i) => `f${i}.txt`),
    );
    expect(first.entries.every((e) => e.kind === 'file' && e.size === 0 && e.mtime !== null)).toBe(
      true,
    );
    expect(again.entries[0]?.name).toBe('f200.txt');
    expect(deep.entries.map((e) => e.name)).toEqual(['f50000.txt', 'f50001.txt', 'f50002.txt']);
    expect((await list(dir, { descending: true, limit: 2 })).entries.map((e) => e.name)).toEqual([
      'f99999.txt',
      'f99998.txt',
    ]);
  });
});

describe('files.list refuses what it must not read', () => {
  it('rejects `..`, paths outside the home and parents that are links leading out', async () => {
    const outside = join(fx.base, 'outside');
    await writeTree(outside, { 'sub/secret.txt': 's' });
    await symlink(outside, join(fx.home, 'escape'));
    expect(await rejection(list(`${fx.home}/../outside`))).toMatchObject({
      code: 'invalid-input',
      reason: 'path-escape',
    });
    expect(await rejection(list(outside))).toMatchObject({
      code: 'invalid-input',
      reason: 'path-outside-home',
    });
    expect(await rejection(list(join(fx.home, 'escape', 'sub')))).toMatchObject({
      code: 'invalid-input',
      reason: 'symlink-outside',
    });
    expect(await rejection(list(join(fx.home, '.snapshots')))).toMatchObject({
      code: 'invalid-input',
    });
  });

  it('does not list through a folder that is a link: outside → refused, inside → nothing', async () => {
    await writeTree(fx.base, { 'outside/secret.txt': 's' });
    await writeTree(fx.home, { 'real/a.txt': 'a' });
    await symlink(join(fx.base, 'outside'), join(fx.home, 'out'));
    await symlink('real', join(fx.home, 'in'));
    expect(await rejection(list(join(fx.home, 'out')))).toMatchObject({
      code: 'invalid-input',
      reason: 'symlink-outside',
    });
    expect(await list(join(fx.home, 'in'))).toMatchObject({ total: 0, entries: [] });
  });

  it('refuses a file as a folder and reports missing things as not-found', async () => {
    await writeTree(fx.home, { 'file.txt': 'x' });
    expect(await rejection(list(join(fx.home, 'file.txt')))).toMatchObject({
      code: 'invalid-input',
      reason: 'not-a-folder',
    });
    expect(await rejection(list(join(fx.home, 'nope')))).toMatchObject({
      code: 'not-found',
      reason: 'file-missing',
    });
    expect(await rejection(list(fx.home, { snapshot: 7 }))).toMatchObject({
      code: 'not-found',
      reason: 'snapshot-missing',
    });
    expect(
      await rejection(
        fx.service.list({
          config: 'nope',
          snapshot: 0,
          path: fx.home,
          sort: 'name',
          descending: false,
          offset: 0,
          limit: 10,
          showHidden: true,
        }),
      ),
    ).toMatchObject({
      code: 'not-found',
      reason: 'config-missing',
    });
  });

  it('says service-missing when snapper is gone', async () => {
    fx.snapper.fault = 'missing';
    expect(await rejection(list(fx.home))).toMatchObject({ code: 'service-missing' });
  });

  it('says snapshots-unreadable when the user may not enter .snapshots', async () => {
    await writeTree(fx.home, { 'a.txt': 'a' });
    await fx.snapper.snapshotNow('home');
    const snapshots = join(fx.home, '.snapshots');
    fx.faulty.plan = {
      eacces: (_op, path) => path === snapshots || path.startsWith(`${snapshots}/`),
    };
    expect(await rejection(list(fx.home, { snapshot: 1 }))).toMatchObject({
      code: 'access-denied',
      reason: 'snapshots-unreadable',
    });
    expect((await list(fx.home)).total).toBe(1);
  });
});
