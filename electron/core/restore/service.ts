import type { z } from 'zod';

import type { RestoreParams, UndoResult } from '../../../shared/schemas/jobs';
import type { KairnEnvironment } from '../env';
import { KairnError, fsError } from '../errors';
import type { JobRunner } from '../jobs/job-runner';
import type { FileSystemPort } from '../ports/file-system';
import type { ProcessesPort } from '../ports/processes';
import type { SnapperPort } from '../ports/snapper';
import type { RestoreService } from '../services';
import type { SnapshotLocator } from '../snapshots/locator';
import { expireReplaced } from './expiry';
import { sweepJournals } from './journal';
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
  /**
   * To tell a dead restore's journal from a running one. Without it no process counts as dead,
   * so nothing a killed restore left is swept (hosts always pass it; see compose.ts).
   */
  processes?: ProcessesPort;
  /** The clock for undo records and their expiry (tests move it). */
  now?: () => Date;
  /** Where sweep results and failures are logged. */
  log?: (line: string) => void;
}

/** Nobody is dead: the safe answer when the service cannot ask. */
const NO_PROCESSES: ProcessesPort = { pid: 0, isAlive: () => true };

/** Restore from snapshots without ever losing data: keep both, replace (undoable), or to a folder. */
export class RestoreServiceImpl implements RestoreService {
  private readonly undoLog: UndoLog;
  private readonly undoing = new Set<string>();
  private readonly processes: ProcessesPort;
  private readonly now: () => Date;
  private swept: Promise<void> | null = null;

  constructor(private readonly opts: RestoreServiceOptions) {
    this.undoLog = new UndoLog(opts.fs, opts.env.stateDir);
    this.processes = opts.processes ?? NO_PROCESSES;
    this.now = opts.now ?? (() => new Date());
  }

  /**
   * Once per service (at start-up, and awaited by the first restore or undo): removes what
   * killed restores left (listed in their journals) and replaced versions past their keep time.
   * Never throws: a failed sweep is logged and tried again with the next service.
   */
  sweepLeftovers(): Promise<void> {
    this.swept ??= this.sweep();
    return this.swept;
  }

  private async sweep(): Promise<void> {
    const { fs, env, log } = this.opts;
    const removed = await sweepJournals(fs, env.stateDir, this.processes).catch((err: unknown) => {
      log?.(`restore: sweeping leftovers failed: ${String(err)}`);
      return [];
    });
    if (removed.length > 0)
      log?.(`restore: removed ${removed.length} leftovers of a stopped restore`);
    const expired = await expireReplaced(fs, this.undoLog, this.now()).catch((err: unknown) => {
      log?.(`restore: expiring replaced versions failed: ${String(err)}`);
      return [];
    });
    if (expired.length > 0)
      log?.(`restore: removed ${expired.length} replaced versions past their keep time`);
  }

  async start(params: z.output<typeof RestoreParams>): Promise<string> {
    await this.sweepLeftovers();
    const { fs, locator, snapper, env } = this.opts;
    const plan = await prepareRestore({ fs, locator, ...(snapper ? { snapper } : {}) }, params);
    const deps = {
      fs,
      uid: env.uid,
      stateDir: env.stateDir,
      undoLog: this.undoLog,
      pid: this.processes.pid,
      now: this.now,
    };
    return this.opts.jobs.start('restore', (ctl) => new RestoreRun(deps, plan, ctl).execute());
  }

  async undo(undoId: string): Promise<z.output<typeof UndoResult>> {
    await this.sweepLeftovers();
    if (this.undoing.has(undoId))
      throw new KairnError('busy', { detail: 'this undo is already running' });
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
