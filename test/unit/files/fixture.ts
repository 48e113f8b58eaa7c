import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

import type { EventName } from '../../../shared/api/contract';
import type { SearchMatch } from '../../../shared/schemas/files';
import { nodeFileSystem } from '../../../electron/backends/restore-fs/node-fs';
import { EventBus } from '../../../electron/core/api/events';
import type { KairnEnvironment } from '../../../electron/core/env';
import { KairnError } from '../../../electron/core/errors';
import type { FilesDeps } from '../../../electron/core/files/context';
import { FilesServiceImpl } from '../../../electron/core/files/service';
import { JobRunner } from '../../../electron/core/jobs/job-runner';
import type { FileSystemPort } from '../../../electron/core/ports/file-system';
import { SnapshotLocator } from '../../../electron/core/snapshots/locator';
import { FaultyFs } from '../../fakes/faulty-fs';
import { FakeSnapper } from '../../fakes/snapper-fake';
import { makeTempDir } from '../../harness/tmp';

export interface FilesFixture {
  base: string;
  /** Everything FilesServiceImpl takes except the file system, for tests that bring their own. */
  deps: Omit<FilesDeps, 'fs'>;
  home: string;
  snapper: FakeSnapper;
  events: EventBus;
  jobs: JobRunner;
  faulty: FaultyFs;
  service: FilesServiceImpl;
  /** Every search.found batch, in order. */
  found: Array<{ jobId: string; matches: SearchMatch[] }>;
  /** Awaited before every readdir (lets a test hold a search mid-walk without sleeping). */
  beforeReaddir: (() => Promise<void>) | null;
  remove(): Promise<void>;
}

/** A home with snapper config "home" (FakeSnapper) and a files service on a real fs that can fail on demand. */
export async function makeFilesFixture(): Promise<FilesFixture> {
  const tmp = await makeTempDir('kairn-files-');
  const home = join(tmp.path, 'home');
  await mkdir(home);
  const snapper = new FakeSnapper();
  snapper.addConfig('home', home, { ALLOW_USERS: 'alice', SYNC_ACL: 'yes' });
  const events = new EventBus();
  const jobs = new JobRunner(events);
  const env: KairnEnvironment = {
    home,
    uid: 1000,
    gid: 1000,
    userName: 'alice',
    osReleasePath: null,
    stateDir: join(tmp.path, 'state'),
    demo: false,
  };
  const locator = new SnapshotLocator(snapper, nodeFileSystem);
  const fixture: FilesFixture = {
    base: tmp.path,
    deps: { env, snapper, locator, jobs, events },
    home,
    snapper,
    events,
    jobs,
    faulty: undefined as unknown as FaultyFs,
    service: undefined as unknown as FilesServiceImpl,
    found: [],
    beforeReaddir: null,
    remove: async () => {
      await jobs.shutdown();
      await fixture.service.close();
      await tmp.remove();
    },
  };
  const gated: FileSystemPort = {
    ...nodeFileSystem,
    readdir: (async (...args: Parameters<typeof nodeFileSystem.readdir>) => {
      await fixture.beforeReaddir?.();
      return nodeFileSystem.readdir(...args);
    }) as typeof nodeFileSystem.readdir,
  };
  fixture.faulty = new FaultyFs(gated);
  fixture.service = new FilesServiceImpl({ ...fixture.deps, fs: fixture.faulty.fs });
  events.subscribe((event: EventName, payload) => {
    if (event === 'search.found')
      fixture.found.push(payload as { jobId: string; matches: SearchMatch[] });
  });
  return fixture;
}

/** Writes files (relative path → content) under root, creating folders; optional fixed mtime. */
export async function writeTree(
  root: string,
  files: Record<string, string | Buffer>,
  mtime?: Date,
): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    const path = join(root, rel);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
    if (mtime) await utimes(path, mtime, mtime);
  }
}

/** The KairnError a promise rejects with (fails the test when it resolves or throws something else). */
export async function rejection(promise: Promise<unknown>): Promise<KairnError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof KairnError) return err;
    throw new Error(`expected a KairnError, got ${String(err)}`);
  }
  throw new Error('expected the call to fail');
}
