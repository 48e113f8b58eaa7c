/**
 * Search benchmark (root only, issue 7 item 14): 1 000 points in time × 1 000 files on a loop btrfs,
 * in snapper's layout (`<subvolume>/.snapshots/N/snapshot`, read-only btrfs snapshots, so untouched
 * folders keep their ino/mtime/ctime as with real snapper). Measures, in the same run:
 *   today's walk (every folder of every point, cold and warm), the first search with no index
 *   (cold: walk + builder held back), the index build, the warm indexed search, the time to the
 *   first match shown, and the index's size on disk. "Cold" = the btrfs remounted before the run
 *   (its caches dropped; the machine's page cache is left alone, as other work shares it).
 * Run: `node --import tsx test/bench/search-bench.ts` (KAIRN_BENCH_SNAPSHOTS to change the count).
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import type { EventName } from '../../shared/api/contract';
import { nodeFileSystem } from '../../electron/backends/restore-fs/node-fs';
import { EventBus } from '../../electron/core/api/events';
import { KairnError } from '../../electron/core/errors';
import { SearchWalker } from '../../electron/core/files/search-walk';
import { FilesServiceImpl } from '../../electron/core/files/service';
import { JobRunner } from '../../electron/core/jobs/job-runner';
import type {
  SnapperConfigInfo,
  SnapperPort,
  SnapperSnapshotInfo,
} from '../../electron/core/ports/snapper';
import { SnapshotLocator } from '../../electron/core/snapshots/locator';
import { startBtrfsLoop, type BtrfsLoop } from '../harness/btrfs-loop';

const run = promisify(execFile);
const SNAPSHOTS = Number(process.env.KAIRN_BENCH_SNAPSHOTS ?? 1000);
const FOLDERS = 100;
const FILES_PER_FOLDER = 10;
/** Every CHANGE_EVERY points one file is added and an older one removed (a history with deletions). */
const CHANGE_EVERY = 10;
const RUNS = 5;
const CONFIG = 'bench';
const QUERY = 'new-';
/** A name only the oldest point holds: its first match is shown only after every newer point was searched. */
const OLDEST_ONLY = 'ancient-letter';

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

/** The few SnapperPort calls search needs, over snapshots the bench made with `btrfs subvolume snapshot`. */
class BenchSnapper implements SnapperPort {
  readonly snapshots: SnapperSnapshotInfo[] = [];
  constructor(private readonly subvolume: string) {}
  private get info(): SnapperConfigInfo {
    return {
      name: CONFIG,
      subvolume: this.subvolume,
      values: { SUBVOLUME: this.subvolume, FSTYPE: 'btrfs' },
    };
  }
  async state() {
    return 'running' as const;
  }
  async listConfigs() {
    return [this.info];
  }
  async getConfig() {
    return this.info;
  }
  async listSnapshots() {
    return [...this.snapshots];
  }
  async getSnapshot(_config: string, number: number) {
    const found = this.snapshots.find((s) => s.number === number);
    if (!found)
      throw new KairnError('not-found', { reason: 'snapshot-missing', detail: String(number) });
    return found;
  }
  async snapshotDir(_config: string, number: number) {
    return join(this.subvolume, '.snapshots', String(number), 'snapshot');
  }
  watch() {
    return () => undefined;
  }
  createSingleSnapshot(): Promise<number> {
    throw new Error('not in the bench');
  }
  setSnapshot(): Promise<void> {
    throw new Error('not in the bench');
  }
  compare(): never {
    throw new Error('not in the bench');
  }
  createConfig(): Promise<void> {
    throw new Error('not in the bench');
  }
}

async function seed(home: string): Promise<void> {
  for (let d = 0; d < FOLDERS; d += 1) {
    await mkdir(join(home, `Folder ${d}`), { recursive: true });
    for (let f = 0; f < FILES_PER_FOLDER; f += 1)
      await writeFile(join(home, `Folder ${d}`, `note-${f}.txt`), `note ${d}/${f}\n`);
  }
  await writeFile(join(home, 'Folder 0', `${OLDEST_ONLY}.odt`), 'old\n');
}

/** Snapshots in batches of one shell each (a process per snapshot costs more than the snapshot). */
async function makeSnapshots(home: string, snapper: BenchSnapper): Promise<void> {
  const start = performance.now();
  const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  let script: string[] = [];
  const flush = async (): Promise<void> => {
    if (script.length > 0)
      await run('sh', ['-ec', script.join('\n')], {
        timeout: 600_000,
        maxBuffer: 64 * 1024 * 1024,
      });
    script = [];
  };
  const date0 = Math.floor(Date.now() / 1000) - SNAPSHOTS * 3600;
  for (let i = 1; i <= SNAPSHOTS; i += 1) {
    if (i === 2) script.push(`rm ${q(join(home, 'Folder 0', `${OLDEST_ONLY}.odt`))}`);
    if (i % CHANGE_EVERY === 0) {
      script.push(
        `echo new > ${q(join(home, `Folder ${(i / CHANGE_EVERY) % FOLDERS}`, `new-${i}.txt`))}`,
      );
      const gone = i - 5 * CHANGE_EVERY;
      if (gone > 0)
        script.push(
          `rm -f ${q(join(home, `Folder ${(gone / CHANGE_EVERY) % FOLDERS}`, `new-${gone}.txt`))}`,
        );
    }
    const dir = join(home, '.snapshots', String(i));
    script.push(
      `mkdir ${q(dir)}`,
      `btrfs -q subvolume snapshot -r ${q(home)} ${q(join(dir, 'snapshot'))}`,
    );
    snapper.snapshots.push({
      number: i,
      type: 'single',
      preNumber: 0,
      date: date0 + i * 3600,
      uid: 0,
      description: '',
      cleanup: 'timeline',
      userdata: {},
    });
    if (i % 100 === 0) {
      await flush();
      process.stdout.write(
        `  ${i} points (${((performance.now() - start) / 1000).toFixed(0)} s)\n`,
      );
    }
  }
  await flush();
}

async function remount(loop: BtrfsLoop): Promise<void> {
  await run('umount', [loop.mountPoint]);
  await run('mount', [loop.device, loop.mountPoint]);
}

/** Today's search: every point walked, newest first, each path once (as search.ts did before the index). */
async function walkAll(snapper: BenchSnapper, home: string, query: string): Promise<number> {
  const walker = new SearchWalker(nodeFileSystem, query, new AbortController().signal);
  const seen = new Set<string>();
  const roots = [
    home,
    ...[...snapper.snapshots]
      .reverse()
      .map((s) => join(home, '.snapshots', String(s.number), 'snapshot')),
  ];
  for (const root of roots) await walker.walk(root, (rel) => void seen.add(rel));
  return seen.size;
}

async function timed<T>(op: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await op();
  return { ms: performance.now() - start, value };
}

async function measure(loop: BtrfsLoop, home: string, snapper: BenchSnapper): Promise<void> {
  const events = new EventBus();
  const jobs = new JobRunner(events);
  const env = {
    home,
    uid: 0,
    gid: 0,
    userName: 'root',
    osReleasePath: null,
    stateDir: join(loop.mountPoint, 'state'),
    demo: false,
  };
  const files = new FilesServiceImpl({
    env,
    snapper,
    locator: new SnapshotLocator(snapper, nodeFileSystem),
    jobs,
    events,
    fs: nodeFileSystem,
  });
  const firstFound = new Map<string, number>();
  events.subscribe((event: EventName, payload) => {
    if (event !== 'search.found') return;
    const { jobId } = payload as { jobId: string };
    if (!firstFound.has(jobId)) firstFound.set(jobId, performance.now());
  });
  /** One files.search: total ms, ms to the first batch shown, matches. */
  const search = async (query: string) => {
    const start = performance.now();
    const jobId = await files.search({ config: CONFIG, query });
    const done = await jobs.wait(jobId);
    const ms = performance.now() - start;
    if (done.state !== 'done') throw new Error(`search ended ${done.state}`);
    const matches = done.finished?.kind === 'search' ? (done.finished.result?.matches ?? 0) : 0;
    return { ms, firstMs: (firstFound.get(jobId) ?? NaN) - start, matches };
  };
  const out = (line: string) => process.stdout.write(`${line}\n`);
  try {
    // Cold runs alternate (walk, search, walk, …) so load from elsewhere on the machine hits both alike.
    const walkColdTimes: number[] = [];
    const coldTimes: number[] = [];
    let walkMatches = 0;
    const hold = files.searchIndex.holdForSearch(); // the first searches ever: nothing indexed yet
    for (let i = 0; i < 3; i += 1) {
      await remount(loop);
      const walk = await timed(() => walkAll(snapper, home, QUERY));
      walkColdTimes.push(walk.ms);
      walkMatches = walk.value;
      await remount(loop);
      const cold = await search(QUERY);
      if (cold.matches !== walkMatches)
        throw new Error(`cold search found ${cold.matches}, the walk ${walkMatches}`);
      coldTimes.push(cold.ms);
    }
    const walkCold = median(walkColdTimes);
    const walkTimes: number[] = [];
    for (let i = 0; i < 3; i += 1)
      walkTimes.push((await timed(() => walkAll(snapper, home, QUERY))).ms);
    const walkWarm = median(walkTimes);
    out(
      `today's walk (${SNAPSHOTS} points, ${walkMatches} matches): cold ${walkCold.toFixed(0)} ms, warm ${walkWarm.toFixed(0)} ms`,
    );
    const coldMs = median(coldTimes);
    out(
      `cold search (no index yet): ${coldMs.toFixed(0)} ms, ratio ${(coldMs / walkCold).toFixed(2)} of today's cold walk (target <= 1)`,
    );
    hold();

    const build = await timed(() => files.searchIndex.idle());
    const size = await files.searchIndex.store.sizeOf(CONFIG);
    out(
      `index build (background, low priority): ${(build.ms / 1000).toFixed(1)} s for ${files.searchIndex.built} points (${files.searchIndex.failed} failed)`,
    );
    out(
      `index size on disk: ${(size / 1024 / 1024).toFixed(1)} MiB (${(size / SNAPSHOTS / 1024).toFixed(1)} KiB per point)`,
    );

    await remount(loop);
    const indexedCold = await search(QUERY);
    const warm: number[] = [];
    const firsts: number[] = [];
    let matches = 0;
    for (let i = 0; i < RUNS; i += 1) {
      const r = await search(QUERY);
      warm.push(r.ms);
      firsts.push(r.firstMs);
      matches = r.matches;
    }
    if (matches !== walkMatches)
      throw new Error(`indexed search found ${matches}, the walk ${walkMatches}`);
    const warmMs = median(warm);
    out(
      `indexed search: cold ${indexedCold.ms.toFixed(0)} ms, warm ${warmMs.toFixed(0)} ms (${matches} matches)`,
    );
    out(
      `warm indexed / today's walk: ${(warmMs / walkWarm).toFixed(3)} of warm walk, ${(warmMs / walkCold).toFixed(3)} of cold walk (target <= 0.1)`,
    );
    const oldest: number[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      const r = await search(OLDEST_ONLY);
      if (r.matches !== 1) throw new Error(`${OLDEST_ONLY}: ${r.matches} matches`);
      oldest.push(r.firstMs);
    }
    out(
      `first match shown: ${median(firsts).toFixed(0)} ms; for a name only the oldest point holds: ${median(oldest).toFixed(0)} ms (target <= 200)`,
    );
  } finally {
    await jobs.shutdown();
    await files.close();
  }
}

async function main(): Promise<number> {
  if (process.getuid?.() !== 0) {
    process.stderr.write('search-bench needs root (loop btrfs); skipped.\n');
    return 2;
  }
  const base = await mkdtemp(join(tmpdir(), 'kairn-search-bench-'));
  let loop: BtrfsLoop | null = null;
  const cleanup = async () => {
    await loop?.stop();
    await rm(base, { recursive: true, force: true });
  };
  const onSignal = () => void cleanup().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    loop = await startBtrfsLoop({ dir: base, sizeMiB: 2048 });
    const home = await loop.createSubvolume('home');
    await run('btrfs', ['-q', 'subvolume', 'create', join(home, '.snapshots')]);
    await seed(home);
    const snapper = new BenchSnapper(home);
    await makeSnapshots(home, snapper);
    await measure(loop, home, snapper);
    return 0;
  } finally {
    await cleanup();
  }
}

process.exitCode = await main();
