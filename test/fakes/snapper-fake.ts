import { cp, lstat, lutimes, mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

import { KairnError } from '../../electron/core/errors';
import type {
  SnapperChange,
  SnapperConfigInfo,
  SnapperEvent,
  SnapperPort,
  SnapperSnapshotInfo,
} from '../../electron/core/ports/snapper';

/**
 * fs.cp's preserveTimestamps skips symlinks; a btrfs snapshot keeps every inode's times, links
 * included, so the copy's links get their source's times back.
 */
async function keepLinkTimes(from: string, to: string): Promise<void> {
  for (const entry of await readdir(to, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const copy = join(to, entry.name);
    if (entry.isSymbolicLink()) {
      const times = await lstat(source);
      await lutimes(copy, times.atime, times.mtime);
    } else if (entry.isDirectory()) {
      await keepLinkTimes(source, copy);
    }
  }
}

/**
 * In-memory snapper for core unit tests: snapshots are plain directory copies under
 * `<subvolume>/.snapshots/N/snapshot`, like snapper's btrfs layout. Fault switches let tests
 * make it missing, refuse access, or fail.
 */
export class FakeSnapper implements SnapperPort {
  private readonly configs = new Map<string, SnapperConfigInfo>();
  private readonly snapshots = new Map<string, SnapperSnapshotInfo[]>();
  private readonly listeners = new Set<(event: SnapperEvent) => void>();
  private clock = Date.UTC(2026, 10, 1, 9, 0, 0) / 1000;
  fault: 'none' | 'missing' | 'denied' = 'none';
  calls = 0;
  /** Changes compare() reports (tests set these; the real adapter reads them from snapperd). */
  changes: SnapperChange[] = [];

  addConfig(name: string, subvolume: string, values: Record<string, string> = {}): void {
    this.configs.set(name, {
      name,
      subvolume,
      values: { SUBVOLUME: subvolume, FSTYPE: 'btrfs', ...values },
    });
    this.snapshots.set(name, []);
  }

  /** Copies the live subvolume into a new snapshot dated `date` (default: one hour after the last). */
  async snapshotNow(
    config: string,
    description = '',
    date?: Date,
    userdata: Record<string, string> = {},
  ): Promise<number> {
    const info = this.requireConfig(config);
    const list = this.snapshots.get(config)!;
    const number = (list.at(-1)?.number ?? 0) + 1;
    this.clock = date ? date.getTime() / 1000 : this.clock + 3600;
    const dir = join(info.subvolume, '.snapshots', String(number), 'snapshot');
    await mkdir(dir, { recursive: true });
    // Entry by entry: fs.cp refuses to copy a folder into its own subfolder (.snapshots/N/snapshot).
    for (const name of await readdir(info.subvolume)) {
      if (name === '.snapshots') continue;
      await cp(join(info.subvolume, name), join(dir, name), {
        recursive: true,
        verbatimSymlinks: true,
        preserveTimestamps: true,
      });
    }
    await keepLinkTimes(info.subvolume, dir);
    list.push({
      number,
      type: 'single',
      preNumber: 0,
      date: Math.floor(this.clock),
      uid: 0,
      description,
      cleanup: 'timeline',
      userdata,
    });
    this.emit({ kind: 'snapshots-changed', config });
    return number;
  }

  /** Deletes snapshots like snapper's DeleteSnapshots: the folders go, then SnapshotsDeleted is told. */
  async deleteSnapshots(config: string, numbers: number[]): Promise<void> {
    const info = this.requireConfig(config);
    for (const number of numbers) {
      this.requireSnapshot(config, number);
      await rm(join(info.subvolume, '.snapshots', String(number)), {
        recursive: true,
        force: true,
      });
    }
    this.snapshots.set(
      config,
      this.snapshots.get(config)!.filter((s) => !numbers.includes(s.number)),
    );
    this.emit({ kind: 'snapshots-changed', config, deleted: numbers });
  }

  private check(): void {
    this.calls += 1;
    if (this.fault === 'missing')
      throw new KairnError('service-missing', { reason: 'snapper-missing' });
    if (this.fault === 'denied')
      throw new KairnError('access-denied', { reason: 'snapper-not-allowed' });
  }

  private requireConfig(name: string): SnapperConfigInfo {
    const info = this.configs.get(name);
    if (!info) throw new KairnError('not-found', { reason: 'config-missing', detail: name });
    return info;
  }

  private requireSnapshot(config: string, number: number): SnapperSnapshotInfo {
    const found = this.snapshots.get(config)?.find((s) => s.number === number);
    if (!found)
      throw new KairnError('not-found', { reason: 'snapshot-missing', detail: String(number) });
    return found;
  }

  private emit(event: SnapperEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  async state() {
    return this.fault === 'missing' ? ('missing' as const) : ('running' as const);
  }
  async listConfigs() {
    this.check();
    return [...this.configs.values()];
  }
  async getConfig(config: string) {
    this.check();
    return this.requireConfig(config);
  }
  async listSnapshots(config: string) {
    this.check();
    this.requireConfig(config);
    return [...this.snapshots.get(config)!];
  }
  async getSnapshot(config: string, number: number) {
    this.check();
    return this.requireSnapshot(config, number);
  }
  async createSingleSnapshot(
    config: string,
    description: string,
    cleanup: string,
    userdata: Record<string, string>,
  ) {
    this.check();
    const number = await this.snapshotNow(config, description, undefined, userdata);
    this.requireSnapshot(config, number).cleanup = cleanup;
    return number;
  }
  async setSnapshot(
    config: string,
    number: number,
    description: string,
    cleanup: string,
    userdata: Record<string, string>,
  ) {
    this.check();
    Object.assign(this.requireSnapshot(config, number), { description, cleanup, userdata });
    this.emit({ kind: 'snapshots-changed', config });
  }
  async snapshotDir(config: string, number: number) {
    this.check();
    const info = this.requireConfig(config);
    this.requireSnapshot(config, number);
    return join(info.subvolume, '.snapshots', String(number), 'snapshot');
  }
  async compare(config: string, from: number, to: number, options: { limit: number }) {
    this.check();
    this.requireConfig(config);
    if (from !== 0) this.requireSnapshot(config, from);
    if (to !== 0) this.requireSnapshot(config, to);
    return {
      changes: this.changes.slice(0, options.limit),
      truncated: this.changes.length > options.limit,
    };
  }
  async createConfig() {
    this.check();
    throw new KairnError('access-denied', { reason: 'admin-needed' });
  }
  watch(listener: (event: SnapperEvent) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
