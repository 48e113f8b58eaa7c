/** A unit systemd reports as failed. */
export interface FailedUnit {
  name: string;
  /** The unit's Description= ("" when it has none). */
  description: string;
  loadState: string;
  activeState: string;
  subState: string;
}

/** What the checks need from systemd (org.freedesktop.systemd1 on the system bus). */
export interface SystemdPort {
  failedUnits(signal?: AbortSignal): Promise<FailedUnit[]>;
  /** True only when polkit says now, without asking, that this user may restart units. */
  mayRestartUnits(signal?: AbortSignal): Promise<boolean>;
  restartUnit(name: string, signal?: AbortSignal): Promise<void>;
}

/** How much room snapper's snapshots take (btrfs quota groups; snapper's GetUsedSpace). */
export interface SnapshotSpacePort {
  /** Bytes used only by this snapshot (exclusive), or a KairnError when snapper cannot say. */
  usedSpace(config: string, snapshot: number, signal?: AbortSignal): Promise<number>;
}

/** Recent error lines from the journal, read as the user (bounded in lines, bytes and time). */
export interface JournalPort {
  /** null when journalctl is not there; else the lines (possibly empty) or why they could not be read. */
  recentErrors(
    scope: 'system' | 'user',
    signal?: AbortSignal,
  ): Promise<{ lines: string[] } | { missing: true } | { failed: string }>;
}

/** The host's own save dialog (Electron's); the browser host has none. */
export interface SaveDialogPort {
  /** The chosen path, or null when the person cancelled. */
  choose(options: { defaultName: string }): Promise<string | null>;
}
