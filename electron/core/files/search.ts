import type { z } from 'zod';

import type { EntryKind, SearchMatch, SearchParams } from '../../../shared/schemas/files';
import { definedAt } from '../../../shared/util/defined';
import { KairnError } from '../errors';
import type { JobControl } from '../jobs/job-runner';
import { joinUnder } from '../paths/path-guard';
import { type FilesDeps, snapshotsDirOf, snapshotsUnreadable } from './context';
import type { SearchIndexer } from './search-index-builder';
import type { IndexRead } from './search-index-store';
import { SearchWalker, foldName } from './search-walk';
import { snapshotRoots } from './snapshot-roots';
import { isoFromSeconds, throwIfAborted } from './util';

/** Matches go out in batches: every 100 ms or 200 matches, whichever comes first. */
const BATCH_MS = 100;
const BATCH_SIZE = 200;

/** One point in time to search: 0 = the live home. */
interface Point {
  snapshot: number;
  date: string;
  /** snapper's date (Unix seconds), which names the point's index file; 0 for now. */
  seconds: number;
  root: string;
}

/** Collects matches and hands them on in batches (a timer flushes a small batch that waits). */
export class MatchBatcher {
  private pending: SearchMatch[] = [];
  private timer: NodeJS.Timeout | null = null;
  total = 0;

  constructor(private readonly emit: (matches: SearchMatch[]) => void) {}

  add(match: SearchMatch): void {
    this.pending.push(match);
    this.total += 1;
    // The first match is shown at once: that is when a search feels instant or not.
    if (this.total === 1 || this.pending.length >= BATCH_SIZE) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), BATCH_MS);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.emit(batch);
  }
}

/** Index files read ahead of the point being searched (they are small; reads overlap). */
const READ_AHEAD = 8;

/** Checks what can be checked before the job starts (config, snapshots readable), then starts it. */
export async function startSearch(
  deps: FilesDeps,
  indexer: SearchIndexer,
  params: z.output<typeof SearchParams>,
): Promise<string> {
  const info = await deps.locator.config(params.config);
  const snaps = await deps.snapper.listSnapshots(params.config);
  if (snaps.length > 0 && (await snapshotsUnreadable(deps, info.subvolume))) {
    throw new KairnError('access-denied', {
      reason: 'snapshots-unreadable',
      detail: snapshotsDirOf(info.subvolume),
    });
  }
  const roots = await snapshotRoots(
    deps,
    params.config,
    info.subvolume,
    snaps.map((s) => s.number),
  );
  const points: Point[] = [
    { snapshot: 0, date: new Date().toISOString(), seconds: 0, root: info.subvolume },
  ];
  for (let i = snaps.length - 1; i >= 0; i -= 1) {
    const snap = snaps[i];
    if (snap)
      points.push({
        snapshot: snap.number,
        date: isoFromSeconds(snap.date),
        seconds: snap.date,
        root: definedAt(roots, i, 'snapshotRoots returns one root per snapshot'),
      });
  }
  const search: SearchRun = {
    deps,
    indexer,
    config: params.config,
    subvolume: info.subvolume,
    points,
    query: params.query,
  };
  return deps.jobs.start('search', (ctl) => runSearch(search, ctl));
}

interface SearchRun {
  deps: FilesDeps;
  indexer: SearchIndexer;
  config: string;
  subvolume: string;
  points: readonly Point[];
  query: string;
}

/**
 * Searches now (always walked: it changes) and then every snapshot newest first, from its name
 * index where one is built, by walking it where not; each path is reported once, at its newest
 * point. The background builder waits while the search runs and is started when it ends.
 */
async function runSearch(run: SearchRun, ctl: JobControl) {
  const { deps, indexer, config, subvolume, points } = run;
  const release = indexer.holdForSearch();
  const walker = new SearchWalker(deps.fs, run.query, ctl.signal);
  const needle = foldName(run.query);
  const batcher = new MatchBatcher((matches) =>
    deps.events.emit('search.found', { jobId: ctl.jobId, matches }),
  );
  const seen = new Set<string>();
  // The folders of every indexed point, read once per process; points without a usable index are walked.
  const built = await indexer.store.load(config).catch(() => new Map<number, number>());
  const query = indexer.store.query(config, needle);
  const reads = new Map<number, Promise<IndexRead>>();
  const readAt = (i: number): Promise<IndexRead> | undefined => {
    const point = points[i];
    if (!point || point.snapshot === 0 || built.get(point.snapshot) !== point.seconds)
      return undefined;
    let read = reads.get(i);
    if (!read) {
      read = indexer.store.read(config, point.snapshot, point.seconds);
      reads.set(i, read);
    }
    return read;
  };
  let walked = 0;
  try {
    for (const [i, point] of points.entries()) {
      throwIfAborted(ctl.signal);
      ctl.progress({
        done: walked,
        total: points.length,
        bytesDone: 0,
        bytesTotal: null,
        current: point.date,
      });
      for (let ahead = i; ahead < i + READ_AHEAD; ahead += 1) void readAt(ahead);
      const found = (rel: string, kind: EntryKind): void => {
        if (seen.has(rel)) return;
        seen.add(rel);
        const path = joinUnder(subvolume, rel);
        batcher.add({
          path,
          kind,
          snapshot: point.snapshot,
          date: point.date,
          deletedSince: point.snapshot !== 0,
        });
      };
      const read = await readAt(i);
      reads.delete(i);
      if (read?.state === 'ok') {
        query.search(read.index.root, found);
      } else {
        if (read?.state === 'broken') indexer.reportBroken(config, point.snapshot, point.seconds);
        await walker.walk(point.root, found);
      }
      walked += 1;
    }
    ctl.progress({
      done: walked,
      total: points.length,
      bytesDone: 0,
      bytesTotal: null,
      current: null,
    });
  } finally {
    batcher.flush();
    release();
    indexer.schedule(config);
  }
  // "now" is not a snapshot; the folders that could not be read are left out silently.
  return {
    matches: batcher.total,
    snapshotsSearched: points.filter((p) => p.snapshot !== 0).length,
  };
}
