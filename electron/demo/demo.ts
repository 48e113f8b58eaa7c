import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

import { BusConnection } from '../backends/dbus/connection';
import { REBOOTMGR_SOCKET } from '../backends/rebootmgr/adapter';
import { SnapperDBusAdapter } from '../backends/snapper/adapter';
import { simulatorScript } from '../hosts/paths';
import {
  imageInfoOf,
  RPM_OSTREE_SCENES,
  seedScene,
  type RpmOstreeScene,
} from '../simulators/rpm-ostree/scenes';
import { STATE_FILE as RPM_OSTREE_STATE_FILE } from '../simulators/rpm-ostree/state';
import {
  AURORA_OS_RELEASE,
  BAZZITE_OS_RELEASE,
  DEMO_OS_RELEASE,
  KDE_LINUX_OS_RELEASE,
  KINOITE_OS_RELEASE,
} from './os-release-sample';
import { seedKdeLinuxBootLoader } from './boot-loader-seed';
import { seedDemoInhibitor } from './demo-inhibitor';
import { demoDownloadStepMs } from './demo-download-pace';
import { demoColorScheme, startPortalStandIn } from './portal-stand-in';
import { startPrivateBus, type ActivatableService, type PrivateBus } from './private-bus';
import {
  canUseRealSnapper,
  createRealSnapperDisk,
  SNAPPERD,
  type RealSnapperDisk,
} from './real-snapper';
import { seedHomeHistory, seedRealSnapper, seedRootHistory } from './seed';
import { waitForProcessesGone } from './teardown';
import { RebootmgrVarlinkStandIn } from '../simulators/rebootmgr/varlink-server';

/** Which kind of atomic system the demo machine is. */
export const DEMO_FAMILIES = ['snapper', 'rpm-ostree', 'sysupdate'] as const;
export type DemoFamily = (typeof DEMO_FAMILIES)[number];

export function isDemoFamily(value: string): value is DemoFamily {
  return (DEMO_FAMILIES as readonly string[]).includes(value);
}

export { RPM_OSTREE_SCENES };
export type { RpmOstreeScene };

const SCENE_OS_RELEASE: Record<RpmOstreeScene, string> = {
  aurora: AURORA_OS_RELEASE,
  bazzite: BAZZITE_OS_RELEASE,
  kinoite: KINOITE_OS_RELEASE,
};

function osReleaseOf(family: DemoFamily, scene: RpmOstreeScene): string {
  if (family === 'snapper') return DEMO_OS_RELEASE;
  if (family === 'sysupdate') return KDE_LINUX_OS_RELEASE;
  return SCENE_OS_RELEASE[scene];
}

/** The rpm-ostree machine: its sysroot for the simulator, image-info.json for Universal Blue. */
async function seedRpmOstree(dir: string, scene: RpmOstreeScene): Promise<void> {
  const state = seedScene(scene);
  // Slow enough that a person sees a switch download, quick enough not to bore.
  state.config.stepMs = 150;
  const downloadStepMs = demoDownloadStepMs(process.env);
  if (downloadStepMs !== undefined) state.config.downloadStepMs = downloadStepMs;
  await mkdir(join(dir, 'rpm-ostree'), { recursive: true });
  await writeFile(join(dir, 'rpm-ostree', RPM_OSTREE_STATE_FILE), JSON.stringify(state, null, 2));
  const info = imageInfoOf(scene);
  if (info === null) return;
  const infoDir = join(dir, 'machine', 'usr', 'share', 'ublue-os');
  await mkdir(infoDir, { recursive: true });
  await writeFile(join(infoDir, 'image-info.json'), `${JSON.stringify(info, null, 2)}\n`);
}

/** How to bring up the demo machine. */
export interface DemoOptions {
  /** openSUSE Kalpa (snapper + tukit, default), Fedora Kinoite (rpm-ostree) or KDE Linux (sysupdate). */
  family?: DemoFamily;
  /** Which rpm-ostree machine (family rpm-ostree): Aurora on stable (default), Bazzite, Fedora Kinoite. */
  scene?: RpmOstreeScene;
  /** Real snapperd on a loop-mounted btrfs instead of the snapper simulator (root only). */
  realSnapper?: boolean;
  log?: (line: string) => void;
}

/** A running demo machine: the environment that points Kairn at it, and how to take it down. */
export interface DemoEnvironment {
  /** The temp dir holding everything (buses, state, the demo home). */
  dir: string;
  home: string;
  /** KAIRN_HOME, KAIRN_OS_RELEASE, KAIRN_SYSROOT, KAIRN_STATE_DIR, KAIRN_DEMO and the two bus addresses. */
  env: Record<string, string>;
  /** Pids of the bus daemons (their process groups hold every activated service). */
  busPids: number[];
  /** Stops the buses and every service they started, unmounts (real snapper) and deletes the temp dir. */
  stop(): Promise<void>;
}

type Step = { what: string; undo: () => Promise<void> };

/** One shell-safe word for a D-Bus .service Exec= line (dbus-daemon splits it shell-style). */
function execWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function simulatorExec(name: string, stateDir: string, extra: string[] = []): string {
  return [process.execPath, simulatorScript(), name, '--state', stateDir, ...extra]
    .map(execWord)
    .join(' ');
}

/** A connection to one specific bus address (dbus-next reads the address when the bus is opened). */
function connectTo(address: string): BusConnection {
  const saved = process.env.DBUS_SYSTEM_BUS_ADDRESS;
  process.env.DBUS_SYSTEM_BUS_ADDRESS = address;
  const conn = new BusConnection('system');
  try {
    conn.get();
  } finally {
    if (saved === undefined) delete process.env.DBUS_SYSTEM_BUS_ADDRESS;
    else process.env.DBUS_SYSTEM_BUS_ADDRESS = saved;
  }
  return conn;
}

/** The simulated machine: a month of home snapshots and openSUSE-style root restore points. */
async function seedSimulated(
  dir: string,
  home: string,
  family: DemoFamily,
  scene: RpmOstreeScene,
): Promise<void> {
  const stateDir = join(dir, 'snapper');
  const uid = process.getuid?.() ?? 0;
  // File history is snapper's home config on every family (the demo's Recover files).
  await seedHomeHistory({
    stateDir,
    subvolume: home,
    config: 'home',
    uid,
    configValues: { ALLOW_USERS: userInfo().username },
  });
  await mkdir(join(dir, 'machine', 'run'), { recursive: true });
  // rpm-ostree's systems are recognised by this flag file (reference §9).
  if (family === 'rpm-ostree') {
    await writeFile(join(dir, 'machine', 'run', 'ostree-booted'), '');
    await seedRpmOstree(dir, scene);
  }
  if (family !== 'snapper') return;
  await seedRootHistory({
    stateDir,
    subvolume: join(dir, 'sysroot'),
    config: 'root',
    uid,
    pendingUpdate: true,
  });
  // The pending update is what transactional-update flags with /run/reboot-needed.
  await writeFile(join(dir, 'machine', 'run', 'reboot-needed'), '');
}

/** Each family's own system services besides snapper (home history) and logind. */
function familyServices(dir: string, family: DemoFamily): ActivatableService[] {
  switch (family) {
    case 'snapper':
      // tukitd goes back by running `snapper rollback`: the simulator works on snapper's root config
      // itself, so what snapper lists and reports as default is what tukit changed.
      return [
        {
          name: 'org.opensuse.tukit',
          exec: simulatorExec('tukit', join(dir, 'tukit'), [
            '--snapper-state',
            join(dir, 'snapper'),
            '--config',
            'root',
          ]),
        },
      ];
    case 'rpm-ostree':
      return [
        {
          name: 'org.projectatomic.rpmostree1',
          exec: simulatorExec('rpm-ostree', join(dir, 'rpm-ostree')),
        },
      ];
    case 'sysupdate':
      return [
        {
          name: 'org.freedesktop.sysupdate1',
          exec: simulatorExec('sysupdate', join(dir, 'sysupdate')),
        },
      ];
  }
}

async function startSystemBus(
  dir: string,
  realSnapper: boolean,
  family: DemoFamily,
): Promise<PrivateBus> {
  const busDir = join(dir, 'system-bus');
  const snapper: ActivatableService = {
    name: 'org.opensuse.Snapper',
    exec: realSnapper ? SNAPPERD : simulatorExec('snapper', join(dir, 'snapper')),
  };
  const logind: ActivatableService = {
    name: 'org.freedesktop.login1',
    exec: simulatorExec('logind', join(dir, 'logind')),
  };
  return startPrivateBus({
    kind: 'system',
    dir: busDir,
    services: realSnapper ? [snapper, logind] : [snapper, logind, ...familyServices(dir, family)],
    includeSystemPolicies: realSnapper,
    // Activated services inherit this: the simulators find their bus through it.
    env: { DBUS_SYSTEM_BUS_ADDRESS: `unix:path=${join(busDir, 'bus')}` },
  });
}

/** Replays the demo history through real snapperd (activated on the private bus). */
async function seedReal(bus: PrivateBus, disk: RealSnapperDisk): Promise<void> {
  const conn = connectTo(bus.address);
  try {
    await seedRealSnapper({
      snapper: new SnapperDBusAdapter(conn),
      conn,
      config: disk.config,
      subvolume: disk.home,
    });
  } finally {
    conn.close();
  }
}

async function undoAll(steps: Step[], log: (line: string) => void): Promise<void> {
  for (const step of steps.reverse()) {
    try {
      await step.undo();
    } catch (err) {
      log(
        `demo cleanup (${step.what}) failed: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }
  steps.length = 0;
}

/**
 * Brings up the demo machine: private system and session buses, the snapper and logind
 * simulators (bus-activated from out/main/simulator.js) or real snapperd, a seeded home, an
 * openSUSE Kalpa os-release. Nothing outside the temp dir is touched (except, with real
 * snapper, a uniquely named snapper config that stop() deletes).
 */
export async function startDemoEnvironment(options: DemoOptions = {}): Promise<DemoEnvironment> {
  const log = options.log ?? (() => {});
  const realSnapper = options.realSnapper ?? false;
  const family = options.family ?? 'snapper';
  const scene = options.scene ?? 'aurora';
  if (realSnapper && family !== 'snapper')
    throw new Error('--real-snapper goes with --family snapper only');
  if (realSnapper && !(await canUseRealSnapper())) {
    throw new Error('--real-snapper needs root, snapper (snapperd) and btrfs-progs');
  }
  const dir = await mkdtemp(join(tmpdir(), 'kairn-demo-'));
  const steps: Step[] = [
    { what: 'temp dir', undo: () => rm(dir, { recursive: true, force: true }) },
  ];
  try {
    await writeFile(join(dir, 'os-release'), osReleaseOf(family, scene));
    await mkdir(join(dir, 'kairn-state'), { recursive: true });
    // The disk comes first so it is unmounted only after the buses (and snapperd) are gone.
    const disk = realSnapper ? await createRealSnapperDisk(dir, log) : null;
    if (disk) steps.push({ what: 'loop btrfs', undo: () => disk.stop() });
    await seedDemoInhibitor(join(dir, 'logind'), process.env);
    if (family === 'sysupdate') await seedKdeLinuxBootLoader(join(dir, 'logind'));
    const system = await startSystemBus(dir, realSnapper, family);
    const session = await startPrivateBus({ kind: 'session', dir: join(dir, 'session-bus') });
    const busPids = [system.pid, session.pid];
    steps.push({ what: 'buses', undo: () => stopBuses([system, session]) });
    const stopPortal = await startPortalStandIn(session.address, demoColorScheme(process.env));
    steps.push({
      what: 'portal',
      undo: () => {
        stopPortal();
        return Promise.resolve();
      },
    });
    // KAIRN_DEMO_REBOOTMGR=1: the openSUSE machine also runs rebootmgr 3.x (its default settings).
    if (family === 'snapper' && process.env.KAIRN_DEMO_REBOOTMGR === '1') {
      const rebootmgr = new RebootmgrVarlinkStandIn(join(dir, 'machine', REBOOTMGR_SOCKET));
      await rebootmgr.start();
      steps.push({ what: 'rebootmgr', undo: () => rebootmgr.stop() });
    }
    const home = disk ? disk.home : join(dir, 'home', userInfo().username);
    if (disk) await seedReal(system, disk);
    else await seedSimulated(dir, home, family, scene);
    const env = {
      KAIRN_HOME: home,
      KAIRN_OS_RELEASE: join(dir, 'os-release'),
      // System files (/run flags) are read from the demo machine, never from this computer.
      KAIRN_SYSROOT: join(dir, 'machine'),
      KAIRN_STATE_DIR: join(dir, 'kairn-state'),
      KAIRN_DEMO: '1',
      DBUS_SYSTEM_BUS_ADDRESS: system.address,
      DBUS_SESSION_BUS_ADDRESS: session.address,
    };
    return { dir, home, env, busPids, stop: () => undoAll(steps, log) };
  } catch (err) {
    await undoAll(steps, log);
    throw err;
  }
}

/** Stops the bus daemons, then waits until every process of their groups (activated services) is gone. */
async function stopBuses(buses: PrivateBus[]): Promise<void> {
  await Promise.all(buses.map((bus) => bus.stop()));
  await waitForProcessesGone(buses.map((bus) => bus.pid));
}
