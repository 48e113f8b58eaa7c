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
  decodeIndex,
  encodeIndex,
} from '../../../electron/core/files/search-index-format';
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

function hits(file: Buffer, query: string): string[] {
  const index = decodeIndex(file);
  if (!index) throw new Error('index did not decode');
  const out: string[] = [];
  index.search(foldName(query), (rel, kind) => out.push(`${rel}:${kind}`));
  return out.sort();
}

describe('search index format', () => {
  it('round-trips folders, kinds and header, and finds names as the walk folds them', () => {
    const file = encodeIndex(header, FOLDERS);
    const index = decodeIndex(file);
    expect(index?.header).toEqual(header);
    expect(index?.folders()).toEqual(FOLDERS);
    expect(index?.entryCount).toBe(6);
    expect(hits(file, 'CAFE\u0301')).toEqual(['/Café Menu.txt:file']);
    expect(hits(file, 'a\u0308rger')).toEqual(['/Ärger:dir']);
    expect(hits(file, 'レポート')).toEqual(['/Ärger/日本語 レポート.odt:file']);
    expect(hits(file, 'e')).toEqual(['/Café Menu.txt:file', '/Ärger/empty:dir', '/Ärger:dir']);
  });

  it('never matches across two names', () => {
    const file = encodeIndex(header, [
      {
        rel: '',
        entries: [
          { name: 'abc', kind: 'file' },
          { name: 'def', kind: 'file' },
        ],
      },
    ]);
    expect(hits(file, 'cd')).toEqual([]);
    expect(hits(file, 'c\0d')).toEqual([]);
    expect(hits(file, 'abc')).toEqual(['/abc:file']);
  });

  it('refuses a file that is cut short, altered, empty or of another version', () => {
    const file = encodeIndex(header, FOLDERS);
    expect(decodeIndex(file.subarray(0, file.length - 1))).toBeNull();
    expect(decodeIndex(file.subarray(0, 20))).toBeNull();
    expect(decodeIndex(Buffer.alloc(0))).toBeNull();
    const flipped = Buffer.from(file);
    flipped[flipped.length - 10] = (flipped[flipped.length - 10] ?? 0) ^ 0xff;
    expect(decodeIndex(flipped)).toBeNull();
    const newer = Buffer.from(file);
    newer.writeUInt32LE(2, 8);
    expect(decodeIndex(newer)).toBeNull();
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
      encodeIndex({ ...header, snapshot: three.number, date: three.date }, [
        { rel: '', entries: [] },
      ]),
    );
    expect((await store.read('home', two.number, two.date)).state).toBe('broken');
    expect((await store.read('home', three.number, three.date)).state).toBe('missing');
    const reads = recordReads();
    expect(normal(await search(fx.service, 'report'))).toEqual(expected);
    expect(reads.some((p) => p.startsWith(snapshotDir(2)))).toBe(true);
    expect(reads.some((p) => p.startsWith(snapshotDir(3)))).toBe(true);
    await fx.service.searchIndex.idle();
    expect((await store.read('home', two.number, two.date)).state).toBe('ok');
    expect((await store.read('home', three.number, three.date)).state).toBe('ok');
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
