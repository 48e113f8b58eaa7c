import { execFile } from 'node:child_process';
import { access, chmod, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

import {
  SnapperDBusAdapter,
  type SnapperAdapterOptions,
} from '../../electron/backends/snapper/adapter';
import { SNAPPER_ERRORS } from '../../electron/backends/snapper/errors';
import {
  SNAPPER,
  SNAPPER_METHODS,
  type SnapperMethod,
} from '../../electron/backends/snapper/proxy';
import { callMethod } from '../../electron/backends/dbus/call';
import { BusConnection } from '../../electron/backends/dbus/connection';
import { writeSimulatorConfig } from '../../electron/demo/seed';
import { startPrivateBus, type PrivateBus } from '../../electron/demo/private-bus';
import { startBtrfsLoop, type BtrfsLoop } from './btrfs-loop';
import { busPidOf, waitNameGone, waitProcessEnded } from './bus-names';

const run = promisify(execFile);
const REPO = resolve(import.meta.dirname, '../..');
const SNAPPERD = '/usr/sbin/snapperd';

/** One snapper under test (real snapperd on a loop btrfs, or the simulator) on its own private system bus. */
export interface SnapperEnv {
  real: boolean;
  busAddress: string;
  /** Pid of the private dbus-daemon (its process group holds the activated daemon). */
  busPid: number;
  /** The loop device of the btrfs image (real only). */
  loopDevice: string | null;
  subvolume: string;
  /** Unique per run, so runs never see each other's configs. */
  config: string;
  /** A SnapperDBusAdapter on this env's bus. */
  snapper: SnapperDBusAdapter;
  conn: BusConnection;
  /** CreateSingleSnapshot through the adapter. */
  snapshot(description?: string, userdata?: Record<string, string>): Promise<number>;
  /** A raw org.opensuse.Snapper call (strings are sent as given: escape them yourself); errors mapped like the adapter's. */
  call(member: SnapperMethod, body: unknown[]): Promise<unknown[]>;
  /** Pid of the process owning org.opensuse.Snapper, or null when it is not running. */
  daemonPid(): Promise<number | null>;
  /** Kills the daemon (default SIGKILL) and waits until its bus name is gone; the next call re-activates it. */
  killDaemon(signal?: NodeJS.Signals): Promise<void>;
  /** Everything down: daemon, bus, config, mount, loop device. Idempotent. */
  stop(): Promise<void>;
}

export interface SnapperEnvOptions {
  real: boolean;
  /** An empty directory owned by the test (made world-traversable so a test can call as another uid). */
  dir: string;
  /** Extra config values (e.g. ALLOW_USERS) set before the daemon starts. */
  configValues?: Record<string, string>;
  adapter?: SnapperAdapterOptions;
}

/** Why real snapperd cannot run here, or null when it can (root, snapperd, mkfs.btrfs, losetup, loop devices). */
export async function realSnapperProblem(): Promise<string | null> {
  if (process.getuid?.() !== 0) return 'not root';
  for (const tool of [SNAPPERD, '/usr/bin/snapper', 'mkfs.btrfs', 'losetup', 'dbus-daemon']) {
    const found = tool.startsWith('/')
      ? await access(tool).then(
          () => true,
          () => false,
        )
      : await run('which', [tool]).then(
          () => true,
          () => false,
        );
    if (!found) return `${tool} missing`;
  }
  if (
    !(await access('/dev/loop-control').then(
      () => true,
      () => false,
    ))
  )
    return 'no /dev/loop-control';
  return null;
}

/** Can this machine run real snapperd for tests? */
export async function canRunRealSnapper(): Promise<boolean> {
  return (await realSnapperProblem()) === null;
}

/**
 * Should a real-snapper test run? true: run it. false: skip it. Throws when CI is set and it
 * cannot run — in CI a missing real snapper is a failure, not a skip.
 */
export async function realSnapperRequired(): Promise<boolean> {
  const problem = await realSnapperProblem();
  if (problem === null) return true;
  if (process.env.CI)
    throw new Error(`CI requires real snapperd but it cannot run here: ${problem}`);
  return false;
}

/** The Exec line that starts the snapper simulator on `stateDir` (bus activation runs it from `/`). */
export function simulatorExec(stateDir: string): string {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return `${process.execPath} --import ${tsx} ${join(REPO, 'electron/simulators/main.ts')} snapper --state ${stateDir}`;
}

async function snapperCli(args: string[]): Promise<void> {
  await run('snapper', ['--no-dbus', ...args], { timeout: 60_000 });
}

interface Prepared {
  subvolume: string;
  loopDevice: string | null;
  exec: string;
  cleanup: Array<() => Promise<void>>;
}

async function prepareReal(
  dir: string,
  config: string,
  values: Record<string, string>,
  cleanup: Array<() => Promise<void>>,
): Promise<Prepared> {
  const loop: BtrfsLoop = await startBtrfsLoop({ dir: join(dir, 'disk') });
  cleanup.push(() => loop.stop());
  const subvolume = await loop.createSubvolume('home');
  await chmod(loop.mountPoint, 0o755);
  await snapperCli(['-c', config, 'create-config', subvolume]);
  // delete-config while still mounted: it removes /etc/snapper/configs/<name> and the SNAPPER_CONFIGS entry.
  cleanup.push(() => snapperCli(['-c', config, 'delete-config']).catch(() => undefined));
  const pairs = Object.entries(values).map(([k, v]) => `${k}=${v}`);
  if (pairs.length > 0) await snapperCli(['-c', config, 'set-config', ...pairs]);
  return { subvolume, loopDevice: loop.device, exec: SNAPPERD, cleanup };
}

async function prepareSim(
  dir: string,
  config: string,
  values: Record<string, string>,
  cleanup: Array<() => Promise<void>>,
): Promise<Prepared> {
  const subvolume = join(dir, 'home');
  const stateDir = join(dir, 'sim-state');
  await mkdir(subvolume, { recursive: true });
  await writeSimulatorConfig(stateDir, config, { ...values, SUBVOLUME: subvolume });
  return { subvolume, loopDevice: null, exec: simulatorExec(stateDir), cleanup };
}

/**
 * Starts snapper on a private system bus. BusConnection reads DBUS_SYSTEM_BUS_ADDRESS from
 * process.env when it (re)connects, so the variable is set for this env's lifetime and restored
 * by stop(): run one env at a time in a process.
 */
export async function startSnapperEnv(options: SnapperEnvOptions): Promise<SnapperEnv> {
  const config = `kairn-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const cleanup: Array<() => Promise<void>> = [];
  const previousAddress = process.env.DBUS_SYSTEM_BUS_ADDRESS;
  let bus: PrivateBus | null = null;
  let conn: BusConnection | null = null;
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    if (conn && bus) await killOwner(conn).catch(() => undefined);
    conn?.close();
    await bus?.stop();
    if (previousAddress === undefined) delete process.env.DBUS_SYSTEM_BUS_ADDRESS;
    else process.env.DBUS_SYSTEM_BUS_ADDRESS = previousAddress;
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  };
  try {
    await chmod(options.dir, 0o755);
    const prepared = await (options.real ? prepareReal : prepareSim)(
      options.dir,
      config,
      options.configValues ?? {},
      cleanup,
    );
    const busDir = join(options.dir, 'bus');
    await mkdir(busDir, { recursive: true, mode: 0o755 });
    bus = await startPrivateBus({
      kind: 'system',
      dir: busDir,
      services: [{ name: SNAPPER.destination, exec: prepared.exec }],
      includeSystemPolicies: options.real,
    });
    process.env.DBUS_SYSTEM_BUS_ADDRESS = bus.address;
    conn = new BusConnection('system');
    const snapper = new SnapperDBusAdapter(conn, options.adapter);
    const live = conn;
    return {
      real: options.real,
      busAddress: bus.address,
      busPid: bus.pid,
      loopDevice: prepared.loopDevice,
      subvolume: prepared.subvolume,
      config,
      snapper,
      conn: live,
      snapshot: (description = '', userdata = {}) =>
        snapper.createSingleSnapshot(config, description, '', userdata),
      call: (member, body) =>
        callMethod(
          live,
          { ...SNAPPER, member, signature: SNAPPER_METHODS[member].in, body },
          { timeoutMs: 30_000, errors: SNAPPER_ERRORS },
        ),
      daemonPid: () => busPidOf(live, SNAPPER.destination),
      killDaemon: (signal = 'SIGKILL') => killOwner(live, signal),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function killOwner(conn: BusConnection, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  const pid = await busPidOf(conn, SNAPPER.destination);
  if (pid === null) return;
  const gone = waitNameGone(conn, SNAPPER.destination, 10_000);
  process.kill(pid, signal);
  await gone;
  await waitProcessEnded(pid, 10_000);
}
