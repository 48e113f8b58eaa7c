import type { RestorePointKind } from '../../../shared/schemas/restore-points';

/** One restore point as an adapter reports it. */
export interface RestorePointInfo {
  id: string;
  version: string | null;
  date: Date;
  kind: RestorePointKind;
  description: string;
  kept: boolean;
  /** Why this family cannot go back to this one point (a reason key), when it cannot. */
  goBackBlocked?: string;
}

/** Which restore point runs now and which the next start uses (null where unknown). */
export interface BootPoints {
  running: string | null;
  nextStart: string | null;
}

/** An action this family's backend cannot do here: the reason key and the technical why. */
export interface Unavailable {
  reason: string;
  detail: string | null;
}

export interface RestorePointChangesInfo {
  comparedWith: string | null;
  descriptions: string[];
  packages: { added: string[]; updated: string[]; removed: string[] } | null;
  changedFiles: number | null;
  technical: Record<string, string>;
}

/** One step of a running go-back, in the backend's words (rpm-ostree's PercentProgress / Message). */
export interface GoBackProgress {
  /** 0..100 */
  percent: number;
  text: string;
}

/** What the core needs to show and go back to restore points of this system (one adapter per family). */
export interface RestorePointsPort {
  /** null when restore points can be listed; else why not. */
  listUnavailable(): Promise<Unavailable | null>;
  goBackUnavailable(): Promise<Unavailable | null>;
  keepUnavailable(): Promise<Unavailable | null>;
  /** Whether a running go-back can be stopped (tukit's RollbackTo cannot). */
  readonly cancellable: boolean;
  /** Oldest first. */
  list(signal?: AbortSignal): Promise<RestorePointInfo[]>;
  boot(signal?: AbortSignal): Promise<BootPoints>;
  changes(id: string, signal?: AbortSignal): Promise<RestorePointChangesInfo>;
  /** Makes `id` the next start; resolves once the backend says it is done. */
  goBack(id: string, signal: AbortSignal, progress?: (step: GoBackProgress) => void): Promise<void>;
  /** Names the point in the person's words and keeps it from automatic cleanup. */
  keep(id: string, name: string): Promise<void>;
}
