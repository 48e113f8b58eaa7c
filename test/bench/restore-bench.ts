/**
 * Restore benchmark (root only): a 2 GB folder (8 × 256 MB) on a loop-mounted btrfs, snapshotted
 * read-only like snapper does, restored with Kairn's engine (keep both, into the live folder)
 * and copied with `cp -a --reflink=never` for comparison.
 * Run: `node --import tsx test/bench/restore-bench.ts`
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { EventBus } from '../../electron/core/api/events';
import { JobRunner } from '../../electron/core/jobs/job-runner';
import type { SnapperPort } from '../../electron/core/ports/snapper';
import { RestoreServiceImpl } from '../../electron/core/restore/service';
import { SnapshotLocator } from '../../electron/core/snapshots/locator';
import { nodeFileSystem } from '../../electron/backends/restore-fs/node-fs';
import { startBtrfsLoop, type BtrfsLoop } from '../harness/btrfs-loop';

const run = promisify(execFile);
const FILES = 8;
const FILE_MIB = 256;
/** 2 GB of data, its byte copy by cp (another 2 GB) and metadata: the restore itself shares blocks. */
const IMAGE_MIB = 5 * 1024;

async function sh(command: string, args: string[]): Promise<void> {
  await run(command, args, { timeout: 600_000, maxBuffer: 16 * 1024 * 1024 });
}

/** Writes `mib` MiB quickly: one random MiB, each copy stamped with its index so no two blocks match. */
async function writeData(path: string, mib: number): Promise<void> {
  const chunk = randomBytes(1024 * 1024);
  const handle = await open(path, 'w');
  try {
    for (let i = 0; i < mib; i += 1) {
      chunk.writeUInt32LE(i, 0);
      await handle.write(chunk, 0, chunk.length, i * chunk.length);
    }
  } finally {
    await handle.close();
  }
}

function stubSnapper(home: string, snapshotDir: string): SnapperPort {
  const info = {
    number: 1,
    type: 'single' as const,
    preNumber: 0,
    date: Date.now() / 1000,
    uid: 0,
    description: 'bench',
    cleanup: '',
    userdata: {},
  };
  const stub: Partial<SnapperPort> = {
    listConfigs: async () => [{ name: 'bench', subvolume: home, values: {} }],
    snapshotDir: async () => snapshotDir,
    getSnapshot: async () => info,
    watch: () => () => undefined,
  };
  return stub as SnapperPort;
}

async function timed(op: () => Promise<void>): Promise<number> {
  await sh('sync', []);
  const start = performance.now();
  await op();
  return performance.now() - start;
}

async function bench(loop: BtrfsLoop, base: string): Promise<void> {
  const home = await loop.createSubvolume('home');
  const data = join(home, 'Data');
  await mkdir(data);
  for (let i = 0; i < FILES; i += 1) await writeData(join(data, `file-${i}.bin`), FILE_MIB);
  await mkdir(join(home, '.snapshots/1'), { recursive: true });
  const snapshot = join(home, '.snapshots/1/snapshot');
  await sh('btrfs', ['subvolume', 'snapshot', '-r', home, snapshot]);

  const snapper = stubSnapper(home, snapshot);
  const jobs = new JobRunner(new EventBus());
  const env = {
    home,
    uid: 0,
    gid: 0,
    userName: 'root',
    osReleasePath: null,
    stateDir: join(base, 'state'),
    demo: false,
  };
  const service = new RestoreServiceImpl({
    env,
    locator: new SnapshotLocator(snapper, nodeFileSystem),
    jobs,
    fs: nodeFileSystem,
    snapper,
  });
  let result: unknown = null;
  const ours = await timed(async () => {
    const done = await jobs.wait(
      await service.start({ config: 'bench', snapshot: 1, paths: [data], mode: 'keep-both' }),
    );
    if (done.state !== 'done')
      throw new Error(`restore ended ${done.state}: ${JSON.stringify(done.finished?.error)}`);
    result = done.finished?.result;
  });
  const cp = await timed(() =>
    sh('cp', ['-a', '--reflink=never', join(snapshot, 'Data'), join(home, 'Data-cp')]),
  );
  const { restored, files, bytes, cloned } = result as {
    restored: string[];
    files: number;
    bytes: number;
    cloned: boolean;
  };
  await sh('cmp', [join(restored[0]!, 'file-7.bin'), join(home, 'Data-cp/file-7.bin')]);
  process.stdout.write(
    `restored ${files} files, ${(bytes / 1e9).toFixed(2)} GB to ${restored[0]}, cloned: ${cloned}\n`,
  );
  process.stdout.write(
    `restore 2 GB: ${ours.toFixed(0)} ms, cp -a --reflink=never: ${cp.toFixed(0)} ms, ratio ${(ours / cp).toFixed(4)} (target <= 0.2)\n`,
  );
  await jobs.shutdown();
}

async function main(): Promise<number> {
  if (process.getuid?.() !== 0) {
    process.stderr.write('restore-bench needs root (loop-mounted btrfs); skipped.\n');
    return 2;
  }
  const base = await mkdtemp(join(tmpdir(), 'kairn-restore-bench-'));
  let loop: BtrfsLoop | null = null;
  const cleanup = async () => {
    await loop?.stop();
    await rm(base, { recursive: true, force: true });
  };
  const onSignal = () => void cleanup().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    loop = await startBtrfsLoop({ dir: base, sizeMiB: IMAGE_MIB });
    await bench(loop, base);
    return 0;
  } finally {
    await cleanup();
  }
}

process.exitCode = await main();
