import { KairnCallError } from '../../shared/api/client';
import { events, type MethodName } from '../../shared/api/contract';
import { isErrorCode } from '../../shared/api/errors';
import type { Transport } from '../../shared/api/wire';
import { JobStarted, type JobFinished, type JobProgress } from '../../shared/schemas/jobs';

/** How a job call reports while it runs. */
export interface JobWatch {
  onStarted?: (jobId: string) => void;
  onProgress?: (progress: JobProgress) => void;
}

/**
 * Calls a job method and resolves with its job.finished event, the same event every host
 * gets. The subscription starts before the call, so a job that ends at once is not missed.
 * Ctrl-C asks the core to cancel the job (jobs.cancel); the job then finishes as cancelled.
 */
export async function callJob(
  transport: Transport,
  method: MethodName,
  params: unknown,
  watch: JobWatch = {},
): Promise<JobFinished> {
  const finished = new Map<string, JobFinished>();
  let wanted: string | null = null;
  let deliver: (event: JobFinished) => void = () => {};
  const done = new Promise<JobFinished>((resolve) => (deliver = resolve));
  const unsubscribe = transport.subscribe((event, payload) => {
    if (event === 'job.progress') {
      const progress = events['job.progress'].safeParse(payload);
      if (progress.success && progress.data.jobId === wanted) watch.onProgress?.(progress.data);
    } else if (event === 'job.finished') {
      const end = events['job.finished'].safeParse(payload);
      if (!end.success) return;
      if (end.data.jobId === wanted) deliver(end.data);
      else finished.set(end.data.jobId, end.data);
    }
  });
  const cancel = (): void => {
    if (wanted !== null) void transport.invoke('jobs.cancel', { jobId: wanted });
  };
  process.on('SIGINT', cancel);
  try {
    const reply = await transport.invoke(method, params);
    if (!reply.ok) throw new KairnCallError(reply.error);
    const { jobId } = JobStarted.parse(reply.result);
    wanted = jobId;
    watch.onStarted?.(jobId);
    const early = finished.get(jobId);
    if (early) deliver(early);
    return await done;
  } finally {
    process.off('SIGINT', cancel);
    unsubscribe();
  }
}

/** A finished job that did not succeed → its error as a call error (one stderr line, exit 1). */
export function jobFailure(job: JobFinished): KairnCallError {
  const error = job.error;
  if (error === null) {
    return new KairnCallError({ code: 'backend-failed', message: `The job ended ${job.state}.` });
  }
  const code = isErrorCode(error.code) ? error.code : 'backend-failed';
  return new KairnCallError({
    code,
    message: error.message,
    ...(error.reason === undefined ? {} : { reason: error.reason }),
  });
}
