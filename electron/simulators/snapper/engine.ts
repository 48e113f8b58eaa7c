import dbus from 'dbus-next';
import { mkdirSync, openSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';

import { escapePipeBytes } from '../../backends/snapper/escape';
import {
  SNAPPER_ERROR,
  SNAPPER_ERROR_TEXT,
  type SnapperSignal,
} from '../../backends/snapper/proxy';
import type { ClientRegistry } from './clients';
import { compareTrees, type TreeChange } from './compare';
import type { SnapshotInfo } from './info-xml';
import type { ConfigRecord, SnapperStore } from './store';
import { isAllowed } from './users';

/** Who is calling: unique bus name and uid (from org.freedesktop.DBus.GetConnectionUnixUser). */
export interface Caller {
  name: string;
  uid: number;
}

/** A snapper error exactly as snapperd sends it: short name, useless body. */
export function snapperError(name: string, text: string = SNAPPER_ERROR_TEXT): dbus.DBusError {
  return new dbus.DBusError(name, text);
}

/** snapper's checkUserdata (snapper/Snapshot.cc): keys non-empty; no ',' or '=' in keys or values. */
function checkUserdata(userdata: Record<string, string>): void {
  for (const [key, value] of Object.entries(userdata)) {
    if (key === '' || /[,=]/.test(key) || /[,=]/.test(value))
      throw snapperError(SNAPPER_ERROR.invalidUserdata);
  }
}

/**
 * The behaviour of snapperd's methods, on plain values (the service does the wire part).
 * Error order follows snapperd: unknown config, then permission, then snapshot checks.
 */
export class SnapperEngine {
  private pipeDir: string | null = null;

  constructor(
    private readonly store: SnapperStore,
    private readonly clients: ClientRegistry,
    private readonly emit: (signal: SnapperSignal, args: unknown[]) => void,
  ) {}

  async listConfigs(): Promise<ConfigRecord[]> {
    return this.store.listConfigs();
  }

  /** The config, if it exists and the caller may use it. */
  async config(caller: Caller, name: string): Promise<ConfigRecord> {
    const config = await this.store.config(name);
    if (!config) throw snapperError(SNAPPER_ERROR.unknownConfig);
    if (!(await isAllowed(caller.uid, config.values)))
      throw snapperError(SNAPPER_ERROR.noPermissions);
    return config;
  }

  private requireRoot(caller: Caller): void {
    if (caller.uid !== 0) throw snapperError(SNAPPER_ERROR.noPermissions);
  }

  async setConfig(caller: Caller, name: string, changes: Record<string, string>): Promise<void> {
    const config = await this.config(caller, name);
    this.requireRoot(caller);
    await this.store.setConfigValues(config, changes);
    this.emit('ConfigModified', [name]);
  }

  async createConfig(
    caller: Caller,
    name: string,
    subvolume: string,
    fstype: string,
    template: string,
  ): Promise<void> {
    this.requireRoot(caller);
    const fail = (message: string): dbus.DBusError =>
      snapperError(SNAPPER_ERROR.createConfigFailed, message);
    const configs = await this.store.listConfigs();
    if (configs.some((c) => c.name === name)) throw fail('config already exists');
    if (configs.some((c) => c.subvolume === subvolume)) throw fail('subvolume already covered');
    if (fstype !== 'btrfs') throw fail('unsupported filesystem type');
    if (template !== 'default' && template !== '') throw fail('template not found');
    if (
      !(await stat(subvolume).then(
        (s) => s.isDirectory(),
        () => false,
      ))
    )
      throw fail('invalid subvolume');
    await this.store.createConfig(name, { SUBVOLUME: subvolume, FSTYPE: fstype });
    this.emit('ConfigCreated', [name]);
  }

  async listSnapshots(caller: Caller, name: string): Promise<SnapshotInfo[]> {
    return this.store.listSnapshots(await this.config(caller, name));
  }

  private async snapshot(config: ConfigRecord, number: number): Promise<SnapshotInfo> {
    const found = number === 0 ? null : await this.store.snapshot(config, number);
    if (!found) throw snapperError(SNAPPER_ERROR.illegalSnapshot);
    return found;
  }

  /** Snapshot 0 is allowed where snapperd accepts "current" (mount point, comparisons). */
  private async existing(config: ConfigRecord, number: number): Promise<void> {
    if (number !== 0) await this.snapshot(config, number);
  }

  async getSnapshot(caller: Caller, name: string, number: number): Promise<SnapshotInfo | null> {
    const config = await this.config(caller, name);
    return number === 0 ? null : this.snapshot(config, number);
  }

  async setSnapshot(
    caller: Caller,
    name: string,
    number: number,
    description: string,
    cleanup: string,
    userdata: Record<string, string>,
  ): Promise<void> {
    const config = await this.config(caller, name);
    const info = await this.snapshot(config, number);
    checkUserdata(userdata);
    await this.store.writeInfo(config, { ...info, description, cleanup, userdata });
    this.emit('SnapshotModified', [name, number]);
  }

  async createSingleSnapshot(
    caller: Caller,
    name: string,
    description: string,
    cleanup: string,
    userdata: Record<string, string>,
  ): Promise<number> {
    const config = await this.config(caller, name);
    checkUserdata(userdata);
    const number = await this.store
      .createSnapshot(config, { description, cleanup, userdata, uid: caller.uid })
      .catch((err: unknown) => {
        throw snapperError(
          SNAPPER_ERROR.createSnapshotFailed,
          err instanceof Error ? err.message : String(err),
        );
      });
    this.emit('SnapshotCreated', [name, number]);
    return number;
  }

  async deleteSnapshots(caller: Caller, name: string, numbers: number[]): Promise<void> {
    const config = await this.config(caller, name);
    if (this.clients.configInUse(name)) throw snapperError(SNAPPER_ERROR.configInUse);
    for (const number of numbers) await this.snapshot(config, number);
    if (numbers.some((n) => this.clients.snapshotMounted(name, n)))
      throw snapperError(SNAPPER_ERROR.snapshotInUse);
    for (const number of numbers) await this.store.deleteSnapshot(config, number);
    this.emit('SnapshotsDeleted', [name, numbers]);
  }

  /** GetDefaultSnapshot / GetActiveSnapshot: (false, 0) unless the simulator's boot.json names one. */
  async bootSnapshot(
    caller: Caller,
    name: string,
    which: 'default' | 'active',
  ): Promise<[boolean, number]> {
    await this.config(caller, name);
    const number = (await this.store.bootState(name))[which];
    return typeof number === 'number' ? [true, number] : [false, 0];
  }

  async mountPoint(caller: Caller, name: string, number: number): Promise<string> {
    const config = await this.config(caller, name);
    await this.existing(config, number);
    return this.store.snapshotDir(config, number);
  }

  async mount(
    caller: Caller,
    name: string,
    number: number,
    userRequest: boolean,
    mount: boolean,
  ): Promise<string> {
    const dir = await this.mountPoint(caller, name, number);
    if (!userRequest && mount) this.clients.mount(caller.name, name, number);
    if (!userRequest && !mount) this.clients.umount(caller.name, name, number);
    return dir;
  }

  async createComparison(caller: Caller, name: string, a: number, b: number): Promise<number> {
    const config = await this.config(caller, name);
    await this.existing(config, a);
    await this.existing(config, b);
    const changes = compareTrees(
      this.store.snapshotDir(config, a),
      this.store.snapshotDir(config, b),
    );
    this.clients.addComparison(caller.name, name, a, b, changes);
    return changes.length;
  }

  async deleteComparison(caller: Caller, name: string, a: number, b: number): Promise<void> {
    await this.config(caller, name);
    if (!this.clients.deleteComparison(caller.name, name, a, b))
      throw snapperError(SNAPPER_ERROR.noComparisons);
  }

  async files(caller: Caller, name: string, a: number, b: number): Promise<TreeChange[]> {
    await this.config(caller, name);
    const changes = this.clients.comparison(caller.name, name, a, b);
    if (!changes) throw snapperError(SNAPPER_ERROR.noComparisons);
    return changes;
  }

  /** The change list in the pipe format, in an unlinked temp file whose descriptor goes to the caller. */
  async filesPipe(caller: Caller, name: string, a: number, b: number): Promise<number> {
    const changes = await this.files(caller, name, a, b);
    const lines = changes.map((c) =>
      Buffer.concat([escapePipeBytes(c.path), Buffer.from(` ${c.status}\n`)]),
    );
    // Under the state dir, so even a killed simulator leaves nothing outside it.
    this.pipeDir ??= join(this.store.stateDir, 'pipes');
    mkdirSync(this.pipeDir, { recursive: true, mode: 0o700 });
    const file = join(
      this.pipeDir,
      `files-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`,
    );
    writeFileSync(file, Buffer.concat(lines), { mode: 0o600 });
    const fd = openSync(file, 'r');
    unlinkSync(file);
    this.clients.holdFd(caller.name, name, a, b, fd);
    return fd;
  }

  dropClient(name: string): void {
    this.clients.drop(name);
  }

  /** Removes the simulator's temp directory for pipe files. */
  close(): void {
    if (this.pipeDir) rmSync(this.pipeDir, { recursive: true, force: true });
    this.pipeDir = null;
  }
}
