import { z } from 'zod';

import { Appearance } from '../schemas/appearance';
import {
  CheckFixParams,
  ChecksResult,
  Report,
  SaveReportParams,
  SaveReportResult,
} from '../schemas/checks';
import { Empty } from '../schemas/common';
import { EditionPreview, EditionRef, EditionsInfo } from '../schemas/editions';
import {
  Changes,
  ChangesParams,
  ChooseFolderParams,
  ChooseFolderResult,
  FileRef,
  FolderList,
  FolderPage,
  FoldersParams,
  ListFolderParams,
  Preview,
  SearchFound,
  SearchParams,
  ShowInFolderParams,
  ShowInFolderResult,
  TextDiff,
  Versions,
  VersionsParams,
} from '../schemas/files';
import {
  JobFinished,
  type JobKind,
  JobProgress,
  JobRef,
  JobSnapshot,
  JobStarted,
  RestoreParams,
  UndoParams,
  UndoResult,
} from '../schemas/jobs';
import {
  CreateSnapshotParams,
  HomeHistory,
  KeepSnapshotParams,
  ListSnapshotsParams,
  SetupHomeParams,
  SetupHomeResult,
  Snapshot,
} from '../schemas/snapshots';
import {
  KeepRestorePointParams,
  RestorePoint,
  RestorePointChanges,
  RestorePointList,
  RestorePointRef,
  RollbackParams,
} from '../schemas/restore-points';
import {
  CancelRestartParams,
  CancelRestartResult,
  RestartInfo,
  RestartNowParams,
  RestartNowResult,
  ScheduleRestartParams,
  ScheduleRestartResult,
} from '../schemas/restart';
import { Status } from '../schemas/status';
import { UpdatesInfo } from '../schemas/updates';
import type { ErrorCode } from './errors';

/** 'query' reads, 'action' changes something, 'job' returns a job id and reports through job events. */
export type MethodKind = 'query' | 'action' | 'job';

interface MethodSpec<P extends z.ZodType, R extends z.ZodType> {
  params: P;
  result: R;
  errors: readonly ErrorCode[];
  kind: MethodKind;
  summary: string;
}

function method<P extends z.ZodType, R extends z.ZodType>(
  spec: MethodSpec<P, R>,
): MethodSpec<P, R> {
  return spec;
}

/** Errors any call can end with, besides those listed per method. */
export const COMMON_ERRORS = [
  'invalid-input',
  'backend-failed',
] as const satisfies readonly ErrorCode[];

const SNAPPER_ERRORS = ['service-missing', 'access-denied', 'not-found', 'busy'] as const;
/** Calls the host passes its abort signal to (the client went away) and jobs (jobs.cancel) can end cancelled. */
const SNAPPER_READ_ERRORS = [...SNAPPER_ERRORS, 'cancelled'] as const;

/** Restore points: a family without them says not-yet-available; going back can be refused or already running. */
const RESTORE_POINT_ERRORS = [
  'not-found',
  'busy',
  'access-denied',
  'service-missing',
  'not-yet-available',
  'cancelled',
] as const;

/** Editions: refused (polkit), the system busy with another change, a tag that is gone, none here. */
const EDITION_ERRORS = [
  'not-found',
  'busy',
  'access-denied',
  'service-missing',
  'not-yet-available',
  'cancelled',
] as const;

/** Checking and preparing updates: polkit, busy, the service gone, nothing offered here, cancel. */
const UPDATE_ERRORS = [
  'busy',
  'access-denied',
  'service-missing',
  'not-yet-available',
  'cancelled',
] as const;

/**
 * THE Kairn API: every method and event, once. The Electron bridge, the WebSocket host and the
 * CLI are all driven by this table; nothing else lists methods.
 */
export const methods = {
  'status.get': method({
    params: Empty,
    result: Status,
    errors: [],
    kind: 'query',
    summary: 'System family, os-release, snapper configs, restart state.',
  }),
  'snapshots.home': method({
    params: Empty,
    result: HomeHistory,
    // A missing or refusing snapper is a `problem` in the result; these are races and aborts.
    errors: ['service-missing', 'not-found', 'busy', 'cancelled'],
    kind: 'query',
    summary: "Which snapper config holds the user's file history, or why there is none.",
  }),
  'snapshots.list': method({
    params: ListSnapshotsParams,
    result: z.array(Snapshot),
    errors: SNAPPER_READ_ERRORS,
    kind: 'query',
    summary: 'All snapshots of a config, oldest first.',
  }),
  'snapshots.create': method({
    params: CreateSnapshotParams,
    result: Snapshot,
    errors: SNAPPER_ERRORS,
    kind: 'action',
    summary: 'Take a snapshot now.',
  }),
  'snapshots.keep': method({
    params: KeepSnapshotParams,
    result: Snapshot,
    errors: SNAPPER_ERRORS,
    kind: 'action',
    summary: "Mark a snapshot important so snapper's cleanup keeps it (or release it).",
  }),
  'snapshots.setupHome': method({
    params: SetupHomeParams,
    result: SetupHomeResult,
    errors: ['service-missing', 'access-denied', 'busy'],
    kind: 'action',
    summary:
      'Turn on file history for the home folder (snapper CreateConfig; needs an administrator).',
  }),
  'files.list': method({
    params: ListFolderParams,
    result: FolderPage,
    errors: SNAPPER_READ_ERRORS,
    kind: 'query',
    summary: 'One page of a folder as it was at a snapshot (0 = now), sorted.',
  }),
  'files.preview': method({
    params: FileRef,
    result: Preview,
    errors: SNAPPER_READ_ERRORS,
    kind: 'query',
    summary: 'Preview of a text, image or PDF file at a snapshot.',
  }),
  'files.versions': method({
    params: VersionsParams,
    result: Versions,
    errors: SNAPPER_READ_ERRORS,
    kind: 'query',
    summary: 'The distinct versions of one file across all snapshots, oldest first.',
  }),
  'files.diff': method({
    params: FileRef,
    result: TextDiff,
    errors: SNAPPER_READ_ERRORS,
    kind: 'query',
    summary: 'Line diff of a text file at a snapshot against the current file.',
  }),
  'files.changes': method({
    params: ChangesParams,
    result: Changes,
    errors: SNAPPER_READ_ERRORS,
    kind: 'query',
    summary: 'What was created, modified and deleted between two points in time (0 = now).',
  }),
  'files.search': method({
    params: SearchParams,
    result: JobStarted,
    errors: SNAPPER_READ_ERRORS,
    kind: 'job',
    summary: 'Find files by name across all snapshots; matches stream as search.found events.',
  }),
  'files.showInFolder': method({
    params: ShowInFolderParams,
    result: ShowInFolderResult,
    errors: ['service-missing', 'not-found', 'access-denied'],
    kind: 'action',
    summary: "Open the desktop's file manager at this file (inside the home only).",
  }),
  'files.folders': method({
    params: FoldersParams,
    result: FolderList,
    errors: ['not-found', 'access-denied', 'cancelled'],
    kind: 'query',
    summary: 'The subfolders of a live folder inside the home (for choosing where to restore to).',
  }),
  'desktop.chooseFolder': method({
    params: ChooseFolderParams,
    result: ChooseFolderResult,
    errors: [],
    kind: 'action',
    summary: "Ask with the host's own folder dialog; 'unavailable' where the host has none.",
  }),
  'restore.start': method({
    params: RestoreParams,
    result: JobStarted,
    errors: [...SNAPPER_READ_ERRORS, 'no-space'],
    kind: 'job',
    summary: 'Restore files or folders from a snapshot (keep both, replace, or to another folder).',
  }),
  'restore.undo': method({
    params: UndoParams,
    result: UndoResult,
    errors: ['not-found', 'access-denied', 'busy', 'no-space'],
    kind: 'action',
    summary: 'Undo a replace: put back what was there before.',
  }),
  'restorePoints.list': method({
    params: Empty,
    result: RestorePointList,
    errors: RESTORE_POINT_ERRORS,
    kind: 'query',
    summary:
      'Restore points of this system, newest first, with what runs now and what starts next.',
  }),
  'restorePoints.changes': method({
    params: RestorePointRef,
    result: RestorePointChanges,
    errors: RESTORE_POINT_ERRORS,
    kind: 'query',
    summary: 'What changed in a restore point, in words, with the technical view for Details.',
  }),
  'restorePoints.rollback': method({
    params: RollbackParams,
    result: JobStarted,
    errors: RESTORE_POINT_ERRORS,
    kind: 'job',
    summary:
      'Go back: make a restore point the one the next start uses (personal files are not touched).',
  }),
  'restorePoints.undoRollback': method({
    params: Empty,
    result: JobStarted,
    errors: RESTORE_POINT_ERRORS,
    kind: 'job',
    summary: 'Undo going back: the next start uses the restore point the last go-back left.',
  }),
  'restorePoints.keep': method({
    params: KeepRestorePointParams,
    result: RestorePoint,
    errors: RESTORE_POINT_ERRORS,
    kind: 'action',
    summary: "Keep a restore point from automatic cleanup, named in the person's own words.",
  }),
  'editions.get': method({
    params: Empty,
    result: EditionsInfo,
    errors: EDITION_ERRORS,
    kind: 'query',
    summary:
      'The editions (release channels) this system can follow, the one in use and at next start.',
  }),
  'editions.preview': method({
    params: EditionRef,
    result: EditionPreview,
    errors: EDITION_ERRORS,
    kind: 'query',
    summary:
      'What switching to an edition changes: packages where known, personal files stay, way back.',
  }),
  'editions.switch': method({
    params: EditionRef,
    result: JobStarted,
    errors: EDITION_ERRORS,
    kind: 'job',
    summary:
      'Switch to another edition from the next start on (a download with progress; cancellable).',
  }),
  'checks.run': method({
    params: Empty,
    result: ChecksResult,
    // A check that cannot look says `unknown` in the result; the call itself only ends on abort.
    errors: ['cancelled'],
    kind: 'query',
    summary: 'Run every health check in parallel (each with a time limit) and return their states.',
  }),
  'checks.fix': method({
    params: CheckFixParams,
    result: JobStarted,
    errors: [
      'not-found',
      'service-missing',
      'access-denied',
      'busy',
      'not-yet-available',
      'cancelled',
    ],
    kind: 'job',
    summary: "Run a check's one safe fix as a job; the job's result is the check read again.",
  }),
  'report.create': method({
    params: Empty,
    result: Report,
    errors: ['cancelled'],
    kind: 'query',
    summary: 'The support bundle for a helper: one text, user and host names redacted.',
  }),
  'report.save': method({
    params: SaveReportParams,
    result: SaveReportResult,
    errors: ['access-denied', 'no-space', 'not-found'],
    kind: 'action',
    summary: "Save the report through the host's own save dialog; 'unavailable' where it has none.",
  }),
  'jobs.get': method({
    params: JobRef,
    result: JobSnapshot,
    errors: ['not-found'],
    kind: 'query',
    summary: 'State, progress and outcome of a job.',
  }),
  'jobs.cancel': method({
    params: JobRef,
    result: z.object({ cancelled: z.boolean() }),
    errors: ['not-found'],
    kind: 'action',
    summary: 'Cancel a running job; nothing half-written is left behind.',
  }),
  'appearance.get': method({
    params: Empty,
    result: Appearance,
    errors: [],
    kind: 'query',
    summary: "The desktop's light/dark choice (XDG desktop portal); 'unknown' without a portal.",
  }),
  'restart.get': method({
    params: Empty,
    result: RestartInfo,
    // logind, rebootmgr or the session missing are states in the result, not failures.
    errors: [],
    kind: 'query',
    summary:
      'Whether a restart is needed and why, the schedule logind holds, inhibitors, rebootmgr.',
  }),
  'restart.schedule': method({
    params: ScheduleRestartParams,
    result: ScheduleRestartResult,
    // busy: someone else scheduled a restart (pass replace: true to change it).
    errors: ['service-missing', 'access-denied', 'busy'],
    kind: 'action',
    summary: 'Have logind restart the computer tonight or at a given time (held by the system).',
  }),
  'restart.cancel': method({
    params: CancelRestartParams,
    result: CancelRestartResult,
    errors: ['service-missing', 'access-denied', 'busy'],
    kind: 'action',
    summary: 'Cancel the scheduled restart (one set by someone else only with replace: true).',
  }),
  'restart.now': method({
    params: RestartNowParams,
    result: RestartNowResult,
    // busy: apps asked to delay the restart (pass overInhibitors: true after warning).
    errors: ['service-missing', 'access-denied', 'busy'],
    kind: 'action',
    summary: 'Restart now, through the desktop session where it lets apps save first.',
  }),
  'updates.get': method({
    params: Empty,
    result: UpdatesInfo,
    // A family without updates over D-Bus says so in `check` / `prepare`, not with an error.
    errors: [],
    kind: 'query',
    summary:
      'When the system last updated and whether it worked; what checking and preparing offer.',
  }),
  'updates.check': method({
    params: Empty,
    result: JobStarted,
    errors: UPDATE_ERRORS,
    kind: 'job',
    summary: 'Check for a newer system version (a job with progress and cancel).',
  }),
  'updates.prepare': method({
    params: Empty,
    result: JobStarted,
    errors: UPDATE_ERRORS,
    kind: 'job',
    summary: 'Download and install the newest system version for the next start (a job).',
  }),
} as const;

/** Events pushed from the core to every connected host. */
export const events = {
  'job.progress': JobProgress,
  'job.finished': JobFinished,
  'search.found': SearchFound,
  'snapshots.changed': z.object({ config: z.string() }),
  'appearance.changed': Appearance,
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type EventName = keyof typeof events;
export type ParamsIn<M extends MethodName> = z.input<Methods[M]['params']>;
export type ParamsOf<M extends MethodName> = z.output<Methods[M]['params']>;
export type ResultOf<M extends MethodName> = z.output<Methods[M]['result']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export const METHOD_NAMES = Object.keys(methods) as MethodName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(methods, name);
}

/** The method that starts each kind of job: a job's error must be one that method lists. */
export const JOB_METHODS = {
  restore: 'restore.start',
  search: 'files.search',
  rollback: 'restorePoints.rollback',
  fix: 'checks.fix',
  switch: 'editions.switch',
  'update-check': 'updates.check',
  'update-prepare': 'updates.prepare',
} as const satisfies Record<JobKind, MethodName>;

/** Every error code a call of `method` (or a job it started) may end with. */
export function errorsOf(method: MethodName): readonly ErrorCode[] {
  return [...COMMON_ERRORS, ...methods[method].errors];
}

/** Bumped on any incompatible change of the table above. */
export const CONTRACT_VERSION = 1;
