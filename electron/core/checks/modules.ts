import type { KairnEnvironment } from '../env';
import type { JobRunner } from '../jobs/job-runner';
import type { FileSystemPort } from '../ports/file-system';
import type { SnapperPort } from '../ports/snapper';
import type { SnapshotSpacePort, SystemdPort } from '../ports/systemd';
import type { SnapshotsService, UpdatesService } from '../services';
import { failedServicesCheck } from './failed-services';
import { freeSpaceCheck } from './free-space';
import { fileHistoryCheck, historyScheduleCheck, type HistoryReader } from './history';
import { historySpaceCheck } from './history-space';
import { restartPendingCheck, type RestartReader } from './restart-pending';
import { startedFromOlderCheck, type RestorePointsReader } from './started-older';
import { lastUpdateCheck } from './last-update';
import type { Check } from './types';

/** What a check module may use; one fresh context per run (so file history is read once). */
export interface CheckContext {
  env: KairnEnvironment;
  fs: FileSystemPort;
  snapper: SnapperPort;
  snapshots: SnapshotsService;
  systemd: SystemdPort;
  space: SnapshotSpacePort;
  history: HistoryReader;
  /** The restart area (restart.get, and its scheduling for Restart tonight). */
  restart: RestartReader;
  /** The restore-points area (its list, and its go-back job for the fix). */
  restorePoints: RestorePointsReader;
  jobs: JobRunner;
  /** The updates area (absent in tests of other areas: its checks are then left out). */
  updates?: Pick<UpdatesService, 'get'> | undefined;
}

/** One area's checks. The restart, update and boot areas each add one module to CHECK_MODULES. */
export type CheckModule = (ctx: CheckContext) => Check[];

/** Disk space, file history and system services: the checks that need no other area. */
export const baseChecks: CheckModule = (ctx) => [
  freeSpaceCheck('free-space-system', ctx.fs, ctx.env.sysRoot ?? '/'),
  freeSpaceCheck('free-space-home', ctx.fs, ctx.env.home),
  historySpaceCheck(ctx.history, ctx.snapshots, ctx.snapper, ctx.space, ctx.fs),
  fileHistoryCheck(ctx.history, ctx.snapshots),
  historyScheduleCheck(ctx.history),
  failedServicesCheck(ctx.systemd),
];

/** The restart area: an installed update waiting for a restart, and for how long. */
export const restartChecks: CheckModule = (ctx) => [restartPendingCheck(ctx.restart)];

/** The restore-points area: this boot chose an older point than the default. */
export const bootChecks: CheckModule = (ctx) => [
  startedFromOlderCheck(ctx.restorePoints, ctx.jobs),
];

/** The updates area: when the system last updated and whether it worked. */
export const updateChecks: CheckModule = (ctx) =>
  ctx.updates ? [lastUpdateCheck(ctx.updates)] : [];

export const CHECK_MODULES: readonly CheckModule[] = [
  restartChecks,
  bootChecks,
  baseChecks,
  updateChecks,
];
