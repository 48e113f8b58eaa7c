import { randomUUID } from 'node:crypto';

import type { FixResult } from '../../../shared/schemas/checks';
import type {
  JobFinished,
  JobKind,
  JobProgress,
  JobSnapshot,
  RestoreResult,
  SearchResult,
} from '../../../shared/schemas/jobs';
import type { RollbackResult } from '../../../shared/schemas/restore-points';
import type { SwitchResult } from '../../../shared/schemas/editions';
import type { PrepareUpdateResult, UpdateCheckResult } from '../../../shared/schemas/updates';
import { JOB_METHODS } from '../../../shared/api/contract';
import { enforceListed } from '../api/error-lists';
import type { EventBus } from '../api/events';
import { KairnError, toErrorPayload } from '../errors';

interface ResultByKind {
  restore: RestoreResult;
  search: SearchResult;
  rollback: RollbackResult;
  fix: FixResult;
  switch: SwitchResult;
  'update-check': UpdateCheckResult;
  'update-prepare': PrepareUpdateResult;
}

export interface JobControl {
  jobId: string;
  signal: AbortSignal;
  /**
   * Report progress; events are throttled so a fast job cannot flood the hosts. A `step` update
   * (a new phase, or the service's own words, which come rarely) is always sent.
   */
  progress(update: Omit<JobProgress, 'jobId' | 'kind'>, kind?: 'step'): void;
}

interface JobRecord {
  kind: JobKind;
  controller: AbortController;
  progress: JobProgress | null;
  finished: JobFinished | null;
  done: Promise<void>;
}

const PROGRESS_INTERVAL_MS = 100;
const FINISHED_JOBS_KEPT = 200;

/** Long work runs as a job: an id at once, progress and the outcome as events, cancel by id. */
export class JobRunner {
  private readonly jobs = new Map<string, JobRecord>();

  constructor(
    private readonly bus: EventBus,
    private readonly log: (line: string) => void = () => {},
  ) {}

  start<K extends JobKind>(kind: K, run: (ctl: JobControl) => Promise<ResultByKind[K]>): string {
    const jobId = randomUUID();
    const controller = new AbortController();
    let lastEmit = 0;
    const record: JobRecord = {
      kind,
      controller,
      progress: null,
      finished: null,
      done: Promise.resolve(),
    };
    const ctl: JobControl = {
      jobId,
      signal: controller.signal,
      progress: (update, urgency) => {
        record.progress = { jobId, kind, ...update };
        const now = Date.now();
        if (urgency === 'step' || now - lastEmit >= PROGRESS_INTERVAL_MS) {
          lastEmit = now;
          this.bus.emit('job.progress', record.progress);
        }
      },
    };
    this.jobs.set(jobId, record);
    // The job's promise is tracked in the record; errors become the job's outcome, never unhandled.
    record.done = this.execute(jobId, record, () => run(ctl));
    this.prune();
    return jobId;
  }

  private async execute<R>(jobId: string, record: JobRecord, run: () => Promise<R>): Promise<void> {
    let finished: JobFinished;
    try {
      const result = await run();
      if (record.progress) this.bus.emit('job.progress', record.progress);
      finished = { jobId, kind: record.kind, state: 'done', result, error: null } as JobFinished;
    } catch (err) {
      const cancelled = record.controller.signal.aborted;
      const raw =
        cancelled && !(err instanceof KairnError && err.code !== 'cancelled')
          ? new KairnError('cancelled').toPayload()
          : toErrorPayload(err);
      // A job ends with the errors of the method that started it, like the call itself.
      const error = enforceListed(JOB_METHODS[record.kind], raw, this.log);
      finished = {
        jobId,
        kind: record.kind,
        state: error.code === 'cancelled' ? 'cancelled' : 'failed',
        result: null,
        error,
      };
    }
    record.finished = finished;
    this.bus.emit('job.finished', finished);
  }

  get(jobId: string): JobSnapshot {
    const record = this.jobs.get(jobId);
    if (!record) throw new KairnError('not-found', { reason: 'job-not-found' });
    return {
      jobId,
      kind: record.kind,
      state: record.finished?.state ?? 'running',
      progress: record.progress,
      finished: record.finished,
    };
  }

  cancel(jobId: string): boolean {
    const record = this.jobs.get(jobId);
    if (!record) throw new KairnError('not-found', { reason: 'job-not-found' });
    if (record.finished) return false;
    record.controller.abort();
    return true;
  }

  /** Resolves when the job has finished (for the CLI and tests). */
  async wait(jobId: string): Promise<JobSnapshot> {
    const record = this.jobs.get(jobId);
    if (!record) throw new KairnError('not-found', { reason: 'job-not-found' });
    await record.done;
    return this.get(jobId);
  }

  /** Cancels everything still running (host shutdown). */
  async shutdown(): Promise<void> {
    for (const record of this.jobs.values()) if (!record.finished) record.controller.abort();
    await Promise.all([...this.jobs.values()].map((r) => r.done));
  }

  private prune(): void {
    const finished = [...this.jobs].filter(([, r]) => r.finished !== null);
    for (const [id] of finished.slice(0, Math.max(0, finished.length - FINISHED_JOBS_KEPT)))
      this.jobs.delete(id);
  }
}
