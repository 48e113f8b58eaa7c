/**
 * Restore points on Fedora Atomic / Universal Blue: the rpm-ostree adapter against the rpm-ostree
 * simulator on a private system bus, through dispatch: the list with its marks, what changed in
 * words, going back as a transaction with progress, undo, busy, access denied, the daemon dying
 * mid-transaction and a transaction that never finishes. Then the CLI on the same bus.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import dbus from 'dbus-next';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { MethodName, ParamsIn, ResultOf } from '../../shared/api/contract';
import type { JobProgress, JobSnapshot } from '../../shared/schemas/jobs';
import { callMethod } from '../../electron/backends/dbus/call';
import { BusConnection } from '../../electron/backends/dbus/connection';
import { BusServiceNames } from '../../electron/backends/os/names';
import { nodeProcesses } from '../../electron/backends/os/processes';
import { nodeFileSystem } from '../../electron/backends/restore-fs/node-fs';
import { OstreeRestartDetection } from '../../electron/backends/restart-detection/ostree';
import { UnavailableUpdates } from '../../electron/core/updates/unavailable';
import { RpmOstreeRestorePoints } from '../../electron/backends/restore-points/rpm-ostree';
import { createCore, type Core } from '../../electron/core/compose';
import type { KairnEnvironment } from '../../electron/core/env';
import { startPrivateBus, type PrivateBus } from '../../electron/demo/private-bus';
import { waitForProcessesGone } from '../../electron/demo/teardown';
import { simulatorScript } from '../../electron/hosts/paths';
import { seedRpmOstreeState } from '../../electron/simulators/rpm-ostree/seed';
import {
  RpmOstreeStateSchema,
  type RpmOstreeState,
} from '../../electron/simulators/rpm-ostree/state';
import { SnapperDBusAdapter } from '../../electron/backends/snapper/adapter';
import { makeTempDir } from '../harness/tmp';
import { assertBuilt, runKairn } from './helpers/kairn-process';
import { fakeRestartPorts } from '../fakes/restart-fake';

const NAME = 'org.projectatomic.rpmostree1';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let bus: PrivateBus;
let conn: BusConnection;
let stateFile: string;
let core: Core;
let previousAddress: string | undefined;
const seed = seedRpmOstreeState({ idleExitTimeout: 0 });
seed.config.stepMs = 10;
/** The seeded builds: 4 booted, 3 rollback, 0 (Fedora 42) pinned. */
const commit = (build: number): RpmOstreeState['repository'][number] => {
  const c = seed.repository[build];
  if (!c) throw new Error(`no build ${build}`);
  return c;
};
const idOf = (build: number): string => `fedora-${commit(build).checksum}`;

async function readState(): Promise<RpmOstreeState> {
  return RpmOstreeStateSchema.parse(JSON.parse(await readFile(stateFile, 'utf8')));
}

async function editState(change: (s: RpmOstreeState) => void): Promise<void> {
  const state = RpmOstreeStateSchema.parse(JSON.parse(await readFile(stateFile, 'utf8')));
  change(state);
  await writeFile(stateFile, JSON.stringify(state));
}

/** The daemon re-reads its state file on Sysroot.Reload. */
async function reloadSysroot(): Promise<void> {
  await callMethod(conn, {
    destination: NAME,
    path: '/org/projectatomic/rpmostree1/Sysroot',
    interface: 'org.projectatomic.rpmostree1.Sysroot',
    member: 'Reload',
  });
}

/** Back to the seeded system (each test starts from it). */
async function resetState(): Promise<void> {
  await writeFile(stateFile, JSON.stringify(seed));
  await reloadSysroot();
  await rm(join(tmp.path, 'kairn-state', 'restore-points-undo.json'), { force: true });
}

async function faults(f: Partial<RpmOstreeState['faults']>): Promise<void> {
  await editState((s) => {
    s.faults = { denyActions: [], neverFinish: false, dieMidTransaction: false, ...f };
  });
}

async function call<M extends MethodName>(method: M, params: ParamsIn<M>): Promise<ResultOf<M>> {
  const reply = await core.dispatch(method, params);
  if (!reply.ok) throw Object.assign(new Error(reply.error.message), reply.error);
  return reply.result as ResultOf<M>;
}

async function rollback(to: string): Promise<JobSnapshot> {
  return core.jobs.wait((await call('restorePoints.rollback', { to })).jobId);
}

beforeAll(async () => {
  assertBuilt();
  tmp = await makeTempDir('kairn-rp-rpm-ostree-');
  const stateDir = join(tmp.path, 'state');
  stateFile = join(stateDir, 'rpm-ostree.json');
  await mkdir(stateDir, { recursive: true });
  await writeFile(stateFile, JSON.stringify(seed));
  const busDir = join(tmp.path, 'bus');
  bus = await startPrivateBus({
    kind: 'system',
    dir: busDir,
    services: [
      {
        name: NAME,
        exec: `${process.execPath} ${simulatorScript()} rpm-ostree --state ${stateDir}`,
      },
    ],
    env: { DBUS_SYSTEM_BUS_ADDRESS: `unix:path=${join(busDir, 'bus')}` },
  });
  previousAddress = process.env.DBUS_SYSTEM_BUS_ADDRESS;
  process.env.DBUS_SYSTEM_BUS_ADDRESS = bus.address;
  conn = new BusConnection('system');
  const kenv: KairnEnvironment = {
    home: tmp.path,
    uid: 0,
    gid: 0,
    userName: 'root',
    osReleasePath: null,
    stateDir: join(tmp.path, 'kairn-state'),
    demo: false,
  };
  core = createCore(kenv, {
    // No snapper on this bus: Recover files says so, which is not what these tests are about.
    fileHistory: new SnapperDBusAdapter(conn),
    names: new BusServiceNames(conn),
    ...fakeRestartPorts(),
    fileManager: { showItems: () => Promise.resolve() },
    fs: nodeFileSystem,
    processes: nodeProcesses,
    chooseAdapters: () => {
      const points = new RpmOstreeRestorePoints(conn, { transactionTimeoutMs: 1500 });
      return {
        restorePoints: points,
        restartDetection: new OstreeRestartDetection(points, nodeFileSystem, kenv),
        updates: new UnavailableUpdates('updates-none'),
      };
    },
  });
}, 60_000);

afterAll(async () => {
  await core?.shutdown();
  conn?.close();
  if (previousAddress === undefined) delete process.env.DBUS_SYSTEM_BUS_ADDRESS;
  else process.env.DBUS_SYSTEM_BUS_ADDRESS = previousAddress;
  if (bus) {
    await bus.stop();
    await waitForProcessesGone([bus.pid]);
  }
  await tmp?.remove();
});

describe('rpm-ostree restore points through dispatch', () => {
  beforeEach(resetState);

  it('lists deployments newest first with versions, dates, both marks and the kept (pinned) one', async () => {
    const list = await call('restorePoints.list', {});
    expect(list.family).toBe('ostree');
    expect(list.points.map((p) => [p.id, p.version, p.running, p.nextStart, p.kept])).toEqual([
      [idOf(4), commit(4).version, true, true, false],
      [idOf(3), commit(3).version, false, false, false],
      [idOf(0), commit(0).version, false, false, true],
    ]);
    expect(list.points[0]).toMatchObject({
      kind: 'update',
      title: 'System update',
      date: new Date(commit(4).timestamp * 1000).toISOString(),
      description: `${commit(4).version} (${commit(4).refspec})`,
    });
    expect(list.goBack).toEqual({ available: true, reason: null, detail: null });
    expect(list.cancellable).toBe(true);
    expect(list.restartNeeded).toBe(false);
    // Pinning has no D-Bus call: not offered, and Details names the command.
    expect(list.keep).toMatchObject({ available: false, reason: 'keep-needs-admin-command' });
    expect(list.keep.detail).toContain('sudo ostree admin pin');
    await expect(
      call('restorePoints.keep', { id: idOf(3), name: 'Before the printer setup' }),
    ).rejects.toMatchObject({
      code: 'not-yet-available',
    });
  });

  it('says what changed compared with the running system: packages in words, the technical view for Details', async () => {
    const changes = await call('restorePoints.changes', { id: idOf(3) });
    expect(changes.comparedWith).toBe(idOf(4));
    // Build 4 → 3: the kernel goes back one release.
    expect(changes.packages?.updated).toContain('kernel 6.17.8-300.fc43 → 6.17.7-300.fc43');
    expect(changes.technical).toMatchObject({
      checksum: commit(3).checksum,
      index: '1',
      keep: 'sudo ostree admin pin 1 (rpm-ostree has no D-Bus call for pinning)',
    });
    expect(changes.technical.packages).toContain(
      '~ kernel 6.17.8-300.fc43 → 6.17.7-300.fc43 (downgraded',
    );
    const older = await call('restorePoints.changes', { id: idOf(0) });
    expect(older.packages?.updated.length).toBeGreaterThan(0);
    expect(older.technical.keep).toContain('already pinned');
    await expect(
      call('restorePoints.changes', { id: `fedora-${'0'.repeat(64)}` }),
    ).rejects.toMatchObject({
      code: 'not-found',
      reason: 'restore-point-missing',
    });
  });

  it('goes back with OS.Rollback as a job with progress; status says restart; undo rolls forward with Deploy', async () => {
    const progress: JobProgress[] = [];
    const stop = core.events.subscribe((event, payload) => {
      if (event === 'job.progress') progress.push(payload as JobProgress);
    });
    const done = await rollback(idOf(3));
    stop();
    expect(done.state).toBe('done');
    expect(done.finished?.result).toEqual({ from: idOf(4), to: idOf(3), restartNeeded: true });
    // The transaction's own words reached the job (the simulator says "Moving '…' to be first deployment").
    expect(progress.some((p) => p.current?.startsWith('Moving') === true)).toBe(true);
    const list = await call('restorePoints.list', {});
    expect(list.points.find((p) => p.nextStart)?.id).toBe(idOf(3));
    expect(list.points.find((p) => p.running)?.id).toBe(idOf(4));
    expect(list.restartNeeded).toBe(true);
    expect(list.undo).toEqual({ from: idOf(4), to: idOf(3) });
    const status = await call('status.get', {});
    expect(status.restart.required).toBe(true);
    expect(status.restart.reasons).toContain('next-start-differs');
    // Undo: a second Rollback would bring the pinned third deployment forward, so this deploys.
    const undone = await core.jobs.wait((await call('restorePoints.undoRollback', {})).jobId);
    expect(undone.state).toBe('done');
    const after = await call('restorePoints.list', {});
    expect(after.points.find((p) => p.nextStart)?.id).toBe(idOf(4));
    expect(after.undo).toBeNull();
    expect(after.restartNeeded).toBe(false);
  }, 30_000);

  it('goes back across releases (Fedora 42 from 43) with OS.Rebase at that exact commit; undo rebases back to 43', async () => {
    // Build 0 is Fedora 42 on its own branch: Deploy cannot reach it, a rebase with a revision can.
    const points = (await call('restorePoints.list', {})).points;
    expect(points.map((p) => [p.id, p.goBackBlocked])).toEqual([
      [idOf(4), null],
      [idOf(3), null],
      [idOf(0), null],
    ]);
    const progress: JobProgress[] = [];
    const stop = core.events.subscribe((event, payload) => {
      if (event === 'job.progress') progress.push(payload as JobProgress);
    });
    const done = await rollback(idOf(0));
    stop();
    expect(done.state).toBe('done');
    expect(done.finished?.result).toEqual({ from: idOf(4), to: idOf(0), restartNeeded: true });
    expect(progress.some((p) => p.current === `Rebasing to ${commit(0).refspec}`)).toBe(true);
    // Staged: the Fedora 42 branch at exactly build 0 (not its newest commit), the rest kept.
    const staged = (await readState()).deployments;
    expect(staged.map((d) => [d.checksum, d.refspec, d.staged, d.booted])).toEqual([
      [commit(0).checksum, commit(0).refspec, true, false],
      [commit(4).checksum, commit(4).refspec, false, true],
      [commit(3).checksum, commit(3).refspec, false, false],
      [commit(0).checksum, commit(0).refspec, false, false],
    ]);
    const list = await call('restorePoints.list', {});
    expect(list.points.find((p) => p.nextStart)?.id).toBe(idOf(0));
    expect(list.undo).toEqual({ from: idOf(4), to: idOf(0) });
    // Undo: the merge deployment now follows 42, so going back to 43 is a rebase again.
    const undone = await core.jobs.wait((await call('restorePoints.undoRollback', {})).jobId);
    expect(undone.state).toBe('done');
    const back = (await readState()).deployments[0];
    expect([back?.checksum, back?.refspec, back?.staged]).toEqual([
      commit(4).checksum,
      commit(4).refspec,
      true,
    ]);
    const after = await call('restorePoints.list', {});
    expect(after.points.find((p) => p.nextStart)?.id).toBe(idOf(4));
    expect(after.undo).toBeNull();
    expect(after.restartNeeded).toBe(false);
  }, 30_000);

  it('a point on another release whose commit is gone (cleaned up and pruned since it was listed) fails clearly; nothing is staged', async () => {
    expect((await call('restorePoints.list', {})).points.map((p) => p.id)).toContain(idOf(0));
    await editState((s) => {
      s.deployments = s.deployments.filter((d) => d.checksum !== commit(0).checksum);
      s.repository = s.repository.filter((c) => c.checksum !== commit(0).checksum);
    });
    const before = (await readState()).deployments;
    const end = await rollback(idOf(0));
    expect(end.state).toBe('failed');
    expect(end.finished?.error).toMatchObject({
      code: 'not-found',
      reason: 'restore-point-missing',
    });
    expect((await readState()).deployments).toEqual(before);
    expect((await call('restorePoints.list', {})).points.find((p) => p.nextStart)?.id).toBe(
      idOf(4),
    );
  }, 30_000);

  it('a version no longer installed (cleaned up since it was listed) fails clearly; the next start stays', async () => {
    const listed = await call('restorePoints.list', {});
    expect(listed.points.map((p) => p.id)).toContain(idOf(3));
    // rpm-ostree cleanup removed the rollback deployment; the daemon sees it on its next Reload.
    await editState((s) => {
      s.deployments = s.deployments.filter((d) => d.checksum !== commit(3).checksum);
    });
    // Kairn still lists it (no Reload yet), so the job starts; the adapter's Reload finds it gone.
    const end = await rollback(idOf(3));
    expect(end.state).toBe('failed');
    expect(end.finished?.error).toMatchObject({
      code: 'not-found',
      reason: 'restore-point-missing',
    });
    expect((await call('restorePoints.list', {})).points.find((p) => p.nextStart)?.id).toBe(
      idOf(4),
    );
    await expect(
      call('restorePoints.rollback', { to: `fedora-${'1'.repeat(64)}` }),
    ).rejects.toMatchObject({
      code: 'not-found',
    });
  }, 30_000);

  it('another transaction running makes going back busy', async () => {
    const other = dbus.sessionBus({ busAddress: bus.address });
    try {
      const reply = await other.call(
        new dbus.Message({
          destination: NAME,
          path: '/org/projectatomic/rpmostree1/Sysroot',
          interface: 'org.projectatomic.rpmostree1.Sysroot',
          member: 'GetOS',
          signature: 's',
          body: [''],
        }),
      );
      const body: unknown[] = reply?.body ?? [];
      const os: unknown = body[0];
      // Upgrade's transaction waits for its Start, which never comes while this client is connected.
      await other.call(
        new dbus.Message({
          destination: NAME,
          path: String(os),
          interface: 'org.projectatomic.rpmostree1.OS',
          member: 'Upgrade',
          signature: 'a{sv}',
          body: [{}],
        }),
      );
      const end = await rollback(idOf(3));
      expect(end.state).toBe('failed');
      expect(end.finished?.error).toMatchObject({ code: 'busy', reason: 'rollback-running' });
      expect(end.finished?.error?.detail).toContain('Transaction in progress');
      // Across releases the same: OS.Rebase is refused while Upgrade's transaction holds the daemon.
      const across = await rollback(idOf(0));
      expect(across.finished?.error).toMatchObject({ code: 'busy', reason: 'rollback-running' });
    } finally {
      other.disconnect();
    }
  }, 30_000);

  it('polkit saying no is access-denied with the action name under Details', async () => {
    await faults({ denyActions: ['org.projectatomic.rpmostree1.rollback'] });
    try {
      const end = await rollback(idOf(3));
      expect(end.finished?.error).toMatchObject({
        code: 'access-denied',
        reason: 'rollback-not-allowed',
      });
      expect(end.finished?.error?.detail).toContain('org.projectatomic.rpmostree1.rollback');
      expect(end.finished?.error?.detail).toContain('org.freedesktop.DBus.Error.AccessDenied');
    } finally {
      await faults({});
    }
  }, 30_000);

  it('the daemon dying mid-transaction fails the job with the reason; the list recovers when it is activated again', async () => {
    await faults({ dieMidTransaction: true });
    const end = await rollback(idOf(3));
    expect(end.state).toBe('failed');
    expect(end.finished?.error).toMatchObject({
      code: 'backend-failed',
      reason: 'rpm-ostree-stopped',
    });
    await faults({});
    const list = await call('restorePoints.list', {});
    expect(list.points.find((p) => p.nextStart)?.id).toBe(idOf(4));
  }, 30_000);

  it('a transaction that never finishes ends after the bounded wait with a clear error, and is cancelled; a second rollback meanwhile is busy', async () => {
    await faults({ neverFinish: true });
    try {
      const { jobId } = await call('restorePoints.rollback', { to: idOf(3) });
      await expect(call('restorePoints.rollback', { to: idOf(0) })).rejects.toMatchObject({
        code: 'busy',
        reason: 'rollback-running',
      });
      const end = await core.jobs.wait(jobId);
      expect(end.state).toBe('failed');
      expect(end.finished?.error).toMatchObject({
        code: 'backend-failed',
        reason: 'rollback-timeout',
      });
      expect(end.finished?.error?.detail).toContain('cancelled the transaction');
    } finally {
      await faults({});
    }
    // Cancelled: the daemon takes the next transaction, and nothing moved.
    expect((await call('restorePoints.list', {})).points.find((p) => p.nextStart)?.id).toBe(
      idOf(4),
    );
    const again = await rollback(idOf(3));
    expect(again.state).toBe('done');
    const back = await rollback(idOf(4));
    expect(back.state).toBe('done');
  }, 30_000);
});

describe('rpm-ostree restore points on a container image (Aurora): Rollback is the only way', () => {
  const aurora = seedRpmOstreeState({ idleExitTimeout: 0, flavor: 'aurora' });
  aurora.config.stepMs = 10;
  /** Aurora's seeded builds, as the Fedora ones: 4 booted, 3 rollback, 0 pinned; osname `default`. */
  const auroraId = (build: number): string => `default-${aurora.repository[build]?.checksum ?? ''}`;

  beforeEach(async () => {
    await resetState();
    await writeFile(stateFile, JSON.stringify(aurora));
    await reloadSysroot();
  });

  const nextStart = async (): Promise<string | undefined> =>
    (await call('restorePoints.list', {})).points.find((p) => p.nextStart)?.id;

  it('offers the rollback deployment; the older pinned one says to use the boot menu, and going there anyway changes nothing', async () => {
    const list = await call('restorePoints.list', {});
    expect(list.points.map((p) => [p.id, p.goBackBlocked])).toEqual([
      // The running one is the next start already: nothing to go to.
      [auroraId(4), null],
      [auroraId(3), null],
      [auroraId(0), 'rollback-image-one-step'],
    ]);
    const end = await rollback(auroraId(0));
    expect(end.state).toBe('failed');
    expect(end.finished?.error).toMatchObject({
      code: 'not-yet-available',
      reason: 'rollback-image-one-step',
    });
    expect(end.finished?.error?.detail).toContain('container image reference');
    expect(await nextStart()).toBe(auroraId(4));
    expect((await readState()).deployments.every((d) => !d.staged)).toBe(true);
  }, 30_000);

  it('goes back with Rollback; undo waits for the restart (a second Rollback would bring the pinned one forward) and then is Rollback again', async () => {
    const done = await rollback(auroraId(3));
    expect(done.state).toBe('done');
    expect(done.finished?.result).toEqual({
      from: auroraId(4),
      to: auroraId(3),
      restartNeeded: true,
    });
    const before = await call('restorePoints.list', {});
    expect(before.undo).toEqual({ from: auroraId(4), to: auroraId(3) });
    expect(before.points.find((p) => p.id === auroraId(4))?.goBackBlocked).toBe(
      'rollback-image-after-restart',
    );
    // Asked anyway (the CLI, a stale page): refused before any transaction, nothing moves.
    const early = await core.jobs.wait((await call('restorePoints.undoRollback', {})).jobId);
    expect(early.finished?.error).toMatchObject({
      code: 'not-yet-available',
      reason: 'rollback-image-after-restart',
    });
    expect(await nextStart()).toBe(auroraId(3));

    // The restart: the system boots the next start (3); the one left (4) follows it.
    await editState((s) => {
      s.deployments = s.deployments.map((d) => ({
        ...d,
        booted: d.checksum === aurora.repository[3]?.checksum,
      }));
    });
    await reloadSysroot();
    const after = await call('restorePoints.list', {});
    expect(after.points.find((p) => p.running)?.id).toBe(auroraId(3));
    expect(after.undo).toEqual({ from: auroraId(4), to: auroraId(3) });
    expect(after.points.find((p) => p.id === auroraId(4))?.goBackBlocked).toBeNull();
    const undone = await core.jobs.wait((await call('restorePoints.undoRollback', {})).jobId);
    expect(undone.state).toBe('done');
    expect(await nextStart()).toBe(auroraId(4));
    expect((await readState()).deployments.map((d) => d.checksum)).toEqual(
      [4, 3, 0].map((b) => aurora.repository[b]?.checksum),
    );
  }, 30_000);
});

describe('the CLI on an rpm-ostree system (KAIRN_SYSROOT + the private system bus)', () => {
  let sysroot: string;
  const cliEnv = (): NodeJS.ProcessEnv => ({
    DBUS_SYSTEM_BUS_ADDRESS: bus.address,
    KAIRN_SYSROOT: sysroot,
    KAIRN_STATE_DIR: join(tmp.path, 'cli-state'),
  });

  beforeAll(async () => {
    sysroot = join(tmp.path, 'sysroot');
    await mkdir(join(sysroot, 'etc'), { recursive: true });
    await mkdir(join(sysroot, 'run'), { recursive: true });
    await writeFile(
      join(sysroot, 'etc/os-release'),
      'NAME="Fedora Linux"\nID=fedora\nVERSION_ID=43\nVARIANT_ID=kinoite\nPRETTY_NAME="Fedora Linux 43 (KDE Plasma Desktop Edition)"\n',
    );
    await writeFile(join(sysroot, 'run/ostree-booted'), '');
    await resetState();
  });

  it('restore-points --json lists the deployments; rollback goes back and exits 0', async () => {
    const listed = await runKairn(['restore-points', '--json'], cliEnv());
    expect(listed.stderr).toBe('');
    expect(listed.code).toBe(0);
    const points = JSON.parse(listed.stdout) as {
      id: string;
      running: boolean;
      nextStart: boolean;
      kept: boolean;
    }[];
    expect(points.map((p) => [p.id, p.running, p.nextStart, p.kept])).toEqual([
      [idOf(4), true, true, false],
      [idOf(3), false, false, false],
      [idOf(0), false, false, true],
    ]);
    const back = await runKairn(['rollback', '--to', idOf(3), '--json'], cliEnv());
    expect(back.code).toBe(0);
    const again = JSON.parse((await runKairn(['restore-points', '--json'], cliEnv())).stdout) as {
      id: string;
      nextStart: boolean;
    }[];
    expect(again.find((p) => p.nextStart)?.id).toBe(idOf(3));
    expect((await runKairn(['rollback', '--to', idOf(4)], cliEnv())).code).toBe(0);
  }, 60_000);
});
