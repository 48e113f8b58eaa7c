import type { KairnClient } from '../../../shared/api/client';
import type { SearchMatch } from '../../../shared/schemas/files';
import type { JobFinished, JobProgress } from '../../../shared/schemas/jobs';

/** What a slice wants to hear about one job. After `finished` the watch ends by itself. */
export interface JobHandlers {
  progress?(progress: JobProgress): void;
  found?(matches: SearchMatch[]): void;
  finished?(finished: JobFinished): void;
}

/** Routes job events to whoever started the job, even when events beat the start reply. */
export interface JobFeed {
  watch(jobId: string, handlers: JobHandlers): () => void;
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

  return {
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
