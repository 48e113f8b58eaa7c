import type { ChecksServiceImpl } from '../checks/service';
import type { AppearanceServiceImpl } from '../desktop/appearance';
import type { EditionsServiceImpl } from '../editions/service';
import type { JobRunner } from '../jobs/job-runner';
import type { ReportServiceImpl } from '../report/service';
import type {
  DesktopService,
  FilesService,
  RestartService,
  RestorePointsService,
  RestoreService,
  SnapshotsService,
  StatusService,
  UpdatesService,
} from '../services';
import type { Handlers } from './dispatch';

export interface CoreServices {
  status: StatusService;
  snapshots: SnapshotsService;
  files: FilesService;
  restore: RestoreService;
  desktop: DesktopService;
  restorePoints: RestorePointsService;
  editions: Pick<EditionsServiceImpl, 'get' | 'preview' | 'switch'>;
  checks: ChecksServiceImpl;
  report: ReportServiceImpl;
  jobs: JobRunner;
  appearance: Pick<AppearanceServiceImpl, 'get'>;
  restart: RestartService;
  updates: UpdatesService;
}

/** Contract method → service call, one line each: the only method table the hosts use. */
export function createHandlers(s: CoreServices): Handlers {
  return {
    'status.get': (_p, ctx) => s.status.get(ctx.signal),
    'snapshots.home': (_p, ctx) => s.snapshots.home(ctx.signal),
    'snapshots.list': (p, ctx) => s.snapshots.list(p.config, ctx.signal),
    'snapshots.create': (p) => s.snapshots.create(p.config, p.description),
    'snapshots.keep': (p) => s.snapshots.keep(p.config, p.snapshot, p.keep),
    'snapshots.setupHome': () => s.snapshots.setupHome(),
    'files.list': (p, ctx) => s.files.list(p, ctx.signal),
    'files.preview': (p, ctx) => s.files.preview(p.config, p.snapshot, p.path, ctx.signal),
    'files.versions': (p, ctx) => s.files.versions(p.config, p.path, ctx.signal),
    'files.diff': (p, ctx) => s.files.diff(p.config, p.snapshot, p.path, ctx.signal),
    'files.changes': (p, ctx) => s.files.changes(p.config, p.from, p.to, ctx.signal),
    'files.search': async (p) => ({ jobId: await s.files.search(p) }),
    'files.showInFolder': (p) => s.desktop.showInFolder(p.path),
    'files.folders': (p, ctx) => s.files.folders(p.path, ctx.signal),
    'desktop.chooseFolder': (p) => s.desktop.chooseFolder(p.title, p.startAt),
    'restore.start': async (p) => ({ jobId: await s.restore.start(p) }),
    'restore.undo': (p) => s.restore.undo(p.undoId),
    'restorePoints.list': (_p, ctx) => s.restorePoints.list(ctx.signal),
    'restorePoints.changes': (p, ctx) => s.restorePoints.changes(p.id, ctx.signal),
    'restorePoints.rollback': async (p) => ({ jobId: await s.restorePoints.rollback(p.to) }),
    'restorePoints.undoRollback': async () => ({ jobId: await s.restorePoints.undoRollback() }),
    'restorePoints.keep': (p) => s.restorePoints.keep(p.id, p.name),
    'editions.get': (_p, ctx) => s.editions.get(ctx.signal),
    'editions.preview': (p, ctx) => s.editions.preview(p.id, ctx.signal),
    'editions.switch': async (p) => ({ jobId: await s.editions.switch(p.id) }),
    'checks.run': (_p, ctx) => s.checks.run(ctx.signal),
    'checks.fix': async (p) => ({ jobId: await s.checks.fix(p.check) }),
    'report.create': (_p, ctx) => s.report.create(ctx.signal),
    'report.save': (p) => s.report.save(p.text, p.fileName),
    'jobs.get': async (p) => s.jobs.get(p.jobId),
    'jobs.cancel': async (p) => ({ cancelled: s.jobs.cancel(p.jobId) }),
    'appearance.get': () => s.appearance.get(),
    'restart.get': () => s.restart.get(),
    'restart.schedule': (p) => s.restart.schedule(p),
    'restart.cancel': (p) => s.restart.cancel(p),
    'restart.now': (p) => s.restart.now(p),
    'updates.get': (_p, ctx) => s.updates.get(ctx.signal),
    'updates.check': async () => ({ jobId: await s.updates.check() }),
    'updates.prepare': async () => ({ jobId: await s.updates.prepare() }),
  };
}
