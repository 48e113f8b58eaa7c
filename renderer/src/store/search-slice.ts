import type { KairnErrorPayload } from '../../../shared/api/errors';
import type { SearchMatch } from '../../../shared/schemas/files';
import type { JobStarted, JobState } from '../../../shared/schemas/jobs';
import { failed, idle, loading, ready, toErrorPayload, type AsyncState } from './async';
import { selectConfig } from './history-slice';
import { basename, dirname, toLivePath } from './paths';
import type { KairnState, SliceCreator } from './types';

/** More matches than this are not kept (the user should type more of the name). */
export const MAX_MATCHES = 2000;

export interface SearchState {
  query: string;
  jobId: string | null;
  state: JobState | null;
  matches: SearchMatch[];
  /** Points in time searched so far, of how many. */
  progress: { done: number; total: number | null } | null;
  error: KairnErrorPayload | null;
  /** More matches arrived than are kept. */
  capped: boolean;
}

export interface SearchSlice {
  search: SearchState;
  searchStart: AsyncState<JobStarted>;
  startSearch(query: string): Promise<void>;
  cancelSearch(): Promise<void>;
  closeSearch(): void;
  /** Jumps the timeline to the match's point in time and the browser to its folder, with it selected. */
  chooseMatch(match: SearchMatch): void;
}

const EMPTY: SearchState = {
  query: '',
  jobId: null,
  state: null,
  matches: [],
  progress: null,
  error: null,
  capped: false,
};

type Set = (partial: Partial<KairnState> | ((s: KairnState) => Partial<KairnState>)) => void;

function patchSearch(
  set: Set,
  jobId: string,
  patch: (s: SearchState) => Partial<SearchState>,
): void {
  set((s) => (s.search.jobId === jobId ? { search: { ...s.search, ...patch(s.search) } } : {}));
}

/** Adds matches, one row per path, keeping the newest point in time that has it. */
export function mergeMatches(
  current: SearchMatch[],
  incoming: SearchMatch[],
): { matches: SearchMatch[]; capped: boolean } {
  const byPath = new Map(current.map((m) => [m.path, m]));
  let capped = false;
  for (const match of incoming) {
    const known = byPath.get(match.path);
    if (known && known.date >= match.date) continue;
    if (!known && byPath.size >= MAX_MATCHES) {
      capped = true;
      continue;
    }
    byPath.set(match.path, match);
  }
  return { matches: [...byPath.values()], capped };
}

export const createSearchSlice: SliceCreator<SearchSlice> =
  ({ client, jobs }) =>
  (set, get) => ({
    search: EMPTY,
    searchStart: idle(),
    async startSearch(query) {
      const config = selectConfig(get());
      const trimmed = query.trim();
      if (config === null || trimmed === '') return;
      await get().cancelSearch();
      set((s) => ({
        search: { ...EMPTY, query: trimmed },
        searchStart: loading(s.searchStart),
        view: 'search',
      }));
      let jobId: string;
      try {
        ({ jobId } = await client.call('files.search', { config, query: trimmed }));
      } catch (err) {
        set({ searchStart: failed(toErrorPayload(err)) });
        return;
      }
      if (get().search.query !== trimmed || get().search.jobId !== null) {
        void client.call('jobs.cancel', { jobId }).catch(() => {}); // Superseded by a newer search.
        return;
      }
      set((s) => ({
        searchStart: ready({ jobId }),
        search: { ...s.search, jobId, state: 'running' },
      }));
      jobs.watch(jobId, {
        progress: (p) =>
          patchSearch(set, jobId, () => ({ progress: { done: p.done, total: p.total } })),
        found: (found) =>
          patchSearch(set, jobId, (s) => {
            const merged = mergeMatches(s.matches, found);
            return { matches: merged.matches, capped: s.capped || merged.capped };
          }),
        finished: (f) =>
          patchSearch(set, jobId, () => ({
            state: f.state,
            error: f.error,
          })),
        lost: (error) => patchSearch(set, jobId, () => ({ state: 'failed', error })),
      });
    },
    async cancelSearch() {
      const { jobId, state } = get().search;
      if (jobId === null || state !== 'running') return;
      try {
        await client.call('jobs.cancel', { jobId });
      } catch (err) {
        patchSearch(set, jobId, () => ({ error: toErrorPayload(err) }));
      }
    },
    closeSearch() {
      void get().cancelSearch(); // Stopping is best effort; the results are dropped either way.
      set({ search: EMPTY, searchStart: idle(), view: 'folder' });
    },
    chooseMatch(match) {
      const s = get();
      const home = s.home.data;
      if (!home) return;
      const path = toLivePath(match.path, home.home, home.config?.subvolume ?? null);
      // Snapshot 0 would be "now"; otherwise the newest point that still has the file.
      set({ point: match.snapshot, view: 'folder' });
      get().resetChanges();
      get().selectItem({
        path,
        name: basename(path),
        kind: match.kind,
        deletedSince: match.deletedSince,
        size: null,
        mtime: null,
      });
      get().openFolder(dirname(path), basename(path));
    },
  });
