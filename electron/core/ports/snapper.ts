import type { ServiceState } from '../../../shared/schemas/status';

/** A snapper config as snapperd reports it (all raw key/values of the config file). */
export interface SnapperConfigInfo {
  name: string;
  subvolume: string;
  values: Readonly<Record<string, string>>;
}

/** One snapshot, strings already unescaped from snapper's \xNN form. Number 0 ("current") is never returned. */
export interface SnapperSnapshotInfo {
  number: number;
  type: 'single' | 'pre' | 'post';
  preNumber: number;
  /** Unix time in seconds (UTC). */
  date: number;
  uid: number;
  description: string;
  cleanup: string;
  userdata: Readonly<Record<string, string>>;
}

/** A changed path from a comparison: relative to the subvolume with a leading '/', decoded. */
export interface SnapperChange {
  path: string;
  /** snapper's status bits: 1 created, 2 deleted, 4 type, 8 content, 16 perms, 32 owner, 64 group, 128 xattrs, 256 acl. */
  status: number;
}

export type SnapperEvent =
  /** `deleted`: the numbers snapper reported deleted (SnapshotsDeleted), when it says which. */
  | { kind: 'snapshots-changed'; config: string; deleted?: readonly number[] }
  | { kind: 'configs-changed' };

/** What the core needs from snapper (org.opensuse.Snapper over D-Bus, or the simulator). */
export interface SnapperPort {
  state(): Promise<ServiceState>;
  listConfigs(signal?: AbortSignal): Promise<SnapperConfigInfo[]>;
  getConfig(config: string, signal?: AbortSignal): Promise<SnapperConfigInfo>;
  /** Oldest first, without snapshot 0. */
  listSnapshots(config: string, signal?: AbortSignal): Promise<SnapperSnapshotInfo[]>;
  getSnapshot(config: string, number: number, signal?: AbortSignal): Promise<SnapperSnapshotInfo>;
  createSingleSnapshot(
    config: string,
    description: string,
    cleanup: string,
    userdata: Record<string, string>,
  ): Promise<number>;
  setSnapshot(
    config: string,
    number: number,
    description: string,
    cleanup: string,
    userdata: Record<string, string>,
  ): Promise<void>;
  /** Directory holding the snapshot's files (readable by the caller only if snapper's ACLs allow). */
  snapshotDir(config: string, number: number, signal?: AbortSignal): Promise<string>;
  /** Changed paths between two snapshots (0 = live), via CreateComparison + GetFilesByPipe; the comparison is always deleted. */
  compare(
    config: string,
    from: number,
    to: number,
    options: { signal?: AbortSignal | undefined; limit: number },
  ): Promise<{ changes: SnapperChange[]; truncated: boolean }>;
  createConfig(name: string, subvolume: string, fstype: string, template: string): Promise<void>;
  watch(listener: (event: SnapperEvent) => void): () => void;
}
