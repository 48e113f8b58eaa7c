import type { KairnErrorPayload } from '../../../shared/api/errors';
import type { JobProgress, JobState } from '../../../shared/schemas/jobs';
import type {
  PrepareUpdateResult,
  UpdateCheckResult,
  UpdatesInfo,
} from '../../../shared/schemas/updates';
import { failed, idle, loading, ready, toErrorPayload, type AsyncState } from './async';
import type { KairnState, SliceCreator } from './types';

/** Check for updates or Prepare the update now, as the person follows it. */
export interface UpdateJob {
  jobId: string | null;
  kind: 'check' | 'prepare';
  state: JobState | 'starting';
  progress: JobProgress | null;
  check: UpdateCheckResult | null;
  prepared: PrepareUpdateResult | null;
  error: KairnErrorPayload | null;
}

export interface UpdatesSlice {
  updates: AsyncState<UpdatesInfo>;
  updateJob: UpdateJob | null;
  loadUpdates(): Promise<void>;
  startUpdate(kind: 'check' | 'prepare'): Promise<void>;
  cancelUpdate(): Promise<void>;
}

type Set = (partial: Partial<KairnState> | ((s: KairnState) => Partial<KairnState>)) => void;

function patch(set: Set, jobId: string, change: Partial<UpdateJob>): void {
  set((s) => (s.updateJob?.jobId === jobId ? { updateJob: { ...s.updateJob, ...change } } : {}));
}

export const createUpdatesSlice: SliceCreator<UpdatesSlice> =
  ({ client, jobs }) =>
  (set, get) => ({
    updates: idle(),
    updateJob: null,
    async loadUpdates() {
      set((s) => ({ updates: loading(s.updates) }));
      try {
        set({ updates: ready(await client.call('updates.get', {})) });
      } catch (err) {
        set((s) => ({ updates: failed(toErrorPayload(err), s.updates.data) }));
      }
    },
    async startUpdate(kind) {
      const now = get().updateJob;
      if (now && (now.state === 'running' || now.state === 'starting')) return;
      const empty = { progress: null, check: null, prepared: null, error: null };
      set({ updateJob: { jobId: null, kind, state: 'starting', ...empty } });
      let jobId: string;
      try {
        ({ jobId } = await client.call(kind === 'check' ? 'updates.check' : 'updates.prepare', {}));
      } catch (err) {
        set({
          updateJob: { jobId: null, kind, state: 'failed', ...empty, error: toErrorPayload(err) },
        });
        return;
      }
      set({ updateJob: { jobId, kind, state: 'running', ...empty } });
      const reload = (): void => {
        void get().loadUpdates();
        // A prepared update means a restart is due: the restart cards follow.
        if (kind === 'prepare') void get().loadRestart();
      };
      jobs.watch(jobId, {
        progress: (progress) => patch(set, jobId, { progress }),
        finished: (finished) => {
          if (finished.kind === 'update-check')
            patch(set, jobId, {
              state: finished.state,
              check: finished.result,
              error: finished.error,
            });
          else if (finished.kind === 'update-prepare')
            patch(set, jobId, {
              state: finished.state,
              prepared: finished.result,
              error: finished.error,
            });
          reload();
        },
        lost: (error) => {
          patch(set, jobId, { state: 'failed', error });
          reload();
        },
      });
    },
    async cancelUpdate() {
      const jobId = get().updateJob?.jobId;
      if (!jobId || get().updateJob?.state !== 'running') return;
      await client.call('jobs.cancel', { jobId }).catch(() => undefined);
    },
  });
