import type { KairnErrorPayload } from '../../../shared/api/errors';
import type { EditionPreview, EditionsInfo, SwitchResult } from '../../../shared/schemas/editions';
import type { JobProgress, JobState } from '../../../shared/schemas/jobs';
import { failed, idle, loading, ready, toErrorPayload, type AsyncState } from './async';
import type { KairnState, SliceCreator } from './types';

/** One switch as the person follows it: download progress, then restart now or later. */
export interface SwitchJob {
  jobId: string;
  to: string;
  /** Going back to the edition in use (the view words it as "switched back"). */
  back: boolean;
  state: JobState;
  progress: JobProgress | null;
  result: SwitchResult | null;
  error: KairnErrorPayload | null;
}

export interface EditionsSlice {
  editions: AsyncState<EditionsInfo>;
  /** What a switch changes, per edition id, asked for when its confirmation opens. */
  editionPreview: Record<string, AsyncState<EditionPreview>>;
  /** The editions.switch call itself (a refusal lands here). */
  switchStart: AsyncState<{ jobId: string }>;
  switchJob: SwitchJob | null;
  loadEditions(): Promise<void>;
  loadEditionPreview(id: string): Promise<void>;
  switchEdition(id: string, back?: boolean): Promise<void>;
  cancelSwitch(): Promise<void>;
  dismissSwitch(): void;
}

type Set = (partial: Partial<KairnState> | ((s: KairnState) => Partial<KairnState>)) => void;

function patchJob(set: Set, jobId: string, patch: Partial<SwitchJob>): void {
  set((s) => (s.switchJob?.jobId === jobId ? { switchJob: { ...s.switchJob, ...patch } } : {}));
}

export const createEditionsSlice: SliceCreator<EditionsSlice> =
  ({ client, jobs }) =>
  (set, get) => ({
    editions: idle(),
    editionPreview: {},
    switchStart: idle(),
    switchJob: null,
    async loadEditions() {
      set((s) => ({ editions: loading(s.editions) }));
      try {
        set({ editions: ready(await client.call('editions.get', {})) });
      } catch (err) {
        set((s) => ({ editions: failed(toErrorPayload(err), s.editions.data) }));
      }
    },
    async loadEditionPreview(id) {
      const put = (state: AsyncState<EditionPreview>): void =>
        set((s) => ({ editionPreview: { ...s.editionPreview, [id]: state } }));
      // Asked again each time: after a switch the comparison is with another system.
      put(loading(get().editionPreview[id] ?? idle()));
      try {
        put(ready(await client.call('editions.preview', { id })));
      } catch (err) {
        put(failed(toErrorPayload(err)));
      }
    },
    async switchEdition(id, back = false) {
      if (get().switchJob?.state === 'running' || get().switchStart.status === 'loading') return;
      set((s) => ({ switchStart: loading(s.switchStart), switchJob: null }));
      let jobId: string;
      try {
        ({ jobId } = await client.call('editions.switch', { id }));
      } catch (err) {
        set({ switchStart: failed(toErrorPayload(err)) });
        return;
      }
      set({
        switchStart: ready({ jobId }),
        switchJob: {
          jobId,
          to: id,
          back,
          state: 'running',
          progress: null,
          result: null,
          error: null,
        },
        // Previews compare with what the next start uses: that changes now.
        editionPreview: {},
      });
      jobs.watch(jobId, {
        progress: (progress) => patchJob(set, jobId, { progress }),
        finished: (finished) => {
          if (finished.kind !== 'switch') return;
          patchJob(set, jobId, {
            state: finished.state,
            result: finished.result,
            error: finished.error,
          });
          void get().loadEditions();
          void get().loadStatus(); // The hub's restart card follows the next start.
        },
        lost: (error) => {
          patchJob(set, jobId, { state: 'failed', error });
          void get().loadEditions();
        },
      });
    },
    async cancelSwitch() {
      const job = get().switchJob;
      if (job?.state !== 'running') return;
      await client.call('jobs.cancel', { jobId: job.jobId }).catch(() => undefined);
    },
    dismissSwitch() {
      if (get().switchJob?.state === 'running') return;
      set({ switchStart: idle(), switchJob: null });
    },
  });
