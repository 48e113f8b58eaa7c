import type { BigIntStats, Dirent, Stats } from 'node:fs';
import { posix } from 'node:path';
import type { z } from 'zod';

import type {
  DirEntry,
  EntryKind,
  FolderPage,
  ListFolderParams,
  SortKey,
} from '../../../shared/schemas/files';
import { KairnError } from '../errors';
import { isInside } from '../paths/path-guard';
import type { Location } from '../snapshots/locator';
import { type FilesDeps, explainFailure, hiddenAt, locateChecked } from './context';
import { type FolderListing, ListingCache } from './listing-cache';
import { type ListItem, comparatorFor, firstK, needsStats } from './order';
import { errnoOf, isoFromMs, kindOf, mapLimit, throwIfAborted } from './util';

/** Folders up to this size are simply sorted; bigger ones get their first page picked without a full sort. */
const SORT_AT_ONCE_MAX = 5000;
/** Sizes and dates of live files change without touching their folder; re-stat after this. */
const LIVE_STATS_TTL_MS = 5000;
const STAT_CONCURRENCY = 32;

type ListParams = z.output<typeof ListFolderParams>;

/** One page of a folder at a point in time, sorted; entries gone from the live home are marked. */
export async function listFolder(
  deps: FilesDeps,
  cache: ListingCache,
  params: ListParams,
  signal?: AbortSignal,
): Promise<FolderPage> {
  const { config, snapshot, sort, descending, offset, limit } = params;
  const loc = await locateChecked(deps, config, snapshot, params.path, signal);
  try {
    const stamp = await folderStamp(deps, loc);
    if (stamp === null) return { path: loc.livePath, snapshot, total: 0, offset, entries: [] };
    const listing = await readListing(deps, cache, loc, stamp, sort, signal);
    const shown = params.showHidden ? listing : withoutHidden(listing);
    const items = pageItems(shown, sort, descending, offset, limit);
    const live =
      snapshot === 0 ? null : await liveNames(deps, cache, loc, listing.items.length, signal);
    const entries = await mapLimit(
      items,
      STAT_CONCURRENCY,
      (item) => toEntry(deps, loc.target, item, live),
      signal,
    );
    return { path: loc.livePath, snapshot, total: shown.items.length, offset, entries };
  } catch (err) {
    throw await explainFailure(deps, config, snapshot, err, 'folder');
  }
}

/** Number of entries shown in a folder, read through the listing cache (a preview then warms the listing). */
export async function folderEntryCount(
  deps: FilesDeps,
  cache: ListingCache,
  loc: Location,
  signal?: AbortSignal,
): Promise<{ entries: number; hidden: number }> {
  const stamp = await folderStamp(deps, loc);
  if (stamp === null) return { entries: 0, hidden: 0 };
  const { items } = await readListing(deps, cache, loc, stamp, 'name', signal);
  return { entries: items.length, hidden: items.filter((i) => i.name.startsWith('.')).length };
}

function stampOf(stats: BigIntStats): string {
  return `${stats.ino}:${stats.mtimeNs}:${stats.ctimeNs}`;
}

/**
 * The folder's stamp, or null for a link that stays inside the snapshot: a link is shown as a
 * link, never listed through. A link leading outside is refused outright.
 */
async function folderStamp(deps: FilesDeps, loc: Location): Promise<string | null> {
  const stats = await deps.fs.lstat(loc.target, { bigint: true });
  if (stats.isSymbolicLink()) {
    let real: string;
    try {
      real = await deps.fs.realpath(loc.target);
    } catch {
      return null;
    }
    if (!isInside(await deps.fs.realpath(loc.root), real)) {
      throw new KairnError('invalid-input', { reason: 'symlink-outside', detail: loc.livePath });
    }
    return null;
  }
  if (!stats.isDirectory())
    throw new KairnError('invalid-input', { reason: 'not-a-folder', detail: loc.livePath });
  return stampOf(stats);
}

function direntKind(entry: Dirent): EntryKind {
  if (entry.isSymbolicLink()) return 'symlink';
  if (entry.isDirectory()) return 'dir';
  if (entry.isFile()) return 'file';
  return 'other';
}

/** A folder's size on disk says nothing to a person; folders report 0. */
function sizeOf(stats: Stats): number {
  return stats.isDirectory() ? 0 : stats.size;
}

async function readFolder(deps: FilesDeps, loc: Location, stamp: string): Promise<FolderListing> {
  const dirents = await deps.fs.readdir(loc.target, { withFileTypes: true });
  const items: ListItem[] = [];
  for (const d of dirents) {
    if (!hiddenAt(loc.rel, d.name))
      items.push({ name: d.name, kind: direntKind(d), size: 0, mtimeMs: 0 });
  }
  return { stamp, readAt: Date.now(), items, hasStats: false, sorted: new Map() };
}

async function withStats(
  deps: FilesDeps,
  dir: string,
  listing: FolderListing,
  signal?: AbortSignal,
): Promise<FolderListing> {
  const items = await mapLimit(
    listing.items,
    STAT_CONCURRENCY,
    async (item): Promise<ListItem> => {
      try {
        const stats = await deps.fs.lstat(posix.join(dir, item.name));
        return {
          name: item.name,
          kind: kindOf(stats),
          size: sizeOf(stats),
          mtimeMs: stats.mtimeMs,
        };
      } catch {
        return item; // gone since readdir (live folder): sorts as empty
      }
    },
    signal,
  );
  return { stamp: listing.stamp, readAt: Date.now(), items, hasStats: true, sorted: new Map() };
}

async function readListing(
  deps: FilesDeps,
  cache: ListingCache,
  loc: Location,
  stamp: string,
  sort: SortKey,
  signal?: AbortSignal,
): Promise<FolderListing> {
  const key = ListingCache.key(loc.config, loc.snapshot, loc.rel);
  let listing = await cache.load(key, stamp, () => readFolder(deps, loc, stamp));
  throwIfAborted(signal);
  if (needsStats(sort)) {
    const expired = loc.snapshot === 0 && Date.now() - listing.readAt > LIVE_STATS_TTL_MS;
    if (!listing.hasStats || expired) listing = await withStats(deps, loc.target, listing, signal);
  }
  cache.set(key, listing);
  return listing;
}

/** The listing without dot names; kept on the listing so its sorted orders are reused. */
function withoutHidden(listing: FolderListing): FolderListing {
  if (listing.visible?.hasStats === listing.hasStats) return listing.visible;
  const items = listing.items.filter((item) => !item.name.startsWith('.'));
  listing.visible = {
    stamp: listing.stamp,
    readAt: listing.readAt,
    items,
    hasStats: listing.hasStats,
    sorted: new Map(),
  };
  return listing.visible;
}

function pageItems(
  listing: FolderListing,
  sort: SortKey,
  descending: boolean,
  offset: number,
  limit: number,
): ListItem[] {
  const cmp = comparatorFor(sort);
  let sorted = listing.sorted.get(sort);
  // The first screen of a huge folder comes fast; scrolling on sorts the whole folder once (cached).
  if (!sorted && offset === 0 && listing.items.length > SORT_AT_ONCE_MAX) {
    return firstK(listing.items, limit, descending ? (a, b) => cmp(b, a) : cmp);
  }
  if (!sorted) {
    sorted = [...listing.items].sort(cmp);
    listing.sorted.set(sort, sorted);
  }
  if (!descending) return sorted.slice(offset, offset + limit);
  const end = Math.max(0, sorted.length - offset);
  return sorted.slice(Math.max(0, end - limit), end).reverse();
}

/** Answers "is this name still in the live folder?"; null = unknown, then nothing is marked. */
type LiveCheck = (name: string) => Promise<boolean>;

/**
 * Names in the same folder of the live home, to mark "deleted since". null = unknown (the live
 * folder could not be read): then nothing is marked rather than everything. For a big folder
 * whose live listing is not cached yet, only the page's names are looked up (one lstat each)
 * instead of reading the whole live folder before the first rows can be shown.
 */
async function liveNames(
  deps: FilesDeps,
  cache: ListingCache,
  loc: Location,
  size: number,
  signal?: AbortSignal,
): Promise<LiveCheck | null> {
  let live: Location;
  let stats: BigIntStats;
  try {
    live = await deps.locator.locate(loc.config, 0, loc.livePath, signal);
    stats = await deps.fs.lstat(live.target, { bigint: true });
  } catch (err) {
    const gone =
      err instanceof KairnError
        ? err.code === 'not-found' || err.reason === 'symlink-outside'
        : isGone(err);
    return gone ? async () => false : null;
  }
  if (stats.isSymbolicLink()) return null;
  if (!stats.isDirectory()) return async () => false;
  const key = ListingCache.key(live.config, 0, live.rel);
  if (size > SORT_AT_ONCE_MAX && !cache.get(key, stampOf(stats))) {
    const dir = live.target;
    return async (name) =>
      deps.fs.lstat(posix.join(dir, name)).then(
        () => true,
        (err: unknown) => !isGone(err),
      );
  }
  try {
    const listing = await readListing(deps, cache, live, stampOf(stats), 'name', signal);
    const names = (listing.names ??= new Set(listing.items.map((i) => i.name)));
    return async (name) => names.has(name);
  } catch (err) {
    return isGone(err) ? async () => false : null;
  }
}

function isGone(err: unknown): boolean {
  const code = errnoOf(err);
  return code === 'ENOENT' || code === 'ENOTDIR';
}

async function toEntry(
  deps: FilesDeps,
  dir: string,
  item: ListItem,
  live: LiveCheck | null,
): Promise<DirEntry> {
  const path = posix.join(dir, item.name);
  const deletedSince = live !== null && !(await live(item.name));
  let stats: Stats;
  try {
    stats = await deps.fs.lstat(path);
  } catch {
    return {
      name: item.name,
      kind: item.kind,
      size: 0,
      mtime: null,
      deletedSince,
      linkTarget: null,
    };
  }
  const kind = kindOf(stats);
  let linkTarget: string | null = null;
  if (kind === 'symlink') linkTarget = await deps.fs.readlink(path).catch(() => null);
  return {
    name: item.name,
    kind,
    size: sizeOf(stats),
    mtime: isoFromMs(stats.mtimeMs),
    deletedSince,
    linkTarget,
  };
}
