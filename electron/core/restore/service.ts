import type { z } from 'zod';

import type { RestoreParams, UndoResult } from '../../../shared/schemas/jobs';
import type { KairnEnvironment } from '../env';
import { KairnError, fsError } from '../errors';
import type { JobRunner } from '../jobs/job-runner';
import type { FileSystemPort } from '../ports/file-system';
import type { SnapperPort } from '../ports/snapper';
import type { RestoreService } from '../services';
import type { SnapshotLocator } from '../snapshots/locator';
import { prepareRestore } from './prepare';
import { RestoreRun } from './run';
import { undoReplace } from './undo';
import { UndoLog } from './undo-log';

/** What compose.ts passes in (snapper is optional, see below). */
export interface RestoreServiceOptions {
  env: KairnEnvironment;
  locator: SnapshotLocator;
  jobs: JobRunner;
  fs: FileSystemPort;
  /**
   * For the snapshot's date in keep-both names. Without it the date is read from snapper's
   * info.xml beside the snapshot, and names say just "(restored)" if that is unreadable too.
   */
  snapper?: Pick<SnapperPort, 'getSnapshot'>;
}

/** Restore from snapshots without ever losing data: keep both, replace (undoable), or to a folder. */
export class RestoreServiceImpl implements RestoreService {
  private readonly undoLog: UndoLog;
  private readonly undoing = new Set<string>();

  constructor(private readonly opts: RestoreServiceOptions) {
    this.undoLog = new UndoLog(opts.fs, opts.env.stateDir);
  }

  async start(params: z.output<typeof RestoreParams>): Promise<string> {
    const { fs, locator, snapper, env } = this.opts;
    const plan = await prepareRestore({ fs, locator, ...(snapper ? { snapper } : {}) }, params);
    const deps = { fs, uid: env.uid, stateDir: env.stateDir, undoLog: this.undoLog };
    return this.opts.jobs.start('restore', (ctl) => new RestoreRun(deps, plan, ctl).execute());
  }

  async undo(undoId: string): Promise<z.output<typeof UndoResult>> {
    if (this.undoing.has(undoId)) throw new KairnError('busy', { detail: 'this undo is already running' });
    this.undoing.add(undoId);
    try {
      return { restored: await undoReplace(this.opts.fs, this.undoLog, undoId) };
    } catch (err) {
      throw err instanceof KairnError ? err : fsError(err, 'undo');
    } finally {
      this.undoing.delete(undoId);
    }
  }
}
