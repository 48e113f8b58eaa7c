import type { KairnErrorPayload } from '../../../shared/api/errors';
import type {
  JobFinished,
  JobProgress,
  JobStarted,
  JobState,
  RestoreMode,
  RestoreResult,
  SkippedItem,
  UndoResult,
} from '../../../shared/schemas/jobs';
import type { ShowInFolderResult } from '../../../shared/schemas/files';
import { failed, idle, loading, ready, toErrorPayload, type AsyncState } from './async';
import { selectConfig } from './history-slice';
import { basename, dirname } from './paths';
import type { KairnState, SliceCreator } from './types';

/** One restore as the user follows it: progress, then where things went. */
export interface RestoreJob {
  jobId: string;
  mode: RestoreMode;
  snapshot: number;
  paths: string[];
  dest: string | null;
  /** The copy label it was started with (kept for "Restore the rest"). */
  label: string | null;
  /** How many of `paths` are folders: the core's progress counts each of them as one more entry. */
  folders: number;
  state: JobState;
  progress: JobProgress | null;
  result: RestoreResult | null;
  error: KairnErrorPayload | null;
  /** When the restore was refused for unreadable items: which (the UI offers to restore the rest). */
  unreadable: SkippedItem[];
}

export interface RestoreRequest {
  mode: RestoreMode;
  /** Folder to restore into (mode 'to' only). */
  dest?: string;
  /** Defaults to the selected item. */
  paths?: string[];
  /** Restore what can be read and list the rest (after a refusal for unreadable items). */
  skipUnreadable?: boolean;
  /** Defaults to the chosen point in time. */
  snapshot?: number;
  /** Words for a restored copy's name in the user's language ("restored from Mon 3 Nov 14.00"). */
  label?: string | undefined;
}

export interface RestoreSlice {
  /** The restore.start call itself. */
  restoreStart: AsyncState<JobStarted>;
  restoreJob: RestoreJob | null;
  undo: AsyncState<UndoResult>;
  shownInFolder: AsyncState<ShowInFolderResult>;
  startRestore(request: RestoreRequest): Promise<void>;
  /** Runs the refused restore again, leaving out what cannot be read. */
  restoreRest(): Promise<void>;
  cancelRestore(): Promise<void>;
  undoRestore(): Promise<void>;
  showInFolder(path: string): Promise<void>;
  dismissRestore(): void;
}

type Set = (partial: Partial<KairnState> | ((s: KairnState) => Partial<KairnState>)) => void;

/** Folders among the paths, from the selected item or the folder list they were chosen in. */
export function countFolders(s: KairnState, paths: readonly string[]): number {
  const listed = Object.values(s.folder.pages).flat();
  return paths.filter((path) => {
    if (s.selected?.path === path) return s.selected.kind === 'dir';
    if (dirname(path) !== s.folder.path) return false;
    return listed.some((entry) => entry.name === basename(path) && entry.kind === 'dir');
  }).length;
}

/**
 * Progress in the items a person counts: the core counts every entry it copies, each chosen
 * folder included, so a folder holding 2 500 items would read "of 2 501". The chosen folders
 * are copied last (after their contents), so `done` reaches the total as the last item is in.
 */
export function itemProgress(job: RestoreJob): { done: number; total: number } | null {
  const p = job.progress;
  if (!p || p.total === null) return null;
  const total = p.total - job.folders;
  // Only empty folders: nothing a person would count.
  if (total <= 0) return null;
  return { done: Math.min(p.done, total), total };
}

function patchJob(set: Set, jobId: string, patch: Partial<RestoreJob>): void {
  set((s) => (s.restoreJob?.jobId === jobId ? { restoreJob: { ...s.restoreJob, ...patch } } : {}));
}

function onFinished(get: () => KairnState, set: Set, finished: JobFinished): void {
  if (finished.kind !== 'restore') return;
  patchJob(set, finished.jobId, {
    state: finished.state,
    result: finished.result,
    error: finished.error,
    unreadable: finished.error?.items ?? [],
  });
  if (finished.state === 'done') refreshAfterChange(get);
}

/** What is in the home changed: "deleted since" marks, the folder and the item's versions are read again. */
function refreshAfterChange(get: () => KairnState): void {
  get().reloadFolder();
  if (get().selected) {
    get().resetItem();
    get().loadItem();
  }
}

export const createRestoreSlice: SliceCreator<RestoreSlice> =
  ({ client, jobs }) =>
  (set, get) => ({
    restoreStart: idle(),
    restoreJob: null,
    undo: idle(),
    shownInFolder: idle(),
    async startRestore(request) {
      const s = get();
      const config = selectConfig(s);
      const paths = request.paths ?? (s.selected ? [s.selected.path] : []);
      const snapshot = request.snapshot ?? s.point;
      if (config === null || snapshot === 0 || paths.length === 0) return;
      set((st) => ({
        restoreStart: loading(st.restoreStart),
        restoreJob: null,
        undo: idle(),
        shownInFolder: idle(),
      }));
      let jobId: string;
      try {
        const label = request.label !== undefined ? { label: request.label } : {};
        const params =
          request.mode === 'to'
            ? { config, snapshot, paths, mode: 'to' as const, dest: request.dest ?? '', ...label }
            : { config, snapshot, paths, mode: request.mode, ...label };
        const skip = request.skipUnreadable === true ? { skipUnreadable: true } : {};
        ({ jobId } = await client.call('restore.start', { ...params, ...skip }));
      } catch (err) {
        set({ restoreStart: failed(toErrorPayload(err)) });
        return;
      }
      const job: RestoreJob = {
        jobId,
        mode: request.mode,
        snapshot,
        paths,
        dest: request.dest ?? null,
        label: request.label ?? null,
        folders: countFolders(s, paths),
        state: 'running',
        progress: null,
        result: null,
        error: null,
        unreadable: [],
      };
      set({ restoreStart: ready({ jobId }), restoreJob: job });
      jobs.watch(jobId, {
        progress: (progress) => patchJob(set, jobId, { progress }),
        finished: (finished) => onFinished(get, set, finished),
        lost: (error) => patchJob(set, jobId, { state: 'failed', error }),
      });
    },
    async restoreRest() {
      const job = get().restoreJob;
      if (!job || job.unreadable.length === 0) return;
      const { mode, snapshot, paths, dest, label } = job;
      await get().startRestore({
        mode,
        snapshot,
        paths,
        skipUnreadable: true,
        ...(dest === null ? {} : { dest }),
        ...(label === null ? {} : { label }),
      });
    },
    async cancelRestore() {
      const job = get().restoreJob;
      if (!job || job.state !== 'running') return;
      try {
        await client.call('jobs.cancel', { jobId: job.jobId });
      } catch (err) {
        patchJob(set, job.jobId, { error: toErrorPayload(err) });
      }
    },
    async undoRestore() {
      const undoId = get().restoreJob?.result?.undoId;
      if (!undoId) return;
      set((s) => ({ undo: loading(s.undo) }));
      try {
        set({ undo: ready(await client.call('restore.undo', { undoId })) });
        refreshAfterChange(get);
      } catch (err) {
        set({ undo: failed(toErrorPayload(err)) });
      }
    },
    async showInFolder(path) {
      set((s) => ({ shownInFolder: loading(s.shownInFolder) }));
      try {
        set({ shownInFolder: ready(await client.call('files.showInFolder', { path })) });
      } catch (err) {
        set({ shownInFolder: failed(toErrorPayload(err)) });
      }
    },
    dismissRestore() {
      set({ restoreStart: idle(), restoreJob: null, undo: idle(), shownInFolder: idle() });
    },
  });
