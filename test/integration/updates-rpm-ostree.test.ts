/**
 * Updates on Fedora Atomic / Universal Blue: the rpm-ostree updates adapter against the
 * rpm-ostree simulator on a private system bus, through dispatch. Check for updates is
 * OS.AutomaticUpdateTrigger({mode: "check"}), Prepare is OS.Upgrade; both are followed on the
 * transaction's private socket. Faults: polkit refusal, another transaction (busy), cancel,
 * the daemon dying, the service absent. Restart detection and "what the restart brings" follow.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
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
import { RpmOstreeRestorePoints } from '../../electron/backends/restore-points/rpm-ostree';
import { SnapperDBusAdapter } from '../../electron/backends/snapper/adapter';
import { RpmOstreeUpdates } from '../../electron/backends/updates/rpm-ostree';
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
import { fakeRestartPorts } from '../fakes/restart-fake';
import { makeTempDir } from '../harness/tmp';
import { assertBuilt } from './helpers/kairn-process';

const NAME = 'org.projectatomic.rpmostree1';
const SYSROOT = '/org/projectatomic/rpmostree1/Sysroot';
let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let bus: PrivateBus;
let conn: BusConnection;
let stateFile: string;
let core: Core;
let previousAddress: string | undefined;

const seed = seedRpmOstreeState({ idleExitTimeout: 0 });
seed.config.stepMs = 10;
const newest = [...seed.repository]
  .filter((c) => c.refspec === seed.deployments[0]?.refspec)
  .sort((a, b) => b.timestamp - a.timestamp)[0];

async function editState(change: (s: RpmOstreeState) => void): Promise<void> {
  const state = RpmOstreeStateSchema.parse(JSON.parse(await readFile(stateFile, 'utf8')));
  change(state);
  await writeFile(stateFile, JSON.stringify(state));
}

async function reset(): Promise<void> {
  await writeFile(stateFile, JSON.stringify(seed));
  await callMethod(conn, {
    destination: NAME,
    path: SYSROOT,
    interface: `${NAME}.Sysroot`,
    member: 'Reload',
  });
  await writeFile(join(tmp.path, 'kairn-state', 'updates.json'), '{}').catch(() => undefined);
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

async function job(method: 'updates.check' | 'updates.prepare'): Promise<JobSnapshot> {
  return core.jobs.wait((await call(method, {})).jobId);
}

beforeAll(async () => {
  assertBuilt();
  tmp = await makeTempDir('kairn-updates-rpm-ostree-');
  const stateDir = join(tmp.path, 'state');
  stateFile = join(stateDir, 'rpm-ostree.json');
  await mkdir(stateDir, { recursive: true });
  await mkdir(join(tmp.path, 'kairn-state'), { recursive: true });
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
    sysRoot: join(tmp.path, 'machine'),
  };
  core = createCore(kenv, {
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
        updates: new RpmOstreeUpdates(conn, points, nodeFileSystem, kenv, {
          transactionTimeoutMs: 1500,
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

describe('rpm-ostree updates through dispatch', () => {
  beforeEach(reset);

  it('offers check and prepare, and knows no last update on a fresh system', async () => {
    const info = await call('updates.get', {});
    expect(info).toMatchObject({
      family: 'ostree',
      check: { available: true },
      prepare: { available: true },
      cancellable: true,
      last: null,
      lastCheck: null,
    });
  });

  it('check for updates names the newer version and its package changes, with progress; nothing is staged', async () => {
    const steps: JobProgress[] = [];
    const off = core.events.subscribe((event, payload) => {
      if (event === 'job.progress') steps.push(payload as JobProgress);
    });
    const end = await job('updates.check');
    off();
    expect(end.state).toBe('done');
    const result = end.finished?.kind === 'update-check' ? end.finished.result : null;
    expect(result).toMatchObject({ available: true, version: newest?.version });
    expect(result?.packages?.updated.some((p) => p.startsWith('kernel '))).toBe(true);
    expect(result?.technical.method).toContain('AutomaticUpdateTrigger');
    expect(steps.some((s) => s.current === 'Receiving metadata objects')).toBe(true);
    // A check changes nothing: no restart is due, and updates.get remembers the answer.
    expect((await call('status.get', {})).restart.required).toBe(false);
    expect((await call('updates.get', {})).lastCheck?.version).toBe(newest?.version);
  }, 30_000);

  it('an up-to-date system answers "nothing newer"', async () => {
    await editState((s) => {
      s.repository = s.repository.filter((c) => c.timestamp <= (commitOfBooted(s)?.timestamp ?? 0));
    });
    const end = await job('updates.check');
    expect(end.finished?.kind === 'update-check' && end.finished.result).toMatchObject({
      available: false,
      version: null,
    });
  }, 30_000);

  it('prepare stages the new version: a restart is due for it, and the restart brings that version', async () => {
    const end = await job('updates.prepare');
    expect(end.state).toBe('done');
    expect(end.finished?.kind === 'update-prepare' && end.finished.result).toEqual({
      version: newest?.version,
      nothingToDo: false,
      restartNeeded: true,
    });
    const status = await call('status.get', {});
    expect(status.restart).toMatchObject({ checked: true, required: true });
    expect(status.restart.reasons).toContain('staged-deployment');
    const restart = await call('restart.get', {});
    expect(restart.brings).toMatchObject({ version: newest?.version });
    expect(restart.brings?.changes?.packages?.updated.length).toBeGreaterThan(0);
    expect(restart.evidence.find((e) => e.reason === 'staged-deployment')?.source).toContain(
      'staged deployment',
    );
    const info = await call('updates.get', {});
    expect(info.last).toMatchObject({
      outcome: 'succeeded',
      by: 'kairn',
      version: newest?.version,
    });
    // Preparing again has nothing left to do, and the last real update stays the one shown.
    const again = await job('updates.prepare');
    expect(again.finished?.kind === 'update-prepare' && again.finished.result).toMatchObject({
      nothingToDo: true,
    });
    expect((await call('updates.get', {})).last?.at).toBe(info.last?.at);
  }, 30_000);

  it('polkit saying no is access-denied, names the action, and is remembered as a failed update', async () => {
    await faults({ denyActions: ['org.projectatomic.rpmostree1.upgrade'] });
    const end = await job('updates.prepare');
    expect(end.finished?.error).toMatchObject({
      code: 'access-denied',
      reason: 'update-not-allowed',
    });
    expect(end.finished?.error?.detail).toContain('org.freedesktop.DBus.Error.AccessDenied');
    const check = await job('updates.check');
    expect(check.finished?.error).toMatchObject({ code: 'access-denied' });
    expect((await call('updates.get', {})).last).toMatchObject({ outcome: 'failed', by: 'kairn' });
    expect((await call('status.get', {})).restart.required).toBe(false);
  }, 30_000);

  it('another transaction running makes it busy', async () => {
    const other = dbus.sessionBus({ busAddress: bus.address });
    try {
      const reply = await other.call(
        new dbus.Message({
          destination: NAME,
          path: SYSROOT,
          interface: `${NAME}.Sysroot`,
          member: 'GetOS',
          signature: 's',
          body: [''],
        }),
      );
      const body: unknown[] = reply?.body ?? [];
      const os: unknown = body[0];
      // A Rollback waits for its Start, which never comes while this client is connected.
      await other.call(
        new dbus.Message({
          destination: NAME,
          path: String(os),
          interface: `${NAME}.OS`,
          member: 'Rollback',
          signature: 'a{sv}',
          body: [{}],
        }),
      );
      const end = await job('updates.check');
      expect(end.finished?.error).toMatchObject({ code: 'busy', reason: 'update-busy' });
      expect(end.finished?.error?.detail).toContain('Transaction in progress');
    } finally {
      other.disconnect();
    }
  }, 30_000);

  it('cancel stops a preparation that hangs: nothing is staged and the daemon takes the next one', async () => {
    await faults({ neverFinish: true });
    const { jobId } = await call('updates.prepare', {});
    // Cancel once the transaction reported its first step.
    await new Promise<void>((resolve) => {
      const off = core.events.subscribe((event, payload) => {
        if (event === 'job.progress' && (payload as JobProgress).jobId === jobId) {
          off();
          resolve();
        }
      });
    });
    await call('jobs.cancel', { jobId });
    const end = await core.jobs.wait(jobId);
    expect(end.state).toBe('cancelled');
    expect((await call('updates.get', {})).last).toMatchObject({ outcome: 'cancelled' });
    await faults({});
    expect((await call('status.get', {})).restart.required).toBe(false);
    expect((await job('updates.prepare')).state).toBe('done');
  }, 30_000);

  it('one at a time: a second check while one runs is busy', async () => {
    await faults({ neverFinish: true });
    const { jobId } = await call('updates.check', {});
    const second = await core.dispatch('updates.check', {});
    expect(second).toMatchObject({ ok: false, error: { code: 'busy', reason: 'update-busy' } });
    await call('jobs.cancel', { jobId });
    expect((await core.jobs.wait(jobId)).state).toBe('cancelled');
    await faults({});
  }, 30_000);

  it('the daemon dying mid-check fails the job with a reason, and the next check works', async () => {
    await faults({ dieMidTransaction: true });
    const end = await job('updates.check');
    expect(end.state).toBe('failed');
    expect(end.finished?.error).toMatchObject({
      code: 'backend-failed',
      reason: 'rpm-ostree-stopped',
    });
    await faults({});
    expect((await job('updates.check')).state).toBe('done');
  }, 30_000);
});

function commitOfBooted(s: RpmOstreeState): RpmOstreeState['repository'][number] | undefined {
  const booted = s.deployments.find((d) => d.booted);
  return s.repository.find((c) => c.checksum === booted?.checksum);
}
