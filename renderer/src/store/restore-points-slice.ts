import type { KairnErrorPayload } from '../../../shared/api/errors';
import type { JobProgress, JobState } from '../../../shared/schemas/jobs';
import type {
  RestorePointChanges,
  RestorePointList,
  RollbackResult,
} from '../../../shared/schemas/restore-points';
import { failed, idle, loading, ready, toErrorPayload, type AsyncState } from './async';
import type { KairnState, SliceCreator } from './types';

/** One going back (or undoing it) as the person follows it: progress, then restart now or later. */
export interface GoBackJob {
  jobId: string;
  /** 'undo' reverses the last going back. */
  kind: 'go-back' | 'undo';
  /** The restore point asked for (null for an undo: the core knows where it goes). */
  to: string | null;
  state: JobState;
  progress: JobProgress | null;
  result: RollbackResult | null;
  error: KairnErrorPayload | null;
}

export interface RestorePointsSlice {
  restorePoints: AsyncState<RestorePointList>;
  /** What changed, per restore point id, asked for when a row's "What changed" opens. */
  pointChanges: Record<string, AsyncState<RestorePointChanges>>;
  /** The rollback / undoRollback call itself (a refusal lands here). */
  goBackStart: AsyncState<{ jobId: string }>;
  goBackJob: GoBackJob | null;
  loadRestorePoints(): Promise<void>;
  loadPointChanges(id: string): Promise<void>;
  goBackTo(id: string): Promise<void>;
  undoGoBack(): Promise<void>;
  dismissGoBack(): void;
}

type Set = (partial: Partial<KairnState> | ((s: KairnState) => Partial<KairnState>)) => void;

function patchJob(set: Set, jobId: string, patch: Partial<GoBackJob>): void {
  set((s) => (s.goBackJob?.jobId === jobId ? { goBackJob: { ...s.goBackJob, ...patch } } : {}));
}

export const createRestorePointsSlice: SliceCreator<RestorePointsSlice> =
  ({ client, jobs }) =>
  (set, get) => {
    /** Starts a go-back job and follows it; the list is read again when it ends (marks move). */
    const start = async (kind: GoBackJob['kind'], to: string | null): Promise<void> => {
      if (get().goBackJob?.state === 'running' || get().goBackStart.status === 'loading') return;
      set((s) => ({ goBackStart: loading(s.goBackStart), goBackJob: null }));
      let jobId: string;
      try {
        ({ jobId } =
          to === null
            ? await client.call('restorePoints.undoRollback', {})
            : await client.call('restorePoints.rollback', { to }));
      } catch (err) {
        set({ goBackStart: failed(toErrorPayload(err)) });
        return;
      }
      set({
        goBackStart: ready({ jobId }),
        goBackJob: { jobId, kind, to, state: 'running', progress: null, result: null, error: null },
      });
      jobs.watch(jobId, {
        progress: (progress) => patchJob(set, jobId, { progress }),
        finished: (finished) => {
          if (finished.kind !== 'rollback') return;
          patchJob(set, jobId, {
            state: finished.state,
            result: finished.result,
            error: finished.error,
          });
          void get().loadRestorePoints();
          void get().loadStatus(); // The hub's restart card follows the next start.
        },
        lost: (error) => {
          patchJob(set, jobId, { state: 'failed', error });
          void get().loadRestorePoints();
        },
      });
    };
    return {
      restorePoints: idle(),
      pointChanges: {},
      goBackStart: idle(),
      goBackJob: null,
      async loadRestorePoints() {
        set((s) => ({ restorePoints: loading(s.restorePoints) }));
        try {
          set({ restorePoints: ready(await client.call('restorePoints.list', {})) });
        } catch (err) {
          set((s) => ({ restorePoints: failed(toErrorPayload(err), s.restorePoints.data) }));
        }
      },
      async loadPointChanges(id) {
        const now = get().pointChanges[id];
        if (now && (now.status === 'ready' || now.status === 'loading')) return;
        const put = (state: AsyncState<RestorePointChanges>): void =>
          set((s) => ({ pointChanges: { ...s.pointChanges, [id]: state } }));
        put(loading(now ?? idle()));
        try {
          put(ready(await client.call('restorePoints.changes', { id })));
        } catch (err) {
          put(failed(toErrorPayload(err)));
        }
      },
      goBackTo: (id) => start('go-back', id),
      undoGoBack: () => start('undo', null),
      dismissGoBack() {
        if (get().goBackJob?.state === 'running') return;
        set({ goBackStart: idle(), goBackJob: null });
      },
    };
  };
