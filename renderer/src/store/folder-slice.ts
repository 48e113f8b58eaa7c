import type { KairnClient } from '../../../shared/api/client';
import type { KairnErrorPayload } from '../../../shared/api/errors';
import type { DirEntry, EntryKind, SortKey } from '../../../shared/schemas/files';
import { toErrorPayload, type LoadStatus } from './async';
import { selectConfig } from './history-slice';
import { dirname, joinPath } from './paths';
import type { KairnState, SliceCreator } from './types';

/** Rows fetched per files.list call. */
export const PAGE_SIZE = 200;
/** How far we page ahead looking for an item to reveal (search results, changes). */
const REVEAL_PAGE_LIMIT = 10;

export interface FolderState {
  /** Live path of the folder shown (where it is, or was, in the home). */
  path: string;
  sort: SortKey;
  descending: boolean;
  /** Entries in the folder at the chosen point; null until the first page is in. */
  total: number | null;
  pages: Record<number, DirEntry[]>;
  pending: Record<number, true>;
  status: LoadStatus;
  error: KairnErrorPayload | null;
  /** Bumped whenever what is shown changes; late pages of an older view are dropped. */
  version: number;
  /** Name to select once its page is in. */
  revealName: string | null;
  /** Row the list should scroll to (set when a revealed item is found). */
  revealIndex: number | null;
  /** What was shown before a reload of the same folder, kept on screen until the new first page is in. */
  previous: { pages: Record<number, DirEntry[]>; total: number } | null;
}

/** The item the side panel shows; may come from the folder, a search result or the changes list. */
export interface SelectedItem {
  path: string;
  name: string;
  kind: EntryKind;
  deletedSince: boolean;
  size: number | null;
  mtime: string | null;
}

export type RecoverView = 'folder' | 'search' | 'changes';

export interface FolderSlice {
  folder: FolderState;
  view: RecoverView;
  selected: SelectedItem | null;
  /** Dot names (".config") are shown only when asked, in the list and in "what changed". */
  showHidden: boolean;
  setShowHidden(show: boolean): void;
  openFolder(path: string, revealName?: string): void;
  reloadFolder(): void;
  setSort(key: SortKey): void;
  /** Makes sure the pages covering rows first..last are loaded (the list calls this while scrolling). */
  ensureRange(first: number, last: number): void;
  selectItem(item: SelectedItem | null): void;
  setView(view: RecoverView): void;
}

/** The entry at a row, if its page is loaded (or, during a reload, was loaded before). */
export function entryAt(folder: FolderState, index: number): DirEntry | undefined {
  const page = Math.floor(index / PAGE_SIZE);
  const pages = folder.total === null && folder.previous ? folder.previous.pages : folder.pages;
  return pages[page]?.[index % PAGE_SIZE];
}

/** Rows to show: the folder's size, or during a reload the size shown before. */
export function shownTotal(folder: FolderState): number | null {
  return folder.total ?? folder.previous?.total ?? null;
}

/** A folder entry as the side panel's item. */
export function itemFromEntry(folderPath: string, entry: DirEntry): SelectedItem {
  return {
    path: joinPath(folderPath, entry.name),
    name: entry.name,
    kind: entry.kind,
    deletedSince: entry.deletedSince,
    size: entry.size,
    mtime: entry.mtime,
  };
}

function freshFolder(
  prev: FolderState,
  changes: Partial<FolderState>,
  keepShown = false,
): FolderState {
  const shown = prev.total !== null ? { pages: prev.pages, total: prev.total } : prev.previous;
  return {
    ...prev,
    previous: keepShown ? shown : null,
    total: null,
    pages: {},
    pending: {},
    status: 'loading',
    error: null,
    version: prev.version + 1,
    revealName: null,
    revealIndex: null,
    ...changes,
  };
}

type Get = () => KairnState;
type Set = (partial: Partial<KairnState> | ((s: KairnState) => Partial<KairnState>)) => void;

export const createFolderSlice: SliceCreator<FolderSlice> = (deps) => (set, get) => {
  const loadPage = (page: number): void => void fetchPage(deps.client, get, set, page);
  return {
    folder: {
      path: '',
      sort: 'name',
      descending: false,
      total: null,
      pages: {},
      pending: {},
      status: 'idle',
      error: null,
      version: 0,
      revealName: null,
      revealIndex: null,
      previous: null,
    },
    view: 'folder',
    selected: null,
    showHidden: false,
    setShowHidden(show) {
      if (get().showHidden === show) return;
      set({ showHidden: show });
      get().reloadFolder();
    },
    openFolder(path, revealName) {
      // A hidden item asked for (from search or "what changed") is shown, not silently missing.
      if (revealName?.startsWith('.')) set({ showHidden: true });
      set((s) => ({ folder: freshFolder(s.folder, { path, revealName: revealName ?? null }) }));
      loadPage(0);
    },
    reloadFolder() {
      if (!get().folder.path) return;
      const selected = get().selected;
      const revealName =
        selected && dirname(selected.path) === get().folder.path ? selected.name : null;
      set((s) => ({ folder: freshFolder(s.folder, { revealName }, true) }));
      loadPage(0);
    },
    setSort(key) {
      const { sort, descending } = get().folder;
      const nextDescending = sort === key ? !descending : key !== 'name';
      set((s) => ({
        folder: freshFolder(s.folder, { sort: key, descending: nextDescending }, true),
      }));
      loadPage(0);
    },
    ensureRange(first, last) {
      const { total } = get().folder;
      const lastRow = total === null ? first : Math.min(last, total - 1);
      for (
        let page = Math.floor(first / PAGE_SIZE);
        page <= Math.floor(lastRow / PAGE_SIZE);
        page++
      )
        loadPage(page);
    },
    selectItem(item) {
      // The second click of a double-click selects the same item again: nothing to reload.
      const s = get();
      if (item && s.selected?.path === item.path && s.itemKey === `${s.point}|${item.path}`) return;
      set({ selected: item });
      get().resetItem();
      if (item) get().loadItem();
    },
    setView(view) {
      set({ view });
    },
  };
};

async function fetchPage(client: KairnClient, get: Get, set: Set, page: number): Promise<void> {
  const config = selectConfig(get());
  const { folder, point } = get();
  if (config === null || !folder.path || folder.pages[page] || folder.pending[page]) return;
  if (folder.total !== null && page * PAGE_SIZE >= Math.max(folder.total, 1)) return;
  const version = folder.version;
  set((s) => ({ folder: { ...s.folder, pending: { ...s.folder.pending, [page]: true } } }));
  try {
    const result = await client.call('files.list', {
      config,
      snapshot: point,
      path: folder.path,
      sort: folder.sort,
      descending: folder.descending,
      offset: page * PAGE_SIZE,
      limit: PAGE_SIZE,
      showHidden: get().showHidden,
    });
    if (get().folder.version !== version) return;
    set((s) => ({ folder: withPage(s.folder, page, result.entries, result.total) }));
    revealIfPresent(get, set, page);
  } catch (err) {
    if (get().folder.version !== version) return;
    set((s) => ({
      folder: withoutPending(
        { ...s.folder, status: 'error', error: toErrorPayload(err), previous: null },
        page,
      ),
    }));
  }
}

function withoutPending(folder: FolderState, page: number): FolderState {
  const pending: Record<number, true> = {};
  for (const key of Object.keys(folder.pending))
    if (Number(key) !== page) pending[Number(key)] = true;
  return { ...folder, pending };
}

function withPage(
  folder: FolderState,
  page: number,
  entries: DirEntry[],
  total: number,
): FolderState {
  const next = withoutPending(folder, page);
  return {
    ...next,
    pages: { ...next.pages, [page]: entries },
    total,
    status: 'ready',
    error: null,
    previous: null,
  };
}

/** Selects the item a search or the changes list asked for, paging ahead a little to find it. */
function revealIfPresent(get: Get, set: Set, page: number): void {
  const { folder } = get();
  if (folder.revealName === null) return;
  const rows = folder.pages[page] ?? [];
  const at = rows.findIndex((entry) => entry.name === folder.revealName);
  if (at >= 0) {
    const entry = rows[at] as DirEntry;
    set((s) => ({ folder: { ...s.folder, revealName: null, revealIndex: page * PAGE_SIZE + at } }));
    const current = get().selected;
    const item = itemFromEntry(folder.path, entry);
    if (current?.path === item.path) set({ selected: { ...current, ...item } });
    else get().selectItem(item);
    return;
  }
  const morePages = folder.total !== null && (page + 1) * PAGE_SIZE < folder.total;
  if (morePages && page + 1 < REVEAL_PAGE_LIMIT)
    get().ensureRange((page + 1) * PAGE_SIZE, (page + 1) * PAGE_SIZE);
  else set((s) => ({ folder: { ...s.folder, revealName: null } }));
}
