import { KairnCallError, type KairnClient } from '../../../shared/api/client';
import type { KairnErrorPayload } from '../../../shared/api/errors';
import type { SearchMatch } from '../../../shared/schemas/files';
import type { JobFinished, JobProgress } from '../../../shared/schemas/jobs';

/** What a slice wants to hear about one job. After `finished` the watch ends by itself. */
export interface JobHandlers {
  progress?(progress: JobProgress): void;
  found?(matches: SearchMatch[]): void;
  finished?(finished: JobFinished): void;
  /** The core no longer knows the job (it restarted): its outcome cannot be learnt. Ends the watch. */
  lost?(error: KairnErrorPayload): void;
}

/** Routes job events to whoever started the job, even when events beat the start reply. */
export interface JobFeed {
  watch(jobId: string, handlers: JobHandlers): () => void;
  /**
   * Asks the core (jobs.get) about every job still watched: events sent while the connection was
   * down are lost, so after a reconnect this is how a job that finished meanwhile ends here.
   */
  resync(): Promise<void>;
  dispose(): void;
}

type JobEvent =
  | { type: 'progress'; value: JobProgress }
  | { type: 'found'; value: SearchMatch[] }
  | { type: 'finished'; value: JobFinished };

/** Events for jobs nobody watches yet are kept briefly (a fast job can finish before its start reply arrives). */
const MAX_BUFFERED_JOBS = 50;

function deliver(handlers: JobHandlers, event: JobEvent): void {
  if (event.type === 'progress') handlers.progress?.(event.value);
  else if (event.type === 'found') handlers.found?.(event.value);
  else handlers.finished?.(event.value);
}

/** Subscribes once to the job events of the contract and fans them out per job id. */
export function createJobFeed(client: KairnClient): JobFeed {
  const watchers = new Map<string, JobHandlers>();
  const buffered = new Map<string, JobEvent[]>();

  const route = (jobId: string, event: JobEvent): void => {
    const handlers = watchers.get(jobId);
    if (handlers) {
      if (event.type === 'finished') watchers.delete(jobId);
      deliver(handlers, event);
      return;
    }
    const list = buffered.get(jobId) ?? [];
    if (!buffered.has(jobId)) buffered.set(jobId, list);
    list.push(event);
    const oldest = buffered.keys().next().value;
    if (buffered.size > MAX_BUFFERED_JOBS && oldest !== undefined) buffered.delete(oldest);
  };

  const offs = [
    client.on('job.progress', (p) => route(p.jobId, { type: 'progress', value: p })),
    client.on('search.found', (f) => route(f.jobId, { type: 'found', value: f.matches })),
    client.on('job.finished', (f) => route(f.jobId, { type: 'finished', value: f })),
  ];

  const reread = async (jobId: string): Promise<void> => {
    try {
      const job = await client.call('jobs.get', { jobId });
      if (!watchers.has(jobId)) return; // Its job.finished arrived meanwhile.
      if (job.progress) route(jobId, { type: 'progress', value: job.progress });
      if (job.finished) route(jobId, { type: 'finished', value: job.finished });
    } catch (err) {
      const handlers = watchers.get(jobId);
      if (!handlers || !(err instanceof KairnCallError) || err.payload.code !== 'not-found') return;
      watchers.delete(jobId); // Other failures (the connection dropped again): the next reconnect asks again.
      handlers.lost?.(err.payload);
    }
  };

  return {
    async resync() {
      await Promise.all([...watchers.keys()].map(reread));
    },
    watch(jobId, handlers) {
      watchers.set(jobId, handlers);
      const early = buffered.get(jobId) ?? [];
      buffered.delete(jobId);
      for (const event of early) route(jobId, event);
      return () => {
        if (watchers.get(jobId) === handlers) watchers.delete(jobId);
      };
    },
    dispose() {
      for (const off of offs) off();
      watchers.clear();
      buffered.clear();
    },
  };
}
