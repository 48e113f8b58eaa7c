import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readFile, readdir, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { EventBus } from '../../../electron/core/api/events';
import { JobRunner } from '../../../electron/core/jobs/job-runner';
import type { ProcessesPort } from '../../../electron/core/ports/processes';
import { REPLACED_KEEP_DAYS } from '../../../electron/core/restore/expiry';
import { RestoreJournal, sweepJournals } from '../../../electron/core/restore/journal';
import { RestoreServiceImpl } from '../../../electron/core/restore/service';
import { SnapshotLocator } from '../../../electron/core/snapshots/locator';
import { nodeProcesses } from '../../../electron/backends/os/processes';
import { nodeFileSystem } from '../../../electron/backends/restore-fs/node-fs';
import { FakeSnapper } from '../../fakes/snapper-fake';
import { makeTempDir } from '../../harness/tmp';
import {
  SNAPSHOT_TIME,
  digestTree,
  type Fixture,
  makeFixture,
  restore,
  tempLeftovers,
  writeTree,
} from './helpers';

/**
 * Issue 6, item 3: what a restore killed hard leaves (hidden temp copies, created folders) is
 * swept by the next restore service, from the job's journal; replaced versions expire after
 * REPLACED_KEEP_DAYS.
 */

const DAY = 24 * 60 * 60 * 1000;
const DEAD = 4_000_000; // above Linux's pid_max: no process can have it
const processes: ProcessesPort = { pid: 1, isAlive: (pid) => pid !== DEAD };

/** A restore service as a freshly started host builds it, with its own clock. */
function serviceFor(
  home: string,
  stateDir: string,
  now: () => Date = () => new Date(),
  snapper = new FakeSnapper(),
  jobs = new JobRunner(new EventBus()),
): RestoreServiceImpl {
  const env = {
    home,
    uid: process.getuid?.() ?? 0,
    gid: process.getgid?.() ?? 0,
    userName: 't',
    osReleasePath: null,
    stateDir,
    demo: false,
  };
  return new RestoreServiceImpl({
    env,
    locator: new SnapshotLocator(snapper, nodeFileSystem),
    jobs,
    fs: nodeFileSystem,
    processes: nodeProcesses,
    now,
  });
}

async function journals(stateDir: string): Promise<string[]> {
  return (await readdir(join(stateDir, 'restore-journal')).catch(() => [])).filter((n) =>
    n.endsWith('.json'),
  );
}

describe('a restore killed with SIGKILL mid-copy', () => {
  let tmp: { path: string; remove(): Promise<void> };
  beforeEach(async () => {
    tmp = await makeTempDir('kairn-restore-kill-');
  });
  afterEach(async () => {
    await tmp.remove();
  });

  it('leaves a journal; the next restore service removes the half-written temp copy and the folder it made', async () => {
    const home = join(tmp.path, 'home');
    const stateDir = join(tmp.path, 'state');
    await writeTree(join(home, '.snapshots/1/snapshot'), {
      'Gone/big.bin': randomBytes(12 * 1024 * 1024),
      'keep.txt': 'snap',
    });
    await writeTree(home, { 'keep.txt': 'live', 'Other/x.txt': 'x' });
    await mkdir(join(tmp.path, 'tmp'));
    const before = await digestTree(home);

    const script = join(import.meta.dirname, 'fixtures/restore-killed.ts');
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        script,
        JSON.stringify({ home, stateDir, path: join(home, 'Gone/big.bin') }),
      ],
      {
        cwd: join(import.meta.dirname, '../../..'),
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: tmp.path,
          TMPDIR: join(tmp.path, 'tmp'),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_code, signal) => resolve(signal)),
    );
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`child never reached mid-copy: ${output}`)),
        60_000,
      );
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('mid-copy')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      void exited.then(() => reject(new Error(`child exited early: ${output}`)));
    });
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    // What the kill left: the created folder with a hidden, half-written temp copy, and the journal.
    const left = await tempLeftovers(home);
    expect(left.map((p) => p.startsWith(join(home, 'Gone/.big.bin.kairn-tmp-')))).toEqual([true]);
    expect((await lstat(left[0]!)).size).toBeLessThan(12 * 1024 * 1024);
    expect(await journals(stateDir)).toHaveLength(1);

    await serviceFor(home, stateDir).sweepLeftovers();
    expect(await tempLeftovers(home)).toEqual([]);
    expect(await readdir(home)).not.toContain('Gone');
    expect(await journals(stateDir)).toEqual([]);
    expect(await digestTree(home)).toEqual(before);
  }, 90_000);
});

describe('sweeping journals', () => {
  let fx: Fixture;
  beforeEach(async () => {
    fx = await makeFixture();
  });
  afterEach(async () => {
    await fx.remove();
  });

  async function journalOf(pid: number, entries: ['temp' | 'dir', string][]): Promise<void> {
    const journal = new RestoreJournal(
      nodeFileSystem,
      fx.stateDir,
      pid,
      crypto.randomUUID(),
      new Date(),
    );
    for (const [kind, path] of entries) await journal.record(kind, path, fx.home);
  }

  it('removes only Kairn temp names and empty created folders, never through a link, and only for dead processes', async () => {
    const outside = join(fx.base, 'outside');
    const tempName = '.a.txt.kairn-tmp-0123456789ab';
    await writeTree(fx.home, {
      [`Made/${tempName}`]: 'half',
      'Full/mine.txt': 'user data',
      'not-a-temp.txt': 'user data',
    });
    await mkdir(join(fx.home, 'Made/Inner'));
    await writeTree(outside, { [tempName]: 'outside, not ours' });
    await symlink(outside, join(fx.home, 'Linked'));
    await writeTree(fx.home, { [`Alive/${tempName}`]: 'a running job' });
    await journalOf(DEAD, [
      ['dir', join(fx.home, 'Made')],
      ['dir', join(fx.home, 'Made/Inner')],
      ['temp', join(fx.home, 'Made', tempName)],
      ['temp', join(fx.home, 'not-a-temp.txt')],
      ['temp', join(fx.home, 'Linked', tempName)],
      ['dir', join(fx.home, 'Full')],
    ]);
    await journalOf(12345, [['temp', join(fx.home, 'Alive', tempName)]]);
    const outsideBefore = await digestTree(outside);

    const removed = await sweepJournals(nodeFileSystem, fx.stateDir, processes);
    expect(removed.sort()).toEqual(
      [join(fx.home, 'Made'), join(fx.home, 'Made', tempName), join(fx.home, 'Made/Inner')].sort(),
    );
    expect(await readdir(fx.home)).not.toContain('Made');
    expect(await readFile(join(fx.home, 'not-a-temp.txt'), 'utf8')).toBe('user data');
    expect(await readFile(join(fx.home, 'Full/mine.txt'), 'utf8')).toBe('user data');
    expect(await digestTree(outside)).toEqual(outsideBefore);
    // The live job's journal and temp copy stay.
    expect(await readFile(join(fx.home, 'Alive', tempName), 'utf8')).toBe('a running job');
    expect(await journals(fx.stateDir)).toHaveLength(1);
  });

  // Failed and cancelled jobs: faults.test.ts checks that they leave no journal either.
  it('a finished job leaves no journal', async () => {
    await writeTree(fx.home, { 'New/a.txt': 'a' });
    await fx.snapper.snapshotNow('home', 'x', SNAPSHOT_TIME);
    await rm(join(fx.home, 'New'), { recursive: true });
    const done = await restore(fx, {
      config: 'home',
      snapshot: 1,
      paths: [join(fx.home, 'New/a.txt')],
      mode: 'keep-both',
    });
    expect(done.state).toBe('done');
    expect(await readdir(join(fx.stateDir, 'restore-journal'))).toEqual([]);
  });
});

describe('replaced versions expire', () => {
  let fx: Fixture;
  beforeEach(async () => {
    fx = await makeFixture();
    await writeTree(fx.home, { 'Documents/report.odt': 'snapshot version' });
    await fx.snapper.snapshotNow('home', 'before', SNAPSHOT_TIME);
    await writeTree(fx.home, { 'Documents/report.odt': 'current version' });
  });
  afterEach(async () => {
    await fx.remove();
  });

  it(`after ${REPLACED_KEEP_DAYS} days, with their undo records; not before`, async () => {
    const t0 = new Date('2027-01-10T12:00:00Z');
    const doc = join(fx.home, 'Documents/report.odt');
    const jobs = new JobRunner(new EventBus());
    const replacing = serviceFor(fx.home, fx.stateDir, () => t0, fx.snapper, jobs);
    const jobId = await replacing.start({
      config: 'home',
      snapshot: 1,
      paths: [doc],
      mode: 'replace',
    });
    const undoId = ((await jobs.wait(jobId)).finished?.result as { undoId: string }).undoId;
    expect(
      JSON.parse(await readFile(join(fx.stateDir, 'undo', `${undoId}.json`), 'utf8')),
    ).toMatchObject({ createdAt: t0.toISOString() });
    const holding = join(fx.home, 'Documents/.kairn-replaced');
    expect(await readdir(holding)).toHaveLength(1);

    await serviceFor(
      fx.home,
      fx.stateDir,
      () => new Date(t0.getTime() + (REPLACED_KEEP_DAYS - 1) * DAY),
    ).sweepLeftovers();
    expect(await readdir(holding)).toHaveLength(1);
    expect(await readdir(join(fx.stateDir, 'undo'))).toHaveLength(1);

    const later = serviceFor(
      fx.home,
      fx.stateDir,
      () => new Date(t0.getTime() + (REPLACED_KEEP_DAYS + 1) * DAY),
    );
    await later.sweepLeftovers();
    expect(await readdir(join(fx.home, 'Documents'))).toEqual(['report.odt']);
    expect(await readFile(doc, 'utf8')).toBe('snapshot version');
    expect(await readdir(join(fx.stateDir, 'undo'))).toEqual([]);
    await expect(later.undo(undoId)).rejects.toMatchObject({
      code: 'not-found',
      reason: 'undo-not-found',
    });
  });
});
