import type { Availability } from '../../../shared/schemas/restore-points';
import type {
  LastUpdate,
  PrepareUpdateResult,
  UpdateCheckResult,
  UpdatesInfo,
} from '../../../shared/schemas/updates';
import type { SystemFamily } from '../../../shared/schemas/status';
import type { KairnEnvironment } from '../env';
import { KairnError, toErrorPayload } from '../errors';
import type { JobControl, JobRunner } from '../jobs/job-runner';
import type { FileSystemPort } from '../ports/file-system';
import type { Unavailable } from '../ports/restore-points';
import type { UpdateProgress, UpdatesPort } from '../ports/updates';
import type { UpdatesService } from '../services';
import { UpdatesStore } from './store';

export interface UpdatesServiceOptions {
  env: KairnEnvironment;
  fs: FileSystemPort;
  jobs: JobRunner;
  /** This family's updates adapter (the family table). */
  backend: () => Promise<{ family: SystemFamily; port: UpdatesPort }>;
  /** Whether a restart is due now (after a preparation). */
  restartRequired: () => Promise<boolean>;
  now?: () => Date;
}

function availability(why: Unavailable | null): Availability {
  return why === null
    ? { available: true, reason: null, detail: null }
    : { available: false, reason: why.reason, detail: why.detail };
}

/** The newer of two records (by time); either may be missing. */
function newest(a: LastUpdate | null, b: LastUpdate | null): LastUpdate | null {
  if (!a) return b;
  if (!b) return a;
  return Date.parse(a.at) >= Date.parse(b.at) ? a : b;
}

/**
 * updates.*: what the family offers, when the system last updated and whether it worked (the
 * system's own record and Kairn's), and Check / Prepare as jobs — one at a time.
 */
export class UpdatesServiceImpl implements UpdatesService {
  private readonly store: UpdatesStore;
  private readonly clock: () => Date;
  private runningJob: string | null = null;

  constructor(private readonly o: UpdatesServiceOptions) {
    this.store = new UpdatesStore(o.fs, o.env.stateDir);
    this.clock = o.now ?? (() => new Date());
  }

  async get(signal?: AbortSignal): Promise<UpdatesInfo> {
    const { family, port } = await this.o.backend();
    const [check, prepare, record, system] = await Promise.all([
      port.checkUnavailable(),
      port.prepareUnavailable(),
      this.store.read(),
      port.lastFromSystem(signal).catch(() => null),
    ]);
    const fromSystem: LastUpdate | null = system
      ? {
          at: system.at.toISOString(),
          outcome: system.outcome,
          version: system.version,
          by: 'system',
          detail: system.detail,
        }
      : null;
    return {
      family,
      check: availability(check),
      prepare: availability(prepare),
      cancellable: port.cancellable,
      last: newest(fromSystem, record.lastPrepare),
      lastCheck: record.lastCheck,
    };
  }

  async check(): Promise<string> {
    const port = await this.ready('check');
    return this.track(
      this.o.jobs.start('update-check', (ctl) => this.guarded(ctl, () => this.runCheck(port, ctl))),
    );
  }

  async prepare(): Promise<string> {
    const port = await this.ready('prepare');
    return this.track(
      this.o.jobs.start('update-prepare', (ctl) =>
        this.guarded(ctl, () => this.runPrepare(port, ctl)),
      ),
    );
  }

  private async runCheck(port: UpdatesPort, ctl: JobControl): Promise<UpdateCheckResult> {
    const info = await port.check(ctl.signal, this.stepper(ctl));
    const result: UpdateCheckResult = { checkedAt: this.clock().toISOString(), ...info };
    await this.store.update({ lastCheck: result });
    return result;
  }

  private async runPrepare(port: UpdatesPort, ctl: JobControl): Promise<PrepareUpdateResult> {
    let outcome: LastUpdate['outcome'] = 'failed';
    let version: string | null = null;
    let detail: string | null = null;
    let worthRemembering = true;
    try {
      const info = await port.prepare(ctl.signal, this.stepper(ctl));
      outcome = 'succeeded';
      version = info.version;
      // Already up to date: nothing happened, so the last real update stays the one shown.
      worthRemembering = !info.nothingToDo;
      return { ...info, restartNeeded: await this.o.restartRequired().catch(() => false) };
    } catch (err) {
      const payload = toErrorPayload(err);
      outcome = ctl.signal.aborted || payload.code === 'cancelled' ? 'cancelled' : 'failed';
      detail = `${payload.code}${payload.reason ? ` (${payload.reason})` : ''}: ${payload.detail ?? ''}`;
      throw err;
    } finally {
      // Remembered either way: "the last update failed" is worth as much as "it worked".
      if (worthRemembering)
        await this.store
          .update({
            lastPrepare: {
              at: this.clock().toISOString(),
              outcome,
              version,
              by: 'kairn',
              detail,
            },
          })
          .catch(() => undefined);
    }
  }

  private async ready(what: 'check' | 'prepare'): Promise<UpdatesPort> {
    const { port } = await this.o.backend();
    const why = what === 'check' ? await port.checkUnavailable() : await port.prepareUnavailable();
    if (why !== null)
      throw new KairnError('not-yet-available', {
        reason: why.reason,
        detail: why.detail ?? undefined,
      });
    if (this.runningJob !== null)
      throw new KairnError('busy', { reason: 'update-busy', detail: `job ${this.runningJob}` });
    return port;
  }

  private track(jobId: string): string {
    this.runningJob = jobId;
    return jobId;
  }

  private async guarded<T>(ctl: JobControl, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } finally {
      if (this.runningJob === ctl.jobId) this.runningJob = null;
    }
  }

  /** The backend's words as the job's current step; a new text always reaches the view. */
  private stepper(ctl: JobControl): (step: UpdateProgress) => void {
    let shown: string | null = null;
    return (step) => {
      const update = {
        done: Math.max(0, Math.min(100, Math.round(step.percent))),
        total: 100,
        bytesDone: 0,
        bytesTotal: null,
        current: step.text,
      };
      if (step.text === shown) ctl.progress(update);
      else ctl.progress(update, 'step');
      shown = step.text;
    };
  }
}
