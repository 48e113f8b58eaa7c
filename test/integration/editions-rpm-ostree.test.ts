/**
 * Editions on Universal Blue (Aurora, Bazzite) and Fedora Kinoite: the rpm-ostree editions adapter
 * against the rpm-ostree simulator on a private system bus, through dispatch. Switching is
 * OS.Rebase as a transaction with download progress; every fault of the issue leaves the
 * deployments exactly as they were. Then the CLI on the same bus.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import dbus from 'dbus-next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { MethodName, ParamsIn, ResultOf } from '../../shared/api/contract';
import type { JobProgress, JobSnapshot } from '../../shared/schemas/jobs';
import { callMethod } from '../../electron/backends/dbus/call';
import { BusConnection } from '../../electron/backends/dbus/connection';
import { RpmOstreeEditions } from '../../electron/backends/editions/rpm-ostree-editions';
import { BusServiceNames } from '../../electron/backends/os/names';
import { nodeProcesses } from '../../electron/backends/os/processes';
import { nodeFileSystem } from '../../electron/backends/restore-fs/node-fs';
import { OstreeRestartDetection } from '../../electron/backends/restart-detection/ostree';
import { RpmOstreeRestorePoints } from '../../electron/backends/restore-points/rpm-ostree';
import { UnavailableUpdates } from '../../electron/core/updates/unavailable';
import { SnapperDBusAdapter } from '../../electron/backends/snapper/adapter';
import { createCore, type Core } from '../../electron/core/compose';
import type { KairnEnvironment } from '../../electron/core/env';
import { startPrivateBus, type PrivateBus } from '../../electron/demo/private-bus';
import { waitForProcessesGone } from '../../electron/demo/teardown';
import { simulatorScript } from '../../electron/hosts/paths';
import {
  imageInfoOf,
  seedScene,
  type RpmOstreeScene,
} from '../../electron/simulators/rpm-ostree/scenes';
import {
  RpmOstreeStateSchema,
  type RpmOstreeState,
} from '../../electron/simulators/rpm-ostree/state';
import { fakeRestartPorts } from '../fakes/restart-fake';
import { makeTempDir } from '../harness/tmp';
import { assertBuilt, runKairn } from './helpers/kairn-process';

const NAME = 'org.projectatomic.rpmostree1';
const SYSROOT = '/org/projectatomic/rpmostree1/Sysroot';
const AURORA = 'ostree-image-signed:docker://ghcr.io/ublue-os/aurora';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let bus: PrivateBus;
let conn: BusConnection;
let stateFile: string;
let sysroot: string;
let core: Core;
let previousAddress: string | undefined;

async function readState(): Promise<RpmOstreeState> {
  return RpmOstreeStateSchema.parse(JSON.parse(await readFile(stateFile, 'utf8')));
}

async function reload(): Promise<void> {
  await callMethod(conn, {
    destination: NAME,
    path: SYSROOT,
    interface: 'org.projectatomic.rpmostree1.Sysroot',
    member: 'Reload',
  });
}

/** Waits (bounded) until the daemon has no transaction: an ended one closes once its peers are gone. */
async function untilIdle(): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const [path] = await callMethod(conn, {
      destination: NAME,
      path: SYSROOT,
      interface: 'org.freedesktop.DBus.Properties',
      member: 'Get',
      signature: 'ss',
      body: ['org.projectatomic.rpmostree1.Sysroot', 'ActiveTransactionPath'],
    });
    const value = path instanceof dbus.Variant ? (path.value as unknown) : path;
    if (value === '') return;
    if (Date.now() > deadline) throw new Error(`a transaction is still active: ${String(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A fresh machine of `scene` (state file, image-info.json), with optional fault switches. */
async function scene(
  name: RpmOstreeScene,
  change: (s: RpmOstreeState) => void = () => {},
): Promise<RpmOstreeState> {
  await untilIdle();
  const state = seedScene(name, { idleExitTimeout: 0 });
  state.config.stepMs = 10;
  change(state);
  await writeFile(stateFile, JSON.stringify(state));
  const info = imageInfoOf(name);
  const infoFile = join(sysroot, 'usr/share/ublue-os/image-info.json');
  if (info) await writeFile(infoFile, JSON.stringify(info));
  else await rm(infoFile, { force: true });
  await reload();
  return state;
}

async function call<M extends MethodName>(method: M, params: ParamsIn<M>): Promise<ResultOf<M>> {
  const reply = await core.dispatch(method, params);
  if (!reply.ok) throw Object.assign(new Error(reply.error.message), reply.error);
  return reply.result as ResultOf<M>;
}

/** Starts a switch and collects its progress until it ends. */
async function switchTo(
  id: string,
  onProgress: (p: JobProgress, jobId: string) => void = () => {},
): Promise<{ job: JobSnapshot; progress: JobProgress[] }> {
  const progress: JobProgress[] = [];
  let jobId = '';
  const off = core.events.subscribe((event, payload) => {
    if (event !== 'job.progress') return;
    const p = payload as JobProgress;
    if (p.jobId !== jobId) return;
    progress.push(p);
    onProgress(p, jobId);
  });
  try {
    jobId = (await call('editions.switch', { id })).jobId;
    return { job: await core.jobs.wait(jobId), progress };
  } finally {
    off();
  }
}

/** The part of the sysroot a failed switch must leave alone. */
function deploymentsOf(state: RpmOstreeState): string {
  return JSON.stringify(state.deployments);
}

beforeAll(async () => {
  assertBuilt();
  tmp = await makeTempDir('kairn-editions-');
  const stateDir = join(tmp.path, 'state');
  stateFile = join(stateDir, 'rpm-ostree.json');
  sysroot = join(tmp.path, 'sysroot');
  await mkdir(stateDir, { recursive: true });
  await mkdir(join(sysroot, 'usr/share/ublue-os'), { recursive: true });
  await mkdir(join(sysroot, 'etc'), { recursive: true });
  await mkdir(join(sysroot, 'run'), { recursive: true });
  await writeFile(join(sysroot, 'run/ostree-booted'), '');
  await writeFile(
    join(sysroot, 'etc/os-release'),
    'NAME="Aurora"\nID=aurora\nID_LIKE="fedora"\nVERSION_ID=43\nVARIANT_ID=aurora\nPRETTY_NAME="Aurora (Version: 43.20261128 / FROM Fedora Kinoite 43)"\n',
  );
  await writeFile(stateFile, JSON.stringify(seedScene('aurora', { idleExitTimeout: 0 })));
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
    sysRoot: sysroot,
  };
  core = createCore(kenv, {
    fileHistory: new SnapperDBusAdapter(conn),
    names: new BusServiceNames(conn),
    ...fakeRestartPorts(),
    fileManager: { showItems: () => Promise.resolve() },
    fs: nodeFileSystem,
    processes: nodeProcesses,
    chooseAdapters: () => {
      const points = new RpmOstreeRestorePoints(conn);
      return {
        restorePoints: points,
        restartDetection: new OstreeRestartDetection(points, nodeFileSystem, kenv),
        updates: new UnavailableUpdates('updates-none'),
        editions: new RpmOstreeEditions({
          conn,
          fs: nodeFileSystem,
          env: kenv,
          systemName: 'Aurora',
          options: { transactionTimeoutMs: 20_000 },
        }),
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

describe('Aurora (Universal Blue) through dispatch', () => {
  it('lists the published channels with cadence and risk, stable in use; dated builds only as advanced', async () => {
    await scene('aurora');
    const info = await call('editions.get', {});
    expect(info.family).toBe('ostree');
    expect(info.switching.available).toBe(true);
    expect(info.current).toMatchObject({ id: 'stable', inUse: true, usedAtNextStart: true });
    const channels = info.available.filter((e) => !e.advanced);
    expect(channels.map((e) => [e.id, e.cadence, e.risk, e.canSwitch])).toEqual([
      ['stable', 'weekly', 'low', false],
      ['latest', 'often', 'medium', true],
      ['testing', 'often', 'high', true],
    ]);
    expect(channels.find((e) => e.id === 'latest')?.technical).toBe(`${AURORA}:latest`);
    // The builds on this computer, as Universal Blue's dated tags; nothing invented.
    expect(info.available.filter((e) => e.advanced).map((e) => [e.id, e.kind])).toEqual([
      ['stable-43.20261128', 'dated'],
      ['stable-43.20261121', 'dated'],
      ['stable-42.20261015', 'dated'],
    ]);
    expect(info.switchBack).toBeNull();
  });

  it('previews a switch: the rebase package diff (downloaded once), personal files stay, way back', async () => {
    await scene('aurora');
    const preview = await call('editions.preview', { id: 'latest' });
    expect(preview).toMatchObject({
      id: 'latest',
      from: 'stable',
      personalFilesStay: true,
      switchBackPossible: true,
      downloadBytes: null,
      major: false,
    });
    expect(preview.packages?.updated).toContain('kernel 6.17.8-300.fc43 → 6.18.3-200.fc44');
    expect(preview.packages?.added.some((p) => p.startsWith('plasma-login-manager'))).toBe(true);
    expect(preview.packages?.removed.some((p) => p.startsWith('sddm'))).toBe(true);
    // DownloadRebaseRpmDiff cached it: the simulator remembers the refspec, nothing was staged.
    const state = await readState();
    expect(state.rebaseDiffs).toEqual([`${AURORA}:latest`]);
    expect(state.deployments.some((d) => d.staged)).toBe(false);
  });

  it('switches to latest keeping the transport, with download progress; restart pending; switch back right away', async () => {
    await scene('aurora');
    const { job, progress } = await switchTo('latest');
    expect(job.state).toBe('done');
    expect(job.finished).toMatchObject({
      kind: 'switch',
      result: { from: 'stable', to: 'latest', restartNeeded: true },
    });
    expect(Math.max(...progress.map((p) => p.bytesDone))).toBe(1480 * 1024 * 1024);
    expect(progress.some((p) => p.current?.startsWith('Fetching layers'))).toBe(true);
    const staged = (await readState()).deployments[0];
    expect(staged).toMatchObject({ staged: true, refspec: `${AURORA}:latest` });

    const after = await call('editions.get', {});
    expect(after.current?.id).toBe('stable');
    expect(after.nextStart).toMatchObject({ id: 'latest', usedAtNextStart: true, inUse: false });
    expect(after.switchBack).toBe('stable');
    const status = await call('status.get', {});
    expect(status.restart).toMatchObject({ checked: true, required: true });
    expect(status.restart.reasons).toContain('next-start-differs');

    // Back on stable: a rebase pulls the channel's newest build, which is newer than the running
    // one here, so a restart still brings that update.
    const back = await switchTo('stable');
    expect(back.job.finished).toMatchObject({
      result: { from: 'stable', to: 'stable', restartNeeded: true },
    });
    const state = await readState();
    expect(state.deployments[0]).toMatchObject({ staged: true, refspec: `${AURORA}:stable` });
    expect(state.deployments.filter((d) => d.refspec.endsWith(':latest'))).toEqual([]);
    const again = await call('editions.get', {});
    expect(again.nextStart?.id).toBe('stable');
    expect(again.switchBack).toBeNull();
  });

  it('refuses an unknown edition before anything is started: not-found, nothing changed', async () => {
    const before = deploymentsOf(await scene('aurora'));
    await expect(call('editions.switch', { id: 'nightly' })).rejects.toMatchObject({
      code: 'not-found',
      reason: 'edition-missing',
    });
    await expect(call('editions.preview', { id: 'gts' })).rejects.toMatchObject({
      code: 'not-found',
    });
    expect(deploymentsOf(await readState())).toBe(before);
    expect((await readState()).rebaseDiffs).toBeUndefined();
  });

  it('a tag the registry does not have: the job says so, nothing is staged', async () => {
    const before = deploymentsOf(
      await scene('aurora', (s) => {
        s.faults.missingTags = ['latest'];
      }),
    );
    const { job } = await switchTo('latest');
    expect(job.state).toBe('failed');
    expect(job.finished?.error).toMatchObject({ code: 'not-found', reason: 'edition-tag-missing' });
    expect(job.finished?.error?.detail).toContain('manifest unknown');
    expect(deploymentsOf(await readState())).toBe(before);
  });

  it('no network halfway through the download: the job says so, nothing is staged', async () => {
    const before = deploymentsOf(
      await scene('aurora', (s) => {
        s.faults.noNetwork = true;
      }),
    );
    const { job, progress } = await switchTo('latest');
    expect(job.finished?.error).toMatchObject({
      code: 'backend-failed',
      reason: 'edition-no-network',
    });
    expect(progress.some((p) => p.bytesDone > 0)).toBe(true);
    expect(deploymentsOf(await readState())).toBe(before);
  });

  it('cancel halfway through the download: Transaction.Cancel, the job is cancelled, nothing is staged', async () => {
    const before = deploymentsOf(
      await scene('aurora', (s) => {
        s.config.stepMs = 200;
      }),
    );
    let cancelled = false;
    const { job, progress } = await switchTo('latest', (p, jobId) => {
      if (!cancelled && p.bytesDone > 0) {
        cancelled = true;
        core.jobs.cancel(jobId);
      }
    });
    expect(job.state).toBe('cancelled');
    expect(job.finished?.error?.code).toBe('cancelled');
    const most = Math.max(...progress.map((p) => p.bytesDone));
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThan(1480 * 1024 * 1024);
    expect(deploymentsOf(await readState())).toBe(before);
  });

  it('polkit refuses OS.Rebase: access-denied in plain words, nothing changed', async () => {
    const before = deploymentsOf(
      await scene('aurora', (s) => {
        s.faults.denyActions = ['org.projectatomic.rpmostree1.rebase'];
      }),
    );
    const { job } = await switchTo('latest');
    expect(job.finished?.error).toMatchObject({
      code: 'access-denied',
      reason: 'edition-not-allowed',
    });
    expect(job.finished?.error?.message).toContain('does not allow your user');
    expect(deploymentsOf(await readState())).toBe(before);
  });

  it('another transaction is running: busy, nothing changed; a second switch of Kairn is refused too', async () => {
    const before = deploymentsOf(
      await scene('aurora', (s) => {
        s.faults.neverFinish = true;
      }),
    );
    // Someone else's update holds the daemon (started, never finishing).
    const other = new BusConnection('system');
    try {
      const [address] = await callMethod(other, {
        destination: NAME,
        path: '/org/projectatomic/rpmostree1/default',
        interface: 'org.projectatomic.rpmostree1.OS',
        member: 'Rollback',
        signature: 'a{sv}',
        body: [{}],
      });
      expect(typeof address).toBe('string');
      const { job } = await switchTo('latest');
      expect(job.finished?.error).toMatchObject({ code: 'busy', reason: 'edition-system-busy' });
      expect(job.finished?.error?.detail).toContain('Transaction in progress');
    } finally {
      other.close();
    }
    expect(deploymentsOf(await readState())).toBe(before);
    // Kairn's own switch still running (never finishes): a second one is refused at once.
    await scene('aurora', (s) => {
      s.faults.neverFinish = true;
    });
    const first = await call('editions.switch', { id: 'latest' });
    await expect(call('editions.switch', { id: 'testing' })).rejects.toMatchObject({
      code: 'busy',
      reason: 'edition-switch-running',
    });
    core.jobs.cancel(first.jobId);
    expect((await core.jobs.wait(first.jobId)).state).toBe('cancelled');
    expect(deploymentsOf(await readState())).toBe(before);
  });
});

describe('Bazzite and Fedora Kinoite', () => {
  it('Bazzite: stable, testing, unstable; switching to unstable keeps the image and transport', async () => {
    await scene('bazzite');
    const info = await call('editions.get', {});
    expect(info.available.map((e) => [e.id, e.risk])).toEqual([
      ['stable', 'low'],
      ['testing', 'medium'],
      ['unstable', 'high'],
    ]);
    const { job } = await switchTo('unstable');
    expect(job.state).toBe('done');
    expect((await readState()).deployments[0]?.refspec).toBe(
      'ostree-image-signed:docker://ghcr.io/ublue-os/bazzite:unstable',
    );
  });

  it('Kinoite: the running release and the next one as a major upgrade; switching rebases to its ref', async () => {
    await scene('kinoite');
    const info = await call('editions.get', {});
    expect(info.current).toMatchObject({ id: 'fedora-43', name: 'Fedora Linux 43', inUse: true });
    expect(info.available.map((e) => [e.id, e.major, e.technical])).toEqual([
      ['fedora-43', false, 'fedora:fedora/43/x86_64/kinoite'],
      ['fedora-44', true, 'fedora:fedora/44/x86_64/kinoite'],
    ]);
    const preview = await call('editions.preview', { id: 'fedora-44' });
    expect(preview.major).toBe(true);
    expect(preview.packages?.updated.length).toBeGreaterThan(0);
    const { job } = await switchTo('fedora-44');
    expect(job.finished).toMatchObject({ result: { from: 'fedora-43', to: 'fedora-44' } });
    expect((await readState()).deployments[0]?.refspec).toBe('fedora:fedora/44/x86_64/kinoite');
    expect((await call('editions.get', {})).switchBack).toBe('fedora-43');
  });
});

describe('the CLI on the same machine', () => {
  const cliEnv = (): NodeJS.ProcessEnv => ({
    DBUS_SYSTEM_BUS_ADDRESS: bus.address,
    KAIRN_SYSROOT: sysroot,
    KAIRN_STATE_DIR: join(tmp.path, 'cli-state'),
  });

  it('kairn editions --json, kairn edition switch latest (exit 0), an unknown id (exit 1, one line)', async () => {
    await scene('aurora');
    const listed = await runKairn(['editions', '--json'], cliEnv());
    expect(listed.stderr).toBe('');
    expect(listed.code).toBe(0);
    const info = JSON.parse(listed.stdout) as {
      current: { id: string; name: string };
      available: { id: string; cadence: string; risk: string }[];
      nextStart: { id: string };
    };
    expect(info.current).toMatchObject({ id: 'stable', name: 'stable' });
    expect(info.available.slice(0, 3).map((e) => e.id)).toEqual(['stable', 'latest', 'testing']);
    expect(info.nextStart.id).toBe('stable');

    const switched = await runKairn(['edition', 'switch', 'latest', '--json'], cliEnv());
    expect(switched.code).toBe(0);
    expect(JSON.parse(switched.stdout)).toEqual({
      from: 'stable',
      to: 'latest',
      restartNeeded: true,
    });
    const after = JSON.parse((await runKairn(['editions', '--json'], cliEnv())).stdout) as {
      nextStart: { id: string };
    };
    expect(after.nextStart.id).toBe('latest');
    const status = JSON.parse((await runKairn(['status', '--json'], cliEnv())).stdout) as {
      restart: { required: boolean; reasons: string[] };
    };
    expect(status.restart.required).toBe(true);

    const unknown = await runKairn(['edition', 'switch', 'nightly'], cliEnv());
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown.stderr).toContain('not one of the editions published');
    const bad = await runKairn(['edition', 'switch', '../latest'], cliEnv());
    expect(bad.code).toBe(2);
  }, 60_000);
});
