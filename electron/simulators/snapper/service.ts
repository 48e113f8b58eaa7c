import dbus from 'dbus-next';

import {
  escapeSnapperString,
  SnapperEscapeError,
  unescapeIncoming,
} from '../../backends/snapper/escape';
import {
  SNAPPER,
  SNAPPER_ERROR,
  SNAPPER_METHODS,
  SNAPPER_SIGNALS,
  SNAPSHOT_TYPES,
  type SnapperSignal,
} from '../../backends/snapper/proxy';
import type { Caller, SnapperEngine } from './engine';
import { snapperError } from './engine';
import type { SnapshotInfo } from './info-xml';
import type { ConfigRecord } from './store';

type SnapshotTuple = [
  number,
  number,
  number,
  bigint,
  number,
  string,
  string,
  Record<string, string>,
];
type ConfigTuple = [string, string, Record<string, string>];

/** Snapshot 0, "current", as snapperd lists it first in ListSnapshots. */
const CURRENT: SnapshotTuple = [0, 0, 0, -1n, 0, 'current', '', {}];

const esc = escapeSnapperString;
/** Incoming strings are unescaped like snapperd does (a bare `\` is error.dbus.marshalling). */
const inc = unescapeIncoming;

function escMap(map: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [esc(k), esc(v)]));
}

function incMap(map: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [inc(k), inc(v)]));
}

function snapshotTuple(info: SnapshotInfo): SnapshotTuple {
  const type = SNAPSHOT_TYPES.indexOf(info.type);
  return [
    info.number,
    type,
    info.preNumber,
    BigInt(info.date),
    info.uid,
    esc(info.description),
    esc(info.cleanup),
    escMap(info.userdata),
  ];
}

function configTuple(config: ConfigRecord): ConfigTuple {
  return [esc(config.name), esc(config.subvolume), escMap(config.values)];
}

function toDBusError(err: unknown): unknown {
  if (err instanceof dbus.DBusError) return err;
  if (err instanceof SnapperEscapeError) return snapperError(SNAPPER_ERROR.marshalling);
  return snapperError(SNAPPER_ERROR.ioError, err instanceof Error ? err.message : String(err));
}

/**
 * org.opensuse.Snapper for the simulator, on dbus-next's service API. Method names and
 * signatures come from the same table the adapter uses (backends/snapper/proxy.ts).
 */
export class SnapperInterface extends dbus.interface.Interface {
  private sender = '';

  constructor(
    private readonly engine: SnapperEngine,
    private readonly uidOf: (sender: string) => Promise<number>,
  ) {
    super(SNAPPER.interface);
  }

  /** dbus-next does not pass the message to methods: the bus hook records its sender first. */
  noteSender(sender: string): void {
    this.sender = sender;
  }

  /** Sends a signal (called by the engine after a change, before the method replies — like snapperd). */
  signal(name: SnapperSignal, args: unknown[]): void {
    (this[name] as (...values: unknown[]) => void)(...args);
  }

  private run<T>(work: (caller: Caller) => Promise<T>): Promise<T> {
    const name = this.sender;
    return (async () => {
      try {
        return await work({ name, uid: await this.uidOf(name) });
      } catch (err) {
        throw toDBusError(err);
      }
    })();
  }

  ListConfigs(): Promise<ConfigTuple[]> {
    return this.run(async () => (await this.engine.listConfigs()).map(configTuple));
  }
  GetConfig(config: string): Promise<ConfigTuple> {
    return this.run(async (c) => configTuple(await this.engine.config(c, inc(config))));
  }
  SetConfig(config: string, changes: Record<string, string>): Promise<void> {
    return this.run((c) => this.engine.setConfig(c, inc(config), incMap(changes)));
  }
  CreateConfig(name: string, subvolume: string, fstype: string, template: string): Promise<void> {
    return this.run((c) =>
      this.engine.createConfig(c, inc(name), inc(subvolume), inc(fstype), inc(template)),
    );
  }
  ListSnapshots(config: string): Promise<SnapshotTuple[]> {
    return this.run(async (c) => [
      CURRENT,
      ...(await this.engine.listSnapshots(c, inc(config))).map(snapshotTuple),
    ]);
  }
  ListSnapshotsAtTime(config: string, begin: bigint, end: bigint): Promise<SnapshotTuple[]> {
    return this.run(async (c) => {
      const list = await this.engine.listSnapshots(c, inc(config));
      return list
        .filter((s) => BigInt(s.date) >= begin && BigInt(s.date) <= end)
        .map(snapshotTuple);
    });
  }
  GetSnapshot(config: string, number: number): Promise<SnapshotTuple> {
    return this.run(async (c) => {
      const info = await this.engine.getSnapshot(c, inc(config), number);
      return info ? snapshotTuple(info) : CURRENT;
    });
  }
  SetSnapshot(
    config: string,
    number: number,
    description: string,
    cleanup: string,
    userdata: Record<string, string>,
  ): Promise<void> {
    return this.run((c) =>
      this.engine.setSnapshot(
        c,
        inc(config),
        number,
        inc(description),
        inc(cleanup),
        incMap(userdata),
      ),
    );
  }
  CreateSingleSnapshot(
    config: string,
    description: string,
    cleanup: string,
    userdata: Record<string, string>,
  ): Promise<number> {
    return this.run((c) =>
      this.engine.createSingleSnapshot(
        c,
        inc(config),
        inc(description),
        inc(cleanup),
        incMap(userdata),
      ),
    );
  }
  DeleteSnapshots(config: string, numbers: number[]): Promise<void> {
    return this.run((c) => this.engine.deleteSnapshots(c, inc(config), numbers));
  }
  GetDefaultSnapshot(config: string): Promise<[boolean, number]> {
    return this.run((c) => this.engine.bootSnapshot(c, inc(config), 'default'));
  }
  GetActiveSnapshot(config: string): Promise<[boolean, number]> {
    return this.run((c) => this.engine.bootSnapshot(c, inc(config), 'active'));
  }
  MountSnapshot(config: string, number: number, userRequest: boolean): Promise<string> {
    return this.run(async (c) =>
      esc(await this.engine.mount(c, inc(config), number, userRequest, true)),
    );
  }
  UmountSnapshot(config: string, number: number, userRequest: boolean): Promise<void> {
    return this.run(async (c) => {
      await this.engine.mount(c, inc(config), number, userRequest, false);
    });
  }
  GetMountPoint(config: string, number: number): Promise<string> {
    return this.run(async (c) => esc(await this.engine.mountPoint(c, inc(config), number)));
  }
  CreateComparison(config: string, a: number, b: number): Promise<number> {
    return this.run((c) => this.engine.createComparison(c, inc(config), a, b));
  }
  DeleteComparison(config: string, a: number, b: number): Promise<void> {
    return this.run((c) => this.engine.deleteComparison(c, inc(config), a, b));
  }
  GetFiles(config: string, a: number, b: number): Promise<Array<[string, number]>> {
    return this.run(async (c) =>
      (await this.engine.files(c, inc(config), a, b)).map((f): [string, number] => [
        esc(f.path),
        f.status,
      ]),
    );
  }
  GetFilesByPipe(config: string, a: number, b: number): Promise<number> {
    return this.run((c) => this.engine.filesPipe(c, inc(config), a, b));
  }

  ConfigCreated(config: string): string {
    return esc(config);
  }
  ConfigModified(config: string): string {
    return esc(config);
  }
  ConfigDeleted(config: string): string {
    return esc(config);
  }
  SnapshotCreated(config: string, number: number): [string, number] {
    return [esc(config), number];
  }
  SnapshotModified(config: string, number: number): [string, number] {
    return [esc(config), number];
  }
  SnapshotsDeleted(config: string, numbers: number[]): [string, number[]] {
    return [esc(config), numbers];
  }
}

SnapperInterface.configureMembers({
  methods: Object.fromEntries(
    Object.entries(SNAPPER_METHODS).map(([name, sig]) => [
      name,
      { inSignature: sig.in, outSignature: sig.out },
    ]),
  ),
  signals: Object.fromEntries(
    Object.entries(SNAPPER_SIGNALS).map(([name, signature]) => [name, { signature }]),
  ),
});
