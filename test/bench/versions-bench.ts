/**
 * Versions benchmark (root only): real snapperd on a loop-mounted btrfs with 1 000 snapshots of a
 * small home; the versions of one file (files.versions) are timed against `snapper -c NAME list`
 * on the same config, both warm, median of several runs. Also times a name search over all of them.
 * Run: `node --import tsx test/bench/versions-bench.ts`
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { nodeFileSystem } from '../../electron/backends/restore-fs/node-fs';
import { EventBus } from '../../electron/core/api/events';
import { FilesServiceImpl } from '../../electron/core/files/service';
import { JobRunner } from '../../electron/core/jobs/job-runner';
import { SnapshotLocator } from '../../electron/core/snapshots/locator';
import { realSnapperProblem, startSnapperEnv, type SnapperEnv } from '../harness/snapper-env';

const run = promisify(execFile);
const SNAPSHOTS = Number(process.env.KAIRN_BENCH_SNAPSHOTS ?? 1000);
/** The file changes every CHANGE_EVERY snapshots: 1 000 snapshots hold 20 distinct versions. */
const CHANGE_EVERY = 50;
const RUNS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function timeRuns(op: () => Promise<unknown>): Promise<number> {
  await op(); // warm: page cache, snapperd's own caches, the locator's config list
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const start = performance.now();
    await op();
    times.push(performance.now() - start);
  }
  return median(times);
}

/** A small home: 100 folders of 10 files, and the document whose history is measured. */
async function seed(home: string): Promise<string> {
  for (let d = 0; d < 100; d += 1) {
    await mkdir(join(home, `Folder ${d}`), { recursive: true });
    for (let f = 0; f < 10; f += 1)
      await writeFile(join(home, `Folder ${d}`, `note-${f}.txt`), `note ${d}/${f}\n`);
  }
  await mkdir(join(home, 'Documents'));
  const doc = join(home, 'Documents', 'report.txt');
  await writeFile(doc, 'version 0\n');
  return doc;
}

async function makeSnapshots(env: SnapperEnv, doc: string): Promise<void> {
  const start = performance.now();
  for (let i = 1; i <= SNAPSHOTS; i += 1) {
    if (i % CHANGE_EVERY === 0) {
      await writeFile(doc, `version ${i / CHANGE_EVERY}\n`);
      await writeFile(join(env.subvolume, `Folder ${i % 100}`, `new-${i}.txt`), 'new\n');
    }
    await env.snapshot(`bench ${i}`);
    if (i % 100 === 0)
      process.stdout.write(
        `  ${i} snapshots (${((performance.now() - start) / 1000).toFixed(0)} s)\n`,
      );
  }
}

async function measure(env: SnapperEnv, doc: string, base: string): Promise<void> {
  const events = new EventBus();
  const jobs = new JobRunner(events);
  const kairnEnv = {
    home: env.subvolume,
    uid: 0,
    gid: 0,
    userName: 'root',
    osReleasePath: null,
    stateDir: join(base, 'state'),
    demo: false,
  };
  const files = new FilesServiceImpl({
    env: kairnEnv,
    snapper: env.snapper,
    locator: new SnapshotLocator(env.snapper, nodeFileSystem),
    jobs,
    events,
    fs: nodeFileSystem,
  });
  const result = await files.versions(env.config, doc);
  const versionsMs = await timeRuns(() => files.versions(env.config, doc));
  const listMs = await timeRuns(() =>
    run('snapper', ['-c', env.config, 'list'], { maxBuffer: 64 * 1024 * 1024 }),
  );
  process.stdout.write(
    `${result.versions.length} distinct versions of ${doc} in ${SNAPSHOTS} snapshots\n`,
  );
  process.stdout.write(
    `versions/${SNAPSHOTS} snapshots: ${versionsMs.toFixed(0)} ms, snapper list: ${listMs.toFixed(0)} ms, ratio ${(versionsMs / listMs).toFixed(2)} (target <= 2)\n`,
  );
  let matches = 0;
  const searchMs = await timeRuns(async () => {
    const done = await jobs.wait(await files.search({ config: env.config, query: 'new-' }));
    if (done.state !== 'done') throw new Error(`search ended ${done.state}`);
    matches = done.finished?.kind === 'search' ? (done.finished.result?.matches ?? 0) : 0;
  });
  process.stdout.write(
    `search/${SNAPSHOTS} snapshots (1 000 files + ${matches} matches): ${searchMs.toFixed(0)} ms\n`,
  );
  await jobs.shutdown();
}

async function main(): Promise<number> {
  const problem = await realSnapperProblem();
  if (problem !== null) {
    process.stderr.write(
      `versions-bench needs real snapperd on a loop btrfs (${problem}); skipped.\n`,
    );
    return 2;
  }
  const base = await mkdtemp(join(tmpdir(), 'kairn-versions-bench-'));
  let env: SnapperEnv | null = null;
  const cleanup = async () => {
    // delete-config removes the 1 000 snapshots one by one: more than the harness's 60 s under load.
    if (env)
      await run('snapper', ['--no-dbus', '-c', env.config, 'delete-config'], {
        timeout: 900_000,
      }).catch(() => undefined);
    await env?.stop();
    await rm(base, { recursive: true, force: true });
  };
  const onSignal = () => void cleanup().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await mkdir(join(base, 'env'));
    env = await startSnapperEnv({ real: true, dir: join(base, 'env') });
    const doc = await seed(env.subvolume);
    await makeSnapshots(env, doc);
    await measure(env, doc, base);
    return 0;
  } finally {
    await cleanup();
  }
}

process.exitCode = await main();
