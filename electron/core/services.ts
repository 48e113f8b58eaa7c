import type { z } from 'zod';

import type {
  Changes,
  ChooseFolderResult,
  FolderList,
  FolderPage,
  ListFolderParams,
  Preview,
  SearchParams,
  ShowInFolderResult,
  TextDiff,
  Versions,
} from '../../shared/schemas/files';
import type { RestoreParams, UndoResult } from '../../shared/schemas/jobs';
import type { HomeHistory, SetupHomeResult, Snapshot } from '../../shared/schemas/snapshots';
import type {
  RestorePoint,
  RestorePointChanges,
  RestorePointList,
} from '../../shared/schemas/restore-points';
import type {
  CancelRestartParams,
  CancelRestartResult,
  RestartInfo,
  RestartNowParams,
  RestartNowResult,
  ScheduleRestartParams,
  ScheduleRestartResult,
} from '../../shared/schemas/restart';
import type { Status } from '../../shared/schemas/status';
import type { UpdatesInfo } from '../../shared/schemas/updates';

/** Interfaces of the core's domain services; handlers.ts maps contract methods onto them one line each. */

export interface StatusService {
  get(signal?: AbortSignal): Promise<Status>;
}

export interface SnapshotsService {
  home(signal?: AbortSignal): Promise<HomeHistory>;
  list(config: string, signal?: AbortSignal): Promise<Snapshot[]>;
  create(config: string, description: string): Promise<Snapshot>;
  keep(config: string, snapshot: number, keep: boolean): Promise<Snapshot>;
  setupHome(): Promise<SetupHomeResult>;
}

export interface FilesService {
  list(params: z.output<typeof ListFolderParams>, signal?: AbortSignal): Promise<FolderPage>;
  preview(config: string, snapshot: number, path: string, signal?: AbortSignal): Promise<Preview>;
  versions(config: string, path: string, signal?: AbortSignal): Promise<Versions>;
  diff(config: string, snapshot: number, path: string, signal?: AbortSignal): Promise<TextDiff>;
  changes(config: string, from: number, to: number, signal?: AbortSignal): Promise<Changes>;
  /** Subfolders of a live folder inside the home (the in-app folder chooser). */
  folders(path: string, signal?: AbortSignal): Promise<FolderList>;
  /** Starts a search job; returns its id. */
  search(params: z.output<typeof SearchParams>): Promise<string>;
}

export interface RestoreService {
  /** Validates what it can up front (config, snapshot, paths) and then runs the copy as a job. */
  start(params: z.output<typeof RestoreParams>): Promise<string>;
  undo(undoId: string): Promise<UndoResult>;
}

export interface DesktopService {
  showInFolder(path: string): Promise<ShowInFolderResult>;
  /** The host's own folder dialog, if it has one. */
  chooseFolder(title: string, startAt?: string): Promise<ChooseFolderResult>;
}

export interface RestorePointsService {
  list(signal?: AbortSignal): Promise<RestorePointList>;
  changes(id: string, signal?: AbortSignal): Promise<RestorePointChanges>;
  /** Starts going back as a job; returns its id. */
  rollback(to: string): Promise<string>;
  /** Starts going forward again to the point the last go-back left; returns the job id. */
  undoRollback(): Promise<string>;
  keep(id: string, name: string): Promise<RestorePoint>;
}

export interface RestartService {
  get(): Promise<RestartInfo>;
  schedule(
    params: z.output<typeof ScheduleRestartParams>,
  ): Promise<z.output<typeof ScheduleRestartResult>>;
  cancel(
    params: z.output<typeof CancelRestartParams>,
  ): Promise<z.output<typeof CancelRestartResult>>;
  now(params: z.output<typeof RestartNowParams>): Promise<z.output<typeof RestartNowResult>>;
}

export interface UpdatesService {
  get(signal?: AbortSignal): Promise<UpdatesInfo>;
  /** Starts Check for updates as a job; returns its id. */
  check(): Promise<string>;
  /** Starts Prepare the update now as a job; returns its id. */
  prepare(): Promise<string>;
}
