import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import { callMethod } from '../backends/dbus/call';
import type { BusConnection } from '../backends/dbus/connection';
import { SNAPPER } from '../backends/snapper/proxy';
import type { SnapperPort } from '../core/ports/snapper';
import { configFromTemplate, formatConfigFile } from '../simulators/snapper/config-file';
import { formatInfoXml, withDate } from '../simulators/snapper/info-xml';
import { homeTimeline } from './seed-home';
import { rootTimeline } from './seed-root';
import type { SeedTimeline } from './seed-timeline';
import { syncTree, writeTree, type SeedTree } from './seed-tree';

export { homeTimeline } from './seed-home';
export { rootTimeline } from './seed-root';
export type { PlannedSnapshot, SeedTimeline } from './seed-timeline';

/**
 * Writes a snapper config for the simulator (`<stateDir>/configs/<name>`, snapper's template
 * plus `values`; SUBVOLUME is required) and creates `<SUBVOLUME>/.snapshots`. Returns the file.
 */
export async function writeSimulatorConfig(
  stateDir: string,
  name: string,
  values: Record<string, string>,
): Promise<string> {
  if (!values.SUBVOLUME) throw new Error('writeSimulatorConfig: SUBVOLUME is required');
  const file = join(stateDir, 'configs', name);
  await mkdir(join(stateDir, 'configs'), { recursive: true });
  await writeFile(file, formatConfigFile(configFromTemplate(values)));
  await mkdir(join(values.SUBVOLUME, '.snapshots'), { recursive: true, mode: 0o750 });
  return file;
}

/** Where and how to seed a simulator history. */
export interface SeedHistoryOptions {
  /** The simulator's --state directory. */
  stateDir: string;
  /** The live directory the config covers (the demo home, or a fake system root). */
  subvolume: string;
  config?: string;
  /** "Now" of the history (default: the current time). */
  now?: Date;
  /** Extra config values (e.g. ALLOW_USERS). */
  configValues?: Record<string, string>;
  /** uid recorded on the manual ("important") snapshots; timeline ones are root's (0). */
  uid?: number;
}

/** What was seeded. */
export interface SeededHistory {
  config: string;
  subvolume: string;
  /** Snapshot numbers, oldest first. */
  snapshots: number[];
}

/** Writes a timeline straight into snapper's on-disk layout with backdated info.xml (simulator only). */
async function seedOnDisk(
  options: SeedHistoryOptions,
  config: string,
  timeline: SeedTimeline,
  firstNumber: number,
): Promise<SeededHistory> {
  await writeSimulatorConfig(options.stateDir, config, {
    ...options.configValues,
    SUBVOLUME: options.subvolume,
  });
  const numbers: number[] = [];
  let previous: { dir: string; tree: SeedTree } | undefined;
  for (const [i, planned] of timeline.snapshots.entries()) {
    const number = firstNumber + i;
    const dir = join(options.subvolume, '.snapshots', String(number));
    const tree = timeline.treeAt(planned.date);
    await writeTree(join(dir, 'snapshot'), tree, previous);
    const uid =
      planned.cleanup === 'timeline' || planned.cleanup === 'number' ? 0 : (options.uid ?? 0);
    const info = { number, type: 'single' as const, preNumber: 0, uid, ...planned };
    await writeFile(join(dir, 'info.xml'), formatInfoXml(info), { mode: 0o600 });
    previous = { dir: join(dir, 'snapshot'), tree };
    numbers.push(number);
  }
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  await syncTree(options.subvolume, timeline.treeAt(now));
  return { config, subvolume: options.subvolume, snapshots: numbers };
}

/**
 * A believable home for the simulator: documents, pictures, music, downloads, a PDF, an ODT,
 * unicode and backslash names, a symlink, a file deleted a week ago, a recipe with five
 * versions — and ~30 days of snapshots (hourly today, daily before). Config default `home`.
 */
export async function seedHomeHistory(options: SeedHistoryOptions): Promise<SeededHistory> {
  const values = {
    ALLOW_USERS: '',
    SYNC_ACL: 'yes',
    TIMELINE_CREATE: 'yes',
    ...options.configValues,
  };
  return seedOnDisk(
    { ...options, configValues: values },
    options.config ?? 'home',
    homeTimeline(options.now ?? new Date()),
    1,
  );
}

/**
 * A fake system root with openSUSE-style restore points ("Snapshot Update of #41", some
 * important=yes), numbered from 41. `pendingUpdate` adds one more snapshot that is the next
 * boot's default while the previous one stays active (what GetDefault/ActiveSnapshot report).
 */
export async function seedRootHistory(
  options: SeedHistoryOptions & { pendingUpdate?: boolean },
): Promise<SeededHistory> {
  const config = options.config ?? 'root';
  const seeded = await seedOnDisk(
    options,
    config,
    rootTimeline(options.now ?? new Date(), options.pendingUpdate ? 8 : 7),
    41,
  );
  const last = seeded.snapshots.at(-1) ?? 0;
  const active = options.pendingUpdate ? last - 1 : last;
  const bootFile = join(options.stateDir, 'boot.json');
  const boot = JSON.parse(await readFile(bootFile, 'utf8').catch(() => '{}')) as Record<
    string,
    unknown
  >;
  await writeFile(
    bootFile,
    JSON.stringify({ ...boot, [config]: { default: last, active } }, null, 2),
  );
  return seeded;
}

/** Real snapperd: which history to replay into an existing config. */
export interface SeedRealOptions {
  snapper: SnapperPort;
  /** The bus the snapper port talks on (to restart snapperd after backdating). */
  conn: BusConnection;
  config: string;
  subvolume: string;
  timeline?: 'home' | 'root';
  now?: Date;
}

/**
 * The same history through REAL snapperd (root, btrfs): the live subvolume is changed step by
 * step and snapshotted with CreateSingleSnapshot; then each info.xml <date> is rewritten to the
 * planned time and snapperd is stopped so that the next call (bus activation) re-reads them.
 * Backdating is a demo-only trick: snapper itself never rewrites dates.
 */
export async function seedRealSnapper(options: SeedRealOptions): Promise<SeededHistory> {
  const now = options.now ?? new Date();
  const timeline = options.timeline === 'root' ? rootTimeline(now) : homeTimeline(now);
  const created: Array<{ number: number; date: number }> = [];
  for (const planned of timeline.snapshots) {
    await syncTree(options.subvolume, timeline.treeAt(planned.date));
    const number = await options.snapper.createSingleSnapshot(
      options.config,
      planned.description,
      planned.cleanup,
      planned.userdata,
    );
    created.push({ number, date: planned.date });
  }
  await syncTree(options.subvolume, timeline.treeAt(Math.floor(now.getTime() / 1000)));
  for (const { number, date } of created) {
    const file = join(options.subvolume, '.snapshots', String(number), 'info.xml');
    await writeFile(file, withDate(await readFile(file, 'utf8'), date), { mode: 0o600 });
  }
  await stopDaemon(options.conn);
  return {
    config: options.config,
    subvolume: options.subvolume,
    snapshots: created.map((c) => c.number),
  };
}

const DBUS = {
  destination: 'org.freedesktop.DBus',
  path: '/org/freedesktop/DBus',
  interface: 'org.freedesktop.DBus',
};

/** SIGTERM to the owner of org.opensuse.Snapper, then wait (≤ 5 s) until the name is free. */
async function stopDaemon(conn: BusConnection): Promise<void> {
  const [pid] = await callMethod(
    conn,
    { ...DBUS, member: 'GetConnectionUnixProcessID', signature: 's', body: [SNAPPER.destination] },
    { timeoutMs: 3000 },
  );
  if (typeof pid !== 'number') return;
  process.kill(pid, 'SIGTERM');
  for (let waited = 0; waited < 5000; waited += 50) {
    const [owned] = await callMethod(
      conn,
      { ...DBUS, member: 'NameHasOwner', signature: 's', body: [SNAPPER.destination] },
      { timeoutMs: 3000 },
    );
    if (owned !== true) return;
    await delay(50);
  }
  throw new Error('snapperd did not exit after SIGTERM');
}
