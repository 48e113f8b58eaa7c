/**
 * Restore points on KDE Linux: the sysupdate adapter against the sysupdated simulator in each of
 * its three API generations (reference §5.3) and the logind simulator's one-shot boot entry
 * (§6.2), on private system buses, through dispatch: the list with its marks, what changed, going
 * back, undo, and each refusal. Chosen through the real family table.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { MethodName, ParamsIn, ResultOf } from '../../shared/api/contract';
import type { JobSnapshot } from '../../shared/schemas/jobs';
import { callMethod } from '../../electron/backends/dbus/call';
import { BusConnections, type BusConnection } from '../../electron/backends/dbus/connection';
import { chooseAdapters } from '../../electron/backends/family-table';
import { BusServiceNames } from '../../electron/backends/os/names';
import { nodeProcesses } from '../../electron/backends/os/processes';
import { nodeFileSystem } from '../../electron/backends/restore-fs/node-fs';
import {
  SysupdateRestorePoints,
  type SysupdateRestorePointsDeps,
} from '../../electron/backends/restore-points/sysupdate';
import { SnapperDBusAdapter } from '../../electron/backends/snapper/adapter';
import { createCore, type Core } from '../../electron/core/compose';
import type { KairnEnvironment } from '../../electron/core/env';
import { startPrivateBus, type PrivateBus } from '../../electron/demo/private-bus';
import { waitForProcessesGone } from '../../electron/demo/teardown';
import { simulatorScript } from '../../electron/hosts/paths';
import type { BootLoaderState } from '../../electron/simulators/logind/boot-loader';
import { seedState, type SysupdateState } from '../../electron/simulators/sysupdate/state';
import { busPidOf, waitNameGone } from '../harness/bus-names';
import { makeTempDir } from '../harness/tmp';
import { assertBuilt } from './helpers/kairn-process';
import { fakeRestartPorts } from '../fakes/restart-fake';
import { noUpdates } from '../harness/no-updates';

type Api = 'A' | 'B' | 'C';

const OLDEST = '202611150241';
const OLDER = '202611220317';
const NEWEST = '202611290305';
const ACTION = 'org.freedesktop.login1.set-reboot-to-boot-loader-entry';
const LOGIND = {
  destination: 'org.freedesktop.login1',
  path: '/org/freedesktop/login1',
  interface: 'org.freedesktop.DBus.Properties',
};

/** The boot loader lists the two newer UKIs (boot counting already dropped from the ids), not the oldest. */
const BOOT_LOADER = {
  entries: ['auto-reboot-to-firmware-setup', `kde-linux_${OLDER}.efi`, `kde-linux_${NEWEST}.efi`],
  oneShot: '',
  oneShotSupported: true,
  polkitDenied: [] as string[],
};

let tmp: Awaited<ReturnType<typeof makeTempDir>>;

interface Machine {
  bus: PrivateBus;
  conn: BusConnection;
  dir: string;
  core: Core;
  env: KairnEnvironment;
  bootLoader(change: Partial<BootLoaderState>): Promise<void>;
  /** Lifts the hang fault (and the simulator's note of a hanging call). */
  calm(): Promise<void>;
  /** Resolves once the logind simulator is holding a SetRebootToBootLoaderEntry call unanswered. */
  hanging(): Promise<void>;
  oneShot(): Promise<string>;
  stop(): Promise<void>;
}

/** A KDE Linux machine in a folder: os-release under KAIRN_SYSROOT, a private system bus with the simulators asked for. */
async function machine(
  name: string,
  api: Api | null,
  adapterOptions?: Pick<SysupdateRestorePointsDeps, 'setEntryTimeoutMs'>,
): Promise<Machine> {
  const dir = join(tmp.path, name);
  const root = join(dir, 'root');
  await mkdir(join(root, 'etc'), { recursive: true });
  await writeFile(
    join(root, 'etc', 'os-release'),
    `NAME="KDE Linux"\nID=kde-linux\nIMAGE_ID=kde-linux\nIMAGE_VERSION=${NEWEST}\n`,
  );
  const sim = (what: string, ...args: string[]): string =>
    [process.execPath, simulatorScript(), what, '--state', join(dir, what), ...args].join(' ');
  await mkdir(join(dir, 'logind'), { recursive: true });
  const bootLoaderFile = join(dir, 'logind', 'bootloader.json');
  await writeFile(bootLoaderFile, JSON.stringify(BOOT_LOADER));
  const services = [{ name: 'org.freedesktop.login1', exec: sim('logind') }];
  if (api !== null) {
    await mkdir(join(dir, 'sysupdate'), { recursive: true });
    const state: SysupdateState = { ...seedState(), api, idleExitMs: 0 };
    await writeFile(join(dir, 'sysupdate', 'sysupdate.json'), JSON.stringify(state));
    services.push({ name: 'org.freedesktop.sysupdate1', exec: sim('sysupdate', '--api', api) });
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
  const conn = conns.system;
  conn.get();
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
  const snapper = new SnapperDBusAdapter(conn);
  const core = createCore(env, {
    fileHistory: snapper,
    names: new BusServiceNames(conn),
    ...fakeRestartPorts(),
    fileManager: { showItems: () => Promise.resolve() },
    fs: nodeFileSystem,
    processes: nodeProcesses,
    // The real family table: KDE Linux must get the sysupdate adapter (with options: built here).
    chooseAdapters: (facts) =>
      adapterOptions
        ? {
            restorePoints: new SysupdateRestorePoints({
              conn,
              fs: nodeFileSystem,
              env,
              ...adapterOptions,
            }),
            ...noUpdates(),
          }
        : chooseAdapters(facts, {
            conns,
            snapper,
            env,
            fs: nodeFileSystem,
          }),
  });
  return {
    bus,
    conn,
    dir,
    core,
    env,
    async bootLoader(change) {
      const current = JSON.parse(await readFile(bootLoaderFile, 'utf8')) as BootLoaderState;
      await writeFile(bootLoaderFile, JSON.stringify({ ...current, ...change }));
    },
    async calm() {
      const current = JSON.parse(await readFile(bootLoaderFile, 'utf8')) as BootLoaderState;
      const { hangSet: _hang, hangingOn: _on, ...rest } = current;
      await writeFile(bootLoaderFile, JSON.stringify(rest));
    },
    async hanging() {
      const end = Date.now() + 10_000;
      for (;;) {
        const state = JSON.parse(await readFile(bootLoaderFile, 'utf8')) as BootLoaderState;
        if (state.hangingOn !== undefined) return;
        if (Date.now() > end)
          throw new Error('logind never took the SetRebootToBootLoaderEntry call');
        await new Promise<void>((r) => setImmediate(r));
      }
    },
    async oneShot() {
      const [v] = await callMethod(conn, {
        ...LOGIND,
        member: 'Get',
        signature: 'ss',
        body: ['org.freedesktop.login1.Manager', 'RebootToBootLoaderEntry'],
      });
      return String((v as { value: unknown }).value);
    },
    async stop() {
      await core.shutdown();
      conn.close();
      await bus.stop();
      await waitForProcessesGone([bus.pid]);
    },
  };
}

async function call<M extends MethodName>(
  core: Core,
  method: M,
  params: ParamsIn<M>,
): Promise<ResultOf<M>> {
  const reply = await core.dispatch(method, params);
  if (!reply.ok) throw Object.assign(new Error(reply.error.message), reply.error);
  return reply.result as ResultOf<M>;
}

async function rollback(core: Core, to: string): Promise<JobSnapshot> {
  const { jobId } = await call(core, 'restorePoints.rollback', { to });
  return core.jobs.wait(jobId);
}

async function undo(core: Core): Promise<JobSnapshot> {
  const { jobId } = await call(core, 'restorePoints.undoRollback', {});
  return core.jobs.wait(jobId);
}

async function nextStart(core: Core): Promise<string | undefined> {
  return (await call(core, 'restorePoints.list', {})).points.find((p) => p.nextStart)?.id;
}

beforeAll(async () => {
  assertBuilt();
  tmp = await makeTempDir('kairn-rp-sysupdate-');
});

afterAll(async () => {
  await tmp?.remove();
});

describe.each(['A', 'B', 'C'] as const)('sysupdated API generation %s, through dispatch', (api) => {
  let m: Machine;

  beforeAll(async () => {
    m = await machine(`gen-${api}`, api);
  }, 30_000);
  afterAll(() => m?.stop());

  it('lists the installed versions newest first: running, used at next start, kept = protected', async () => {
    const list = await call(m.core, 'restorePoints.list', {});
    expect(list.family).toBe('sysupdate');
    expect(list.points.map((p) => [p.id, p.version, p.running, p.nextStart, p.kept])).toEqual([
      [NEWEST, NEWEST, true, true, true],
      [OLDER, OLDER, false, false, false],
      [OLDEST, OLDEST, false, false, false],
    ]);
    expect(list.points[1]).toMatchObject({
      kind: 'update',
      title: 'System update',
      date: '2026-11-22T03:17:00.000Z',
    });
    expect(list.goBack).toEqual({ available: true, reason: null, detail: null });
    expect(list.keep).toMatchObject({ available: false, reason: 'sysupdate-keeps-itself' });
    expect(list.keep.detail).toContain('ProtectVersion=');
    expect(list.cancellable).toBe(false);
    expect(list.restartNeeded).toBe(false);
  });

  it('what changed: the changelog link, with the call shapes this generation needs under Details', async () => {
    const changes = await call(m.core, 'restorePoints.changes', { id: OLDER });
    expect(changes.comparedWith).toBe(OLDEST);
    expect(changes.descriptions).toEqual([`https://kde.org/linux/changelog/${OLDER}`]);
    expect(changes.packages).toBeNull();
    expect(changes.technical).toMatchObject({
      'call shapes': api === 'A' ? 'List(b), Describe(sb)' : 'List(t), Describe(st)',
      'boot entry': `kde-linux_${OLDER}.efi`,
      'sysupdate target': '/org/freedesktop/sysupdate1/target/host',
      appstream: 'https://files.kde.org/kde-linux/sysupdate/v2/org.kde.linux.metainfo.xml',
    });
    expect(JSON.parse(changes.technical.describe ?? '')).toMatchObject({
      version: OLDER,
      installed: true,
    });
    const oldest = await call(m.core, 'restorePoints.changes', { id: OLDEST });
    expect(oldest.comparedWith).toBeNull();
    expect(oldest.technical['boot entry']).toBe('(not in the boot menu)');
  });

  it('going back sets the one-shot boot entry and "used at next start" moves; undo clears it', async () => {
    const done = await rollback(m.core, OLDER);
    expect(done.state).toBe('done');
    expect(done.finished?.result).toEqual({ from: NEWEST, to: OLDER, restartNeeded: true });
    expect(await m.oneShot()).toBe(`kde-linux_${OLDER}.efi`);
    const list = await call(m.core, 'restorePoints.list', {});
    expect(list.points.find((p) => p.nextStart)?.id).toBe(OLDER);
    expect(list.points.find((p) => p.running)?.id).toBe(NEWEST);
    expect(list.undo).toEqual({ from: NEWEST, to: OLDER });
    expect(list.restartNeeded).toBe(true);
    expect(list.startedFromOlder).toBe(false);
    const status = await call(m.core, 'status.get', {});
    expect(status.restart.required).toBe(true);

    const undone = await undo(m.core);
    expect(undone.state).toBe('done');
    expect(await m.oneShot()).toBe('');
    const after = await call(m.core, 'restorePoints.list', {});
    expect(after.points.find((p) => p.nextStart)?.id).toBe(NEWEST);
    expect(after.undo).toBeNull();
    expect(after.restartNeeded).toBe(false);
  });

  it('a version the boot menu does not list is a plain refusal, and nothing changes', async () => {
    // The list already says so per row (no button there); asked anyway, the job refuses.
    const list = await call(m.core, 'restorePoints.list', {});
    expect(list.points.map((p) => [p.id, p.goBackBlocked])).toEqual([
      [NEWEST, null],
      [OLDER, null],
      [OLDEST, 'boot-entry-missing'],
    ]);
    const end = await rollback(m.core, OLDEST);
    expect(end.state).toBe('failed');
    expect(end.finished?.error).toMatchObject({ code: 'not-found', reason: 'boot-entry-missing' });
    expect(end.finished?.error?.detail).toContain(`kde-linux_${OLDEST}.efi`);
    expect(await m.oneShot()).toBe('');
    expect(await nextStart(m.core)).toBe(NEWEST);
  });

  it('an unknown version is not-found before anything starts; keeping is refused with why', async () => {
    await expect(
      call(m.core, 'restorePoints.rollback', { to: '202001010000' }),
    ).rejects.toMatchObject({ code: 'not-found', reason: 'restore-point-missing' });
    await expect(
      call(m.core, 'restorePoints.changes', { id: '202001010000' }),
    ).rejects.toMatchObject({ code: 'not-found' });
    await expect(
      call(m.core, 'restorePoints.keep', { id: OLDER, name: 'Before the printer setup' }),
    ).rejects.toMatchObject({ code: 'not-yet-available', reason: 'sysupdate-keeps-itself' });
  });
});

describe('refusals (generation B)', () => {
  let m: Machine;

  beforeAll(async () => {
    m = await machine('refusals', 'B');
  }, 30_000);
  afterAll(() => m?.stop());

  it('logind refusing is access-denied with the polkit action under Details; nothing changes', async () => {
    await m.bootLoader({ polkitDenied: [ACTION] });
    const end = await rollback(m.core, OLDER);
    expect(end.state).toBe('failed');
    expect(end.finished?.error).toMatchObject({
      code: 'access-denied',
      reason: 'boot-entry-not-allowed',
    });
    expect(end.finished?.error?.detail).toContain(ACTION);
    expect(end.finished?.error?.detail).toContain('org.freedesktop.DBus.Error.AccessDenied');
    await m.bootLoader({ polkitDenied: [] });
    expect(await nextStart(m.core)).toBe(NEWEST);
  });

  it('a boot loader without one-shot entries: going back is not available here, with the reason', async () => {
    await m.bootLoader({ oneShotSupported: false });
    const list = await call(m.core, 'restorePoints.list', {});
    expect(list.goBack).toMatchObject({ available: false, reason: 'boot-entry-unsupported' });
    expect(list.points).toHaveLength(3);
    await expect(call(m.core, 'restorePoints.rollback', { to: OLDER })).rejects.toMatchObject({
      reason: 'boot-entry-unsupported',
    });
    await m.bootLoader({ oneShotSupported: true });
  });

  it('a one-shot entry set by someone else (the boot menu tool) is what the next start uses', async () => {
    await m.bootLoader({ oneShot: `kde-linux_${OLDER}.efi` });
    expect(await nextStart(m.core)).toBe(OLDER);
    await m.bootLoader({ oneShot: 'auto-reboot-to-firmware-setup' });
    const list = await call(m.core, 'restorePoints.list', {});
    expect(list.points.some((p) => p.nextStart)).toBe(false);
    await m.bootLoader({ oneShot: '' });
  });
});

describe('faults while going back (generation B)', () => {
  let m: Machine;

  beforeAll(async () => {
    m = await machine('faults', 'B', { setEntryTimeoutMs: 1500 });
  }, 30_000);
  afterAll(() => m?.stop());

  it('a second rollback while one runs is busy; a logind that never answers ends with a clear timeout', async () => {
    await m.bootLoader({ hangSet: true });
    try {
      const { jobId } = await call(m.core, 'restorePoints.rollback', { to: OLDER });
      await m.hanging();
      await expect(call(m.core, 'restorePoints.rollback', { to: OLDEST })).rejects.toMatchObject({
        code: 'busy',
        reason: 'rollback-running',
      });
      const end = await m.core.jobs.wait(jobId);
      expect(end.state).toBe('failed');
      expect(end.finished?.error).toMatchObject({
        code: 'backend-failed',
        reason: 'rollback-timeout',
      });
      expect(end.finished?.error?.detail).toContain('SetRebootToBootLoaderEntry');
    } finally {
      await m.calm();
    }
    expect(await m.oneShot()).toBe('');
    expect(await nextStart(m.core)).toBe(NEWEST);
  }, 30_000);

  it('logind vanishing mid-call fails the job with the reason; the list recovers when it returns', async () => {
    await m.bootLoader({ hangSet: true });
    const { jobId } = await call(m.core, 'restorePoints.rollback', { to: OLDER });
    await m.hanging();
    const pid = await busPidOf(m.conn, 'org.freedesktop.login1');
    if (pid === null) throw new Error('logind is not running');
    const gone = waitNameGone(m.conn, 'org.freedesktop.login1', 10_000);
    process.kill(pid, 'SIGKILL');
    await gone;
    const end = await m.core.jobs.wait(jobId);
    expect(end.state).toBe('failed');
    expect(end.finished?.error).toMatchObject({ code: 'backend-failed', reason: 'logind-stopped' });
    await m.calm();
    // The next call activates logind again: the list answers, nothing moved, and going back works.
    const list = await call(m.core, 'restorePoints.list', {});
    expect(list.goBack.available).toBe(true);
    expect(list.points.find((p) => p.nextStart)?.id).toBe(NEWEST);
    expect((await rollback(m.core, OLDER)).state).toBe('done');
    expect((await undo(m.core)).state).toBe('done');
  }, 30_000);

  it('a version no longer installed is not-found, and the next start stays', async () => {
    const stateFile = join(m.dir, 'sysupdate', 'sysupdate.json');
    const state = JSON.parse(await readFile(stateFile, 'utf8')) as SysupdateState;
    await writeFile(
      stateFile,
      JSON.stringify({
        ...state,
        versions: state.versions.map((v) => (v.version === OLDER ? { ...v, installed: false } : v)),
      }),
    );
    await expect(call(m.core, 'restorePoints.rollback', { to: OLDER })).rejects.toMatchObject({
      code: 'not-found',
      reason: 'restore-point-missing',
    });
    expect(await m.oneShot()).toBe('');
    expect(await nextStart(m.core)).toBe(NEWEST);
    await writeFile(stateFile, JSON.stringify(state));
  });
});

describe('sysupdated absent', () => {
  let m: Machine;

  beforeAll(async () => {
    m = await machine('absent', null);
  }, 30_000);
  afterAll(() => m?.stop());

  it('the list says why instead of failing; calls that need sysupdated are service-missing', async () => {
    const list = await call(m.core, 'restorePoints.list', {});
    expect(list.family).toBe('sysupdate');
    expect(list.list).toMatchObject({ available: false, reason: 'sysupdate-missing' });
    expect(list.goBack).toMatchObject({ available: false, reason: 'sysupdate-missing' });
    expect(list.points).toEqual([]);
    await expect(call(m.core, 'restorePoints.changes', { id: OLDER })).rejects.toMatchObject({
      code: 'service-missing',
      reason: 'sysupdate-missing',
    });
    const adapter = new SysupdateRestorePoints({ conn: m.conn, fs: nodeFileSystem, env: m.env });
    await expect(adapter.goBack(OLDER, new AbortController().signal)).rejects.toMatchObject({
      code: 'service-missing',
      reason: 'sysupdate-missing',
    });
    // The running version still comes from os-release under KAIRN_SYSROOT.
    expect((await adapter.boot()).running).toBe(NEWEST);
  });
});
