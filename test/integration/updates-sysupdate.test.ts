/**
 * Updates on KDE Linux: the sysupdate updates adapter against the sysupdated simulator in each
 * API generation (reference §5.3: A and B prepare with Update, C with Acquire + Install), chosen
 * through the real family table, on private system buses, through dispatch. Restart detection
 * (GetVersion ≠ IMAGE_VERSION) follows the preparation. Faults: polkit, no candidate, a worker
 * that fails, cancel, sysupdated absent.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import dbus from 'dbus-next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { MethodName, ParamsIn, ResultOf } from '../../shared/api/contract';
import type { JobProgress, JobSnapshot } from '../../shared/schemas/jobs';
import { BusConnections } from '../../electron/backends/dbus/connection';
import { chooseAdapters } from '../../electron/backends/family-table';
import { BusServiceNames } from '../../electron/backends/os/names';
import { nodeProcesses } from '../../electron/backends/os/processes';
import { nodeFileSystem } from '../../electron/backends/restore-fs/node-fs';
import { SnapperDBusAdapter } from '../../electron/backends/snapper/adapter';
import { createCore, type Core } from '../../electron/core/compose';
import type { KairnEnvironment } from '../../electron/core/env';
import { startPrivateBus, type PrivateBus } from '../../electron/demo/private-bus';
import { waitForProcessesGone } from '../../electron/demo/teardown';
import { simulatorScript } from '../../electron/hosts/paths';
import { seedState, type SysupdateState } from '../../electron/simulators/sysupdate/state';
import { fakeRestartPorts } from '../fakes/restart-fake';
import { makeTempDir } from '../harness/tmp';
import { assertBuilt } from './helpers/kairn-process';

type Api = 'A' | 'B' | 'C';
const RUNNING = '202611290305';
const OFFERED = '202612060312';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;

interface Machine {
  bus: PrivateBus;
  conns: BusConnections;
  core: Core;
  stateFile: string | null;
  edit(change: (s: SysupdateState) => void): Promise<void>;
  stop(): Promise<void>;
}

async function machine(name: string, api: Api | null): Promise<Machine> {
  const dir = join(tmp.path, name);
  const root = join(dir, 'root');
  await mkdir(join(root, 'etc'), { recursive: true });
  await writeFile(
    join(root, 'etc', 'os-release'),
    `NAME="KDE Linux"\nID=kde-linux\nIMAGE_ID=kde-linux\nIMAGE_VERSION=${RUNNING}\n`,
  );
  const services: { name: string; exec: string }[] = [];
  let stateFile: string | null = null;
  if (api !== null) {
    await mkdir(join(dir, 'sysupdate'), { recursive: true });
    stateFile = join(dir, 'sysupdate', 'sysupdate.json');
    const state: SysupdateState = { ...seedState(), api, idleExitMs: 0, stepMs: 10 };
    await writeFile(stateFile, JSON.stringify(state));
    services.push({
      name: 'org.freedesktop.sysupdate1',
      exec: [
        process.execPath,
        simulatorScript(),
        'sysupdate',
        '--state',
        join(dir, 'sysupdate'),
        '--api',
        api,
      ].join(' '),
    });
  }
  const busDir = join(dir, 'bus');
  const bus = await startPrivateBus({
    kind: 'system',
    dir: busDir,
    services,
    env: { DBUS_SYSTEM_BUS_ADDRESS: `unix:path=${join(busDir, 'bus')}` },
  });
  const saved = process.env.DBUS_SYSTEM_BUS_ADDRESS;
  process.env.DBUS_SYSTEM_BUS_ADDRESS = bus.address;
  const conns = new BusConnections();
  conns.system.get();
  if (saved === undefined) delete process.env.DBUS_SYSTEM_BUS_ADDRESS;
  else process.env.DBUS_SYSTEM_BUS_ADDRESS = saved;
  const env: KairnEnvironment = {
    home: dir,
    uid: process.getuid?.() ?? 0,
    gid: process.getgid?.() ?? 0,
    userName: 'tester',
    osReleasePath: null,
    stateDir: join(dir, 'kairn-state'),
    demo: false,
    sysRoot: root,
  };
  const snapper = new SnapperDBusAdapter(conns.system);
  const core = createCore(env, {
    fileHistory: snapper,
    names: new BusServiceNames(conns.system),
    ...fakeRestartPorts(),
    fileManager: { showItems: () => Promise.resolve() },
    fs: nodeFileSystem,
    processes: nodeProcesses,
    chooseAdapters: (facts) => chooseAdapters(facts, { conns, snapper, env, fs: nodeFileSystem }),
  });
  return {
    bus,
    conns,
    core,
    stateFile,
    async edit(change) {
      if (stateFile === null) throw new Error('no sysupdate here');
      const state = JSON.parse(await readFile(stateFile, 'utf8')) as SysupdateState;
      change(state);
      await writeFile(stateFile, JSON.stringify(state));
    },
    async stop() {
      await core.shutdown();
      conns.close();
      await bus.stop();
      await waitForProcessesGone([bus.pid]);
    },
  };
}

async function call<M extends MethodName>(
  m: Machine,
  method: M,
  params: ParamsIn<M>,
): Promise<ResultOf<M>> {
  const reply = await m.core.dispatch(method, params);
  if (!reply.ok) throw Object.assign(new Error(reply.error.message), reply.error);
  return reply.result as ResultOf<M>;
}

async function job(m: Machine, method: 'updates.check' | 'updates.prepare'): Promise<JobSnapshot> {
  return m.core.jobs.wait((await call(m, method, {})).jobId);
}

beforeAll(async () => {
  assertBuilt();
  tmp = await makeTempDir('kairn-updates-sysupdate-');
});
afterAll(async () => {
  await tmp?.remove();
});

describe.each(['A', 'B', 'C'] as const)('sysupdate API generation %s', (api) => {
  let m: Machine;
  beforeAll(async () => {
    m = await machine(`api-${api}`, api);
  }, 60_000);
  afterAll(async () => {
    await m?.stop();
  });

  it('check for updates names the offered version (CheckNew) and changes nothing', async () => {
    expect(await call(m, 'updates.get', {})).toMatchObject({
      family: 'sysupdate',
      check: { available: true },
      prepare: { available: true },
      last: null,
    });
    const end = await job(m, 'updates.check');
    expect(end.finished?.kind === 'update-check' && end.finished.result).toMatchObject({
      available: true,
      version: OFFERED,
    });
    expect((await call(m, 'status.get', {})).restart.required).toBe(false);
  }, 30_000);

  it('polkit refusing the update action is access-denied and remembered as failed', async () => {
    await m.edit((s) => {
      s.polkitDenied = ['org.freedesktop.sysupdate1.update'];
    });
    const end = await job(m, 'updates.prepare');
    expect(end.finished?.error).toMatchObject({
      code: 'access-denied',
      reason: 'update-not-allowed',
    });
    expect((await call(m, 'updates.get', {})).last).toMatchObject({ outcome: 'failed' });
    await m.edit((s) => {
      s.polkitDenied = [];
    });
  }, 30_000);

  it("a worker that fails half way fails the job with JobRemoved's status; nothing is installed", async () => {
    await m.edit((s) => {
      s.nextFault = { exitCode: 1, errno: 'ENOSPC', atProgress: 30 };
    });
    const end = await job(m, 'updates.prepare');
    expect(end.finished?.error).toMatchObject({ code: 'backend-failed', reason: 'update-failed' });
    expect(end.finished?.error?.detail).toContain('JobRemoved status -');
    expect((await call(m, 'status.get', {})).restart.required).toBe(false);
  }, 30_000);

  it('cancel stops a download that never ends (Job.Cancel); nothing is installed', async () => {
    await m.edit((s) => {
      s.stallAtProgress = 20;
    });
    const { jobId } = await call(m, 'updates.prepare', {});
    await new Promise<void>((resolve) => {
      const off = m.core.events.subscribe((event, payload) => {
        if (
          event === 'job.progress' &&
          (payload as JobProgress).jobId === jobId &&
          (payload as JobProgress).done > 0
        ) {
          off();
          resolve();
        }
      });
    });
    await call(m, 'jobs.cancel', { jobId });
    const end = await m.core.jobs.wait(jobId);
    expect(end.state).toBe('cancelled');
    await m.edit((s) => {
      s.stallAtProgress = null;
    });
    expect((await call(m, 'status.get', {})).restart.required).toBe(false);
  }, 30_000);

  it('another client updating the same target makes it busy (EBUSY), and nothing else changes', async () => {
    await m.edit((s) => {
      s.stallAtProgress = 10;
    });
    const other = dbus.sessionBus({ busAddress: m.bus.address });
    try {
      const method = api === 'C' ? 'Acquire' : 'Update';
      const reply = await other.call(
        new dbus.Message({
          destination: 'org.freedesktop.sysupdate1',
          path: '/org/freedesktop/sysupdate1/target/host',
          interface: 'org.freedesktop.sysupdate1.Target',
          member: method,
          signature: 'st',
          body: ['', 0n],
        }),
      );
      const body: unknown[] = reply?.body ?? [];
      const end = await job(m, 'updates.prepare');
      expect(end.finished?.error).toMatchObject({ code: 'busy', reason: 'update-busy' });
      await other.call(
        new dbus.Message({
          destination: 'org.freedesktop.sysupdate1',
          path: String(body[2]),
          interface: 'org.freedesktop.sysupdate1.Job',
          member: 'Cancel',
        }),
      );
    } finally {
      other.disconnect();
      await m.edit((s) => {
        s.stallAtProgress = null;
      });
    }
    expect((await call(m, 'status.get', {})).restart.required).toBe(false);
  }, 30_000);

  it('prepare installs the newest version with progress: a restart is due, and the restart brings it', async () => {
    const steps: number[] = [];
    const off = m.core.events.subscribe((event, payload) => {
      if (event === 'job.progress') steps.push((payload as JobProgress).done);
    });
    const end = await job(m, 'updates.prepare');
    off();
    expect(end.state).toBe('done');
    expect(end.finished?.kind === 'update-prepare' && end.finished.result).toEqual({
      version: OFFERED,
      nothingToDo: false,
      restartNeeded: true,
    });
    expect(steps.some((p) => p > 0 && p < 100)).toBe(true);
    const status = await call(m, 'status.get', {});
    expect(status.restart.reasons).toContain('newer-version-installed');
    const restart = await call(m, 'restart.get', {});
    expect(restart.evidence.find((e) => e.reason === 'newer-version-installed')?.source).toBe(
      `sysupdate GetVersion() = ${OFFERED}, os-release IMAGE_VERSION = ${RUNNING}`,
    );
    expect(restart.brings).toMatchObject({ pointId: OFFERED, version: OFFERED });
    expect((await call(m, 'updates.get', {})).last).toMatchObject({
      outcome: 'succeeded',
      version: OFFERED,
      by: 'kairn',
    });
    // Nothing newer is left: CheckNew says "" and Update / Acquire fail with NoCandidate.
    const check = await job(m, 'updates.check');
    expect(check.finished?.kind === 'update-check' && check.finished.result).toMatchObject({
      available: false,
    });
    const again = await job(m, 'updates.prepare');
    expect(again.finished?.kind === 'update-prepare' && again.finished.result).toMatchObject({
      nothingToDo: true,
    });
  }, 30_000);
});

it('without sysupdated, checking is not offered and says why; no restart is claimed', async () => {
  const m = await machine('absent', null);
  try {
    const info = await call(m, 'updates.get', {});
    expect(info.check).toMatchObject({ available: false, reason: 'updates-service-missing' });
    const reply = await m.core.dispatch('updates.check', {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'not-yet-available' } });
    expect((await call(m, 'status.get', {})).restart).toMatchObject({ required: false });
  } finally {
    await m.stop();
  }
}, 60_000);
