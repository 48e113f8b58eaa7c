import type { z } from 'zod';

import type { SearchMatch, SearchParams } from '../../../shared/schemas/files';
import { definedAt } from '../../../shared/util/defined';
import { KairnError } from '../errors';
import type { JobControl } from '../jobs/job-runner';
import { joinUnder } from '../paths/path-guard';
import { type FilesDeps, snapshotsDirOf, snapshotsUnreadable } from './context';
import { SearchWalker } from './search-walk';
import { snapshotRoots } from './snapshot-roots';
import { isoFromSeconds } from './util';

/** Matches go out in batches: every 100 ms or 200 matches, whichever comes first. */
const BATCH_MS = 100;
const BATCH_SIZE = 200;

/** One point in time to search: 0 = the live home. */
interface Point {
  snapshot: number;
  date: string;
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
    if (this.pending.length >= BATCH_SIZE) this.flush();
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

/** Checks what can be checked before the job starts (config, snapshots readable), then starts it. */
export async function startSearch(deps: FilesDeps, params: z.output<typeof SearchParams>): Promise<string> {
  const info = await deps.locator.config(params.config);
  const snaps = await deps.snapper.listSnapshots(params.config);
  if (snaps.length > 0 && (await snapshotsUnreadable(deps, info.subvolume))) {
    throw new KairnError('access-denied', { reason: 'snapshots-unreadable', detail: snapshotsDirOf(info.subvolume) });
  }
  const roots = await snapshotRoots(deps, params.config, info.subvolume, snaps.map((s) => s.number));
  const points: Point[] = [{ snapshot: 0, date: new Date().toISOString(), root: info.subvolume }];
  for (let i = snaps.length - 1; i >= 0; i -= 1) {
    const snap = snaps[i];
    if (snap) points.push({ snapshot: snap.number, date: isoFromSeconds(snap.date), root: definedAt(roots, i, 'snapshotRoots returns one root per snapshot') });
  }
  return deps.jobs.start('search', (ctl) => runSearch(deps, ctl, info.subvolume, points, params.query));
}

/** Walks now and then every snapshot newest first; each live path is reported once, at its newest point. */
async function runSearch(deps: FilesDeps, ctl: JobControl, subvolume: string, points: readonly Point[], query: string) {
  const walker = new SearchWalker(deps.fs, query, ctl.signal);
  const batcher = new MatchBatcher((matches) => deps.events.emit('search.found', { jobId: ctl.jobId, matches }));
  const seen = new Set<string>();
  let walked = 0;
  try {
    for (const point of points) {
      ctl.progress({ done: walked, total: points.length, bytesDone: 0, bytesTotal: null, current: point.date });
      await walker.walk(point.root, (rel, kind) => {
        if (seen.has(rel)) return;
        seen.add(rel);
        const path = joinUnder(subvolume, rel);
        batcher.add({ path, kind, snapshot: point.snapshot, date: point.date, deletedSince: point.snapshot !== 0 });
      });
      walked += 1;
    }
    ctl.progress({ done: walked, total: points.length, bytesDone: 0, bytesTotal: null, current: null });
  } finally {
    batcher.flush();
  }
  // "now" is not a snapshot; the folders that could not be read are left out silently.
  return { matches: batcher.total, snapshotsSearched: points.filter((p) => p.snapshot !== 0).length };
}
