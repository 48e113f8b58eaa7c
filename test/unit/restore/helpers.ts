import { createHash } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, readlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

import type { RestoreResult } from '../../../shared/schemas/jobs';
import { EventBus } from '../../../electron/core/api/events';
import type { KairnEnvironment } from '../../../electron/core/env';
import { JobRunner } from '../../../electron/core/jobs/job-runner';
import type { FileSystemPort } from '../../../electron/core/ports/file-system';
import { restoredLabel } from '../../../electron/core/restore/naming';
import { RestoreServiceImpl } from '../../../electron/core/restore/service';
import { SnapshotLocator } from '../../../electron/core/snapshots/locator';
import { nodeProcesses } from '../../../electron/backends/os/processes';
import { nodeFileSystem } from '../../../electron/backends/restore-fs/node-fs';
import { FakeSnapper } from '../../fakes/snapper-fake';
import { makeTempDir } from '../../harness/tmp';

/** Snapshot 1 of every fixture is taken at this local time: labels read "restored from Tue 3 Nov 14.00" (with the year once it is not this year). */
export const SNAPSHOT_TIME = new Date(2026, 10, 3, 14, 0, 0);
export const LABEL = restoredLabel(SNAPSHOT_TIME);

export interface Fixture {
  base: string;
  home: string;
  stateDir: string;
  snapper: FakeSnapper;
  jobs: JobRunner;
  events: EventBus;
  service: RestoreServiceImpl;
  /** Where snapshot n's copy of a live path is. */
  inSnapshot(n: number, livePath: string): string;
  remove(): Promise<void>;
}

/** A home with a snapper config "home", a restore service on `fs` (the real one by default). */
export async function makeFixture(
  fs: FileSystemPort = nodeFileSystem,
  uid = process.getuid?.() ?? 0,
): Promise<Fixture> {
  const tmp = await makeTempDir('kairn-restore-');
  const home = join(tmp.path, 'home');
  const stateDir = join(tmp.path, 'state');
  await mkdir(home);
  const snapper = new FakeSnapper();
  snapper.addConfig('home', home);
  const events = new EventBus();
  const jobs = new JobRunner(events);
  const locator = new SnapshotLocator(snapper, nodeFileSystem);
  const env: KairnEnvironment = {
    home,
    uid,
    gid: process.getgid?.() ?? 0,
    userName: 'test',
    osReleasePath: null,
    stateDir,
    demo: false,
  };
  const service = new RestoreServiceImpl({
    env,
    locator,
    jobs,
    fs,
    snapper,
    processes: nodeProcesses,
  });
  return {
    base: tmp.path,
    home,
    stateDir,
    snapper,
    jobs,
    events,
    service,
    inSnapshot: (n, livePath) =>
      join(home, '.snapshots', String(n), 'snapshot', livePath.slice(home.length)),
    remove: async () => {
      await jobs.shutdown();
      await tmp.remove();
    },
  };
}

/** Writes files (path relative to `root` → content), creating folders on the way. */
export async function writeTree(
  root: string,
  files: Record<string, string | Buffer>,
): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, rel)), { recursive: true });
    await writeFile(join(root, rel), content);
  }
}

/** Every entry under root (lstat, never followed) → a digest: sha256 of files, link targets, folder marks. */
export async function digestTree(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (abs: string, rel: string): Promise<void> => {
    const st = await lstat(abs);
    if (st.isSymbolicLink()) out.set(rel, `link:${await readlink(abs)}`);
    else if (st.isFile())
      out.set(
        rel,
        `file:${createHash('sha256')
          .update(await readFile(abs))
          .digest('hex')}:${st.mode}`,
      );
    else if (st.isDirectory()) {
      out.set(rel, `dir:${st.mode}`);
      for (const name of await readdir(abs)) await walk(join(abs, name), join(rel, name));
    }
  };
  await walk(root, '.');
  return out;
}

/** Entries that existed before and are changed or gone now (new entries are fine); `except` are expected to change. */
export function changedOrLost(
  before: Map<string, string>,
  after: Map<string, string>,
  except: string[] = [],
): string[] {
  return [...before]
    .filter(([rel, digest]) => after.get(rel) !== digest && !except.includes(rel))
    .map(([rel]) => rel);
}

/** Names under root that are restore temp leftovers. */
export async function tempLeftovers(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (abs: string): Promise<void> => {
    for (const entry of await readdir(abs, { withFileTypes: true })) {
      const path = join(abs, entry.name);
      if (entry.name.includes('.kairn-tmp-')) found.push(path);
      if (entry.isDirectory()) await walk(path);
    }
  };
  await walk(root);
  return found;
}

/** Runs a restore to the end and returns the finished job (result or error). */
export async function restore(fx: Fixture, params: Parameters<RestoreServiceImpl['start']>[0]) {
  const jobId = await fx.service.start(params);
  const snapshot = await fx.jobs.wait(jobId);
  return {
    jobId,
    state: snapshot.state,
    result: snapshot.finished?.result as RestoreResult | null,
    error: snapshot.finished?.error ?? null,
  };
}
