import type { GoBackProgress, Unavailable } from './restore-points';

/** One step of a running check or preparation, in the backend's words. */
export type UpdateProgress = GoBackProgress;

export interface UpdateCheckInfo {
  available: boolean;
  version: string | null;
  packages: { added: string[]; updated: string[]; removed: string[] } | null;
  technical: Record<string, string>;
}

export interface PrepareInfo {
  /** The version waiting for the next start (null when nothing was prepared or it has no name). */
  version: string | null;
  nothingToDo: boolean;
}

/** The system's own record of its last update (not one Kairn ran). */
export interface SystemUpdateRecord {
  at: Date;
  outcome: 'succeeded' | 'failed';
  version: string | null;
  detail: string | null;
}

/** Checking for and preparing system updates, one adapter per family (the family table). */
export interface UpdatesPort {
  /** null when Check for updates is offered here; else why not. */
  checkUnavailable(): Promise<Unavailable | null>;
  prepareUnavailable(): Promise<Unavailable | null>;
  /** Whether a running check or preparation can be stopped. */
  readonly cancellable: boolean;
  check(signal: AbortSignal, progress: (step: UpdateProgress) => void): Promise<UpdateCheckInfo>;
  /** Downloads and installs the newest version for the next start; resolves once the backend is done. */
  prepare(signal: AbortSignal, progress: (step: UpdateProgress) => void): Promise<PrepareInfo>;
  lastFromSystem(signal?: AbortSignal): Promise<SystemUpdateRecord | null>;
}
