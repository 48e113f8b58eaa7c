import {
  lstat,
  readdir,
  readFile,
  rm,
  stat,
  symlink,
  truncate,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { SearchMatch } from '../../../shared/schemas/files';
import { FilesServiceImpl } from '../../../electron/core/files/service';
import {
  type IndexFolder,
  UNICODE_TABLES,
  decodePack,
  decodePoint,
  encodePack,
  encodePoint,
  objectIntact,
  treeObjects,
} from '../../../electron/core/files/search-index-format';
import { SearchIndexStore } from '../../../electron/core/files/search-index-store';
import { nodeFileSystem } from '../../../electron/backends/restore-fs/node-fs';
import { foldName } from '../../../electron/core/files/search-walk';
import { type FilesFixture, makeFilesFixture, writeTree } from './fixture';

let fx: FilesFixture;
beforeEach(async () => {
  fx = await makeFilesFixture();
});
afterEach(async () => {
  await fx.remove();
});

const header = { snapshot: 7, date: 1_700_000_000, unreadable: 1, unicode: UNICODE_TABLES };
const FOLDERS: IndexFolder[] = [
  {
    rel: '',
    entries: [
      { name: 'Café Menu.txt', kind: 'file' },
      { name: 'Ärger', kind: 'dir' },
      { name: 'link', kind: 'symlink' },
      { name: 'fifo', kind: 'other' },
    ],
  },
  {
    rel: '/Ärger',
    entries: [
      { name: '日本語 レポート.odt', kind: 'file' },
      { name: 'empty', kind: 'dir' },
    ],
  },
  { rel: '/Ärger/empty', entries: [] },
];

/** The matches of one query over trees given as folders (each tree a point, newest first). */
function hits(trees: IndexFolder[][], query: string): string[] {
  const store = new SearchIndexStore(nodeFileSystem, '/nonexistent');
  const index = (store as unknown as { indexOf(c: string): { add(o: unknown[]): void } }).indexOf(
    'x',
  );
  const out = new Set<string>();
  const q = store.query('x', foldName(query));
  for (const tree of trees) {
    const { root, objects } = treeObjects(tree);
    index.add(objects);
    q.search(root, (rel, kind) => out.add(`${rel}:${kind}`));
  }
  return [...out].sort();
}

describe('search index format', () => {
  it('round-trips folders through a pack and a point file', () => {
    const { root, objects } = treeObjects(FOLDERS);
    expect(objects).toHaveLength(3);
    const decoded = decodePack(encodePack(objects));
    expect(decoded).toEqual(objects);
    expect(decoded?.every(objectIntact)).toBe(true);
    expect(decodePoint(encodePoint({ ...header, root }))).toEqual({ ...header, root });
  });

  it('gives equal folders one hash and a changed subtree a new one up to the root', () => {
    const a = treeObjects(FOLDERS);
    const b = treeObjects(structuredClone(FOLDERS));
    expect(b.root).toBe(a.root);
    const changed = structuredClone(FOLDERS);
    changed[2]?.entries.push({ name: 'new.txt', kind: 'file' });
    const c = treeObjects(changed);
    expect(c.root).not.toBe(a.root);
    const shared = c.objects.filter((o) => a.objects.some((x) => x.hash === o.hash));
    expect(shared).toHaveLength(0); // every folder on the path to the change is new; here that is all three
    const sibling = structuredClone(FOLDERS);
    sibling[0]?.entries.push({ name: 'other', kind: 'file' });
    const d = treeObjects(sibling);
    expect(d.objects.filter((o) => a.objects.some((x) => x.hash === o.hash))).toHaveLength(2);
  });

  it('finds names as the walk folds them, each path once at its newest point', () => {
    expect(hits([FOLDERS], 'CAFE\u0301')).toEqual(['/Café Menu.txt:file']);
    expect(hits([FOLDERS], 'a\u0308rger')).toEqual(['/Ärger:dir']);
    expect(hits([FOLDERS], 'レポート')).toEqual(['/Ärger/日本語 レポート.odt:file']);
    expect(hits([FOLDERS], 'e')).toEqual(['/Café Menu.txt:file', '/Ärger/empty:dir', '/Ärger:dir']);
    const older = structuredClone(FOLDERS);
    older[2]?.entries.push({ name: 'old menu', kind: 'file' });
    expect(hits([FOLDERS, older, FOLDERS], 'menu')).toEqual([
      '/Café Menu.txt:file',
      '/Ärger/empty/old menu:file',
    ]);
  });

  it('never matches across two names', () => {
    const tree: IndexFolder[] = [
      {
        rel: '',
        entries: [
          { name: 'abc', kind: 'file' },
          { name: 'def', kind: 'file' },
        ],
      },
    ];
    expect(hits([tree], 'cd')).toEqual([]);
    expect(hits([tree], 'c\0d')).toEqual([]);
    expect(hits([tree], 'abc')).toEqual(['/abc:file']);
  });

  it('refuses a file that is cut short, altered, empty or of another version', () => {
    const { root, objects } = treeObjects(FOLDERS);
    for (const file of [encodePack(objects), encodePoint({ ...header, root })]) {
      const decode = (b: Buffer) => decodePack(b) ?? decodePoint(b);
      expect(decode(file)).not.toBeNull();
      expect(decode(file.subarray(0, file.length - 1))).toBeNull();
      expect(decode(file.subarray(0, 20))).toBeNull();
      expect(decode(Buffer.alloc(0))).toBeNull();
      const flipped = Buffer.from(file);
      flipped[flipped.length - 10] = (flipped[flipped.length - 10] ?? 0) ^ 0xff;
      expect(decode(flipped)).toBeNull();
      const newer = Buffer.from(file);
      newer.writeUInt32LE(9, 8);
      expect(decode(newer)).toBeNull();
    }
    // Intact bytes whose folder does not match its hash (written by a faulty build) are refused too.
    const forged = objects.map((o, i) =>
      i === 0 ? { ...o, names: ['forged'], kinds: ['file' as const], children: [null] } : o,
    );
    expect(decodePack(encodePack(forged))?.every(objectIntact)).toBe(false);
  });
});

async function search(service: FilesServiceImpl, query: string): Promise<SearchMatch[]> {
  const jobId = await service.search({ config: 'home', query });
  const job = await fx.jobs.wait(jobId);
  expect(job.state).toBe('done');
  return fx.found.filter((b) => b.jobId === jobId).flatMap((b) => b.matches);
}

/** A comparable form: "now" carries the time of the search, so only its number is kept. */
function normal(matches: SearchMatch[]): string[] {
  return matches
    .map((m) => JSON.stringify({ ...m, date: m.snapshot === 0 ? 'now' : m.date }))
    .sort();
}

/** Records every readdir path (the faulty fs asks its plan about each call). */
function recordReads(): string[] {
  const reads: string[] = [];
  fx.faulty.plan = {
    eacces: (op, path) => {
      if (op === 'readdir') reads.push(path);
      return false;
    },
  };
  return reads;
}

const snapshotDir = (n: number) => join(fx.home, '.snapshots', String(n), 'snapshot');

/** Three points with unicode names, links, a locked folder, deletions and renames between them. */
async function seedHistory(): Promise<void> {
  await writeTree(fx.home, {
    'Documents/Report 2024.odt': 'r',
    'Documents/Café Menu.txt': 'c',
    'Documents/Reise/Ärger mit dem Bericht.txt': 'a',
    'Bilder/日本 旅行/写真 report.jpg': 'p',
    'locked/report-secret.txt': 's',
    '.config/app/report.conf': 'x',
  });
  await symlink(join(fx.base, 'outside'), join(fx.home, 'report-link'));
  await writeTree(fx.base, { 'outside/report-outside.txt': 'o' });
  await fx.snapper.snapshotNow('home');
  await writeTree(fx.home, {
    'Documents/Cafe\u0301 Bericht.txt': 'nfd',
    'Documents/REPORT-final.odt': 'f',
  });
  await rm(join(fx.home, 'Documents/Reise'), { recursive: true });
  await fx.snapper.snapshotNow('home');
  await rm(join(fx.home, 'Documents/REPORT-final.odt'));
  await writeTree(fx.home, { 'Bilder/Emoji 🎉 report.png': 'e' });
  await fx.snapper.snapshotNow('home');
  await rm(join(fx.home, 'Bilder/Emoji 🎉 report.png'));
}

const QUERIES = [
  'report',
  'café',
  'ÄRGER',
  '日本',
  'e',
  '.txt',
  'bericht',
  '🎉',
  'nothing-like-this',
];

describe('search from the index', () => {
  it('finds exactly what the walk finds, for every query', async () => {
    await seedHistory();
    // Locked in every point: the walk and the builder both leave it out.
    const lockedEverywhere = (path: string) => path.endsWith('/locked');
    const reads = recordReads();
    fx.faulty.plan.eacces = (op, path) => {
      if (op === 'readdir') reads.push(path);
      return op === 'readdir' && lockedEverywhere(path);
    };
    // Held back the whole time, so every query below is answered by walking.
    const hold = fx.service.searchIndex.holdForSearch();
    const walked = new Map<string, string[]>();
    for (const query of QUERIES) walked.set(query, normal(await search(fx.service, query)));
    expect(walked.get('report')?.length).toBeGreaterThan(5);
    expect(reads.some((p) => p.startsWith(snapshotDir(1)))).toBe(true);
    hold();
    await fx.service.searchIndex.idle();
    expect(fx.service.searchIndex.built).toBe(3);
    reads.length = 0;
    for (const query of QUERIES)
      expect(normal(await search(fx.service, query)), query).toEqual(walked.get(query));
    // Only now was walked: every snapshot came from its index.
    expect(reads.filter((p) => p.includes('/.snapshots/'))).toEqual([]);
    expect(reads.length).toBeGreaterThan(0);
  });

  it('walks the points not indexed yet, so results stay complete', async () => {
    await seedHistory();
    await search(fx.service, 'report');
    await fx.service.searchIndex.idle();
    await writeTree(fx.home, { 'Documents/new report.txt': 'n' });
    await fx.snapper.snapshotNow('home');
    await rm(join(fx.home, 'Documents/new report.txt'));
    const reads = recordReads();
    const matches = await search(fx.service, 'report');
    expect(matches.find((m) => m.path.endsWith('/new report.txt'))).toMatchObject({
      snapshot: 4,
      deletedSince: true,
    });
    expect(matches.find((m) => m.path.endsWith('/REPORT-final.odt'))).toMatchObject({
      snapshot: 2,
    });
    const walkedSnapshots = new Set(
      reads
        .filter((p) => p.includes('/.snapshots/'))
        .map((p) => /\/\.snapshots\/(\d+)\//.exec(p)?.[1]),
    );
    expect([...walkedSnapshots]).toEqual(['4']);
  });

  it('ignores a broken or half-written index, walks that point and builds it again', async () => {
    await seedHistory();
    await search(fx.service, 'report');
    await fx.service.searchIndex.idle();
    const expected = normal(await search(fx.service, 'report'));
    // What one process read stays in its memory; a new process reads the files as they are now.
    await fx.service.close();
    const store = fx.service.searchIndex.store;
    const snaps = await fx.snapper.listSnapshots('home');
    const two = snaps[1]!;
    const file = store.fileOf('home', two.number, two.date);
    await truncate(file, (await stat(file)).size - 3);
    // A temp file of a build that was cut off is never taken for an index.
    const three = snaps[2]!;
    await rm(store.fileOf('home', three.number, three.date));
    await writeFile(
      join(store.dirOf('home'), `.${three.number}-${three.date}.idx.tmp-1-abcd`),
      encodePoint({
        ...header,
        snapshot: three.number,
        date: three.date,
        root: treeObjects([{ rel: '', entries: [] }]).root,
      }),
    );
    const again = new FilesServiceImpl({ ...fx.deps, fs: fx.faulty.fs });
    try {
      const fresh = again.searchIndex.store;
      await fresh.load('home');
      expect((await fresh.read('home', two.number, two.date)).state).toBe('broken');
      expect((await fresh.read('home', three.number, three.date)).state).toBe('missing');
      const reads = recordReads();
      expect(normal(await search(again, 'report'))).toEqual(expected);
      expect(reads.some((p) => p.startsWith(snapshotDir(2)))).toBe(true);
      expect(reads.some((p) => p.startsWith(snapshotDir(3)))).toBe(true);
      await again.searchIndex.idle();
      expect((await fresh.read('home', two.number, two.date)).state).toBe('ok');
      expect((await fresh.read('home', three.number, three.date)).state).toBe('ok');
    } finally {
      await again.close();
    }
  });

  it('stores a folder shared by many points once, and merges the packs into one', async () => {
    await writeTree(fx.home, { 'Documents/a.txt': 'a', 'Pictures/p.jpg': 'p' });
    for (let i = 0; i < 20; i += 1) {
      await writeTree(fx.home, { [`Documents/n${i}.txt`]: String(i) });
      await fx.snapper.snapshotNow('home');
    }
    fx.service.searchIndex.schedule('home');
    await fx.service.searchIndex.idle();
    const store = fx.service.searchIndex.store;
    const names = await readdir(store.dirOf('home'));
    expect(names.filter((n) => n.endsWith('.idx'))).toHaveLength(20);
    const packs = names.filter((n) => n.endsWith('.pack'));
    expect(packs).toHaveLength(1);
    const folders = decodePack(await readFile(join(store.dirOf('home'), packs[0]!)));
    // Pictures never changed: one copy; Documents and the root changed at every point.
    expect(folders?.filter((f) => f.names.includes('p.jpg'))).toHaveLength(1);
    expect(folders?.filter((f) => f.names.includes('a.txt'))).toHaveLength(20);
    expect(folders).toHaveLength(20 * 2 + 1);
    // Deleting most points leaves their folders unused: the next pass drops them from the pack.
    await fx.snapper.deleteSnapshots(
      'home',
      Array.from({ length: 15 }, (_, i) => i + 1),
    );
    await fx.service.searchIndex.idle();
    fx.service.searchIndex.schedule('home');
    await fx.service.searchIndex.idle();
    const after = (await readdir(store.dirOf('home'))).filter((n) => n.endsWith('.pack'));
    expect(after).toHaveLength(1);
    expect(decodePack(await readFile(join(store.dirOf('home'), after[0]!)))).toHaveLength(
      5 * 2 + 1,
    );
    expect(normal(await search(fx.service, 'n1'))).toHaveLength(
      ['n1', ...Array.from({ length: 10 }, (_, i) => `n1${i}`)].length,
    );
  });

  it('ignores a damaged pack: its points are walked and built again', async () => {
    await seedHistory();
    await search(fx.service, 'report');
    await fx.service.searchIndex.idle();
    const expected = normal(await search(fx.service, 'report'));
    await fx.service.close();
    const store = fx.service.searchIndex.store;
    const packs = (await readdir(store.dirOf('home'))).filter((n) => n.endsWith('.pack'));
    expect(packs.length).toBeGreaterThan(0);
    for (const pack of packs) {
      const packPath = join(store.dirOf('home'), pack);
      const bytes = await readFile(packPath);
      bytes[bytes.length - 2] = (bytes[bytes.length - 2] ?? 0) ^ 0xff;
      await writeFile(packPath, bytes);
    }
    const again = new FilesServiceImpl({ ...fx.deps, fs: fx.faulty.fs });
    try {
      const reads = recordReads();
      expect(normal(await search(again, 'report'))).toEqual(expected);
      for (const n of [1, 2, 3]) expect(reads.some((p) => p.startsWith(snapshotDir(n)))).toBe(true);
      await again.searchIndex.idle();
      expect(again.searchIndex.built).toBe(3);
      reads.length = 0;
      expect(normal(await search(again, 'report'))).toEqual(expected);
      expect(reads.filter((p) => p.includes('/.snapshots/'))).toEqual([]);
      // The damaged files are gone or replaced by intact ones (same folders, same name).
      for (const name of (await readdir(store.dirOf('home'))).filter((n) => n.endsWith('.pack')))
        expect(decodePack(await readFile(join(store.dirOf('home'), name)))).not.toBeNull();
    } finally {
      await again.close();
    }
  });
});

describe('search index builder', () => {
  it('resumes after being cut off: finished points stay, the cut-off point is built again', async () => {
    await seedHistory();
    // Hold the build of snapshot 2 at its first folder, then close the service under it.
    let last = '';
    fx.faulty.plan = {
      eacces: (op, path) => {
        if (op === 'readdir') last = path;
        return false;
      },
    };
    let reached!: () => void;
    const atTwo = new Promise<void>((resolve) => (reached = resolve));
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    fx.beforeReaddir = async () => {
      if (last === snapshotDir(2)) {
        reached();
        await held;
      }
    };
    fx.service.searchIndex.schedule('home');
    await atTwo;
    const closing = fx.service.close();
    release();
    await closing;
    fx.beforeReaddir = null;
    const store = fx.service.searchIndex.store;
    const snaps = await fx.snapper.listSnapshots('home');
    expect([...(await store.built('home')).keys()]).toEqual([3]);
    expect((await readdir(store.dirOf('home'))).filter((n) => n.includes('.tmp-'))).toEqual([]);
    const first = await lstat(store.fileOf('home', 3, snaps[2]!.date));

    const again = new FilesServiceImpl({ ...fx.deps, fs: fx.faulty.fs });
    try {
      again.searchIndex.schedule('home');
      await again.searchIndex.idle();
      expect(again.searchIndex.built).toBe(2);
      expect([...(await store.built('home')).keys()].sort()).toEqual([1, 2, 3]);
      expect((await lstat(store.fileOf('home', 3, snaps[2]!.date))).ino).toBe(first.ino);
    } finally {
      await again.close();
    }
  });

  it('drops the index of a deleted point at once, and sweeps those deleted while not running', async () => {
    await seedHistory();
    fx.service.searchIndex.schedule('home');
    await fx.service.searchIndex.idle();
    const store = fx.service.searchIndex.store;
    expect([...(await store.built('home')).keys()].sort()).toEqual([1, 2, 3]);
    await fx.snapper.deleteSnapshots('home', [2]);
    await fx.service.searchIndex.idle();
    expect([...(await store.built('home')).keys()].sort()).toEqual([1, 3]);

    // Deleted while Kairn was closed: no signal reaches it; the next pass sweeps the index away.
    await fx.service.close();
    await fx.snapper.deleteSnapshots('home', [3]);
    const staleTemp = join(store.dirOf('home'), '.9-1.idx.tmp-1-dead');
    const freshTemp = join(store.dirOf('home'), '.8-1.idx.tmp-2-beef');
    await writeFile(staleTemp, 'x');
    await writeFile(freshTemp, 'x');
    const old = new Date(Date.now() - 3600_000);
    await utimes(staleTemp, old, old);
    const again = new FilesServiceImpl({ ...fx.deps, fs: fx.faulty.fs });
    try {
      again.searchIndex.schedule('home');
      await again.searchIndex.idle();
      expect([...(await store.built('home')).keys()]).toEqual([1]);
      expect(await readdir(store.dirOf('home'))).not.toContain('.9-1.idx.tmp-1-dead');
      expect(await readdir(store.dirOf('home'))).toContain('.8-1.idx.tmp-2-beef');
    } finally {
      await again.close();
    }
  });

  it('does not use the index of a reused snapshot number', async () => {
    await writeTree(fx.home, { 'first.txt': '1' });
    await fx.snapper.snapshotNow('home');
    fx.service.searchIndex.schedule('home');
    await fx.service.searchIndex.idle();
    await fx.service.close();
    const store = fx.service.searchIndex.store;
    const [old] = await fx.snapper.listSnapshots('home');
    await fx.snapper.deleteSnapshots('home', [1]);
    await rm(join(fx.home, 'first.txt'));
    await writeTree(fx.home, { 'second.txt': '2' });
    await fx.snapper.snapshotNow('home');
    await rm(join(fx.home, 'second.txt'));
    const again = new FilesServiceImpl({ ...fx.deps, fs: fx.faulty.fs });
    try {
      const [reused] = await fx.snapper.listSnapshots('home');
      expect(reused?.number).toBe(1);
      expect((await store.read('home', 1, reused!.date)).state).toBe('missing');
      expect(await readFile(store.fileOf('home', 1, old!.date))).toBeInstanceOf(Buffer);
      const matches = await search(again, '.txt');
      expect(matches.map((m) => m.path)).toEqual([join(fx.home, 'second.txt')]);
      await again.searchIndex.idle();
      expect([...(await store.built('home')).entries()]).toEqual([[1, reused!.date]]);
    } finally {
      await again.close();
    }
  });

  it('waits while a search runs', async () => {
    await seedHistory();
    const reads = recordReads();
    const hold = fx.service.searchIndex.holdForSearch();
    const waiting = fx.service.searchIndex.whenWaitingForSearch();
    fx.service.searchIndex.schedule('home');
    await waiting;
    expect(reads.filter((p) => p.includes('/.snapshots/'))).toEqual([]);
    hold();
    await fx.service.searchIndex.idle();
    expect(fx.service.searchIndex.built).toBe(3);
    expect(reads.filter((p) => p.includes('/.snapshots/')).length).toBeGreaterThan(0);
  });
});
