import type { KairnClient } from '../../../shared/api/client';
import type { KairnErrorPayload } from '../../../shared/api/errors';
import type { DirEntry, EntryKind, SortKey } from '../../../shared/schemas/files';
import { definedAt } from '../../../shared/util/defined';
import { toErrorPayload, type LoadStatus } from './async';
import { selectConfig } from './history-slice';
import { basename, dirname, isInside, joinPath } from './paths';
import type { KairnState, SliceCreator } from './types';

/** Rows fetched per files.list call. */
export const PAGE_SIZE = 200;
/** restore.start takes at most this many paths: "select all" stops there. */
export const MAX_SELECTION = 1000;
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
  /**
   * Every selected item of the folder, in list order. One item: the same as `selected`. Several:
   * `selected` is null and the side panel offers to restore them together.
   */
  selection: SelectedItem[];
  /** An item asked for from outside (`kairn open PATH`), kept until the history is known. */
  pendingItem: string | null;
  /** The side panel tab a newly opened item starts on (its versions, when opened from outside). */
  panelTab: 'versions' | null;
  /** Opens the folder holding `path` with that item selected and its versions shown. */
  openItem(path: string): void;
  clearPanelTab(): void;
  /** Dot names (".config") are shown only when asked, in the list and in "what changed". */
  showHidden: boolean;
  setShowHidden(show: boolean): void;
  openFolder(path: string, revealName?: string): void;
  reloadFolder(): void;
  setSort(key: SortKey): void;
  /** Makes sure the pages covering rows first..last are loaded (the list calls this while scrolling). */
  ensureRange(first: number, last: number): void;
  selectItem(item: SelectedItem | null): void;
  /** Selects these items (several: the panel shows them together; one or none: as selectItem). */
  setSelection(items: SelectedItem[]): void;
  /** Selects every item of the folder (up to MAX_SELECTION), loading the pages it needs. */
  selectAll(): Promise<void>;
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

/** The loaded items of rows `a`..`b` (either order), in list order: what Shift-click selects. */
export function itemsInRange(folder: FolderState, a: number, b: number): SelectedItem[] {
  const items: SelectedItem[] = [];
  for (let i = Math.min(a, b); i <= Math.max(a, b); i++) {
    const entry = entryAt(folder, i);
    if (entry) items.push(itemFromEntry(folder.path, entry));
  }
  return items;
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
    selection: [],
    pendingItem: null,
    panelTab: null,
    openItem(path) {
      const home = get().home.data?.home;
      if (!home || selectConfig(get()) === null) {
        set({ pendingItem: path });
        return;
      }
      set({ pendingItem: null });
      if (path === home || !isInside(home, path)) {
        get().openFolder(home);
        return;
      }
      const name = basename(path);
      set({ panelTab: 'versions' });
      get().openFolder(dirname(path), name);
      // Selected right away, also when it exists only in the past (the folder list then has no row for it).
      get().selectItem({ path, name, kind: 'file', deletedSince: false, size: null, mtime: null });
    },
    clearPanelTab() {
      set({ panelTab: null });
    },
    showHidden: false,
    setShowHidden(show) {
      if (get().showHidden === show) return;
      set({ showHidden: show });
      get().reloadFolder();
    },
    openFolder(path, revealName) {
      // Several selected items belong to the folder they were chosen in.
      if (get().selection.length > 1) set({ selection: [] });
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
      if (item && s.selected?.path === item.path && s.itemKey === `${s.point}|${item.path}`) {
        if (s.selection.length > 1) set({ selection: [item] });
        return;
      }
      set({ selected: item, selection: item ? [item] : [] });
      get().resetItem();
      if (item) get().loadItem();
    },
    setSelection(items) {
      const unique = [...new Map(items.map((item) => [item.path, item])).values()].slice(
        0,
        MAX_SELECTION,
      );
      if (unique.length <= 1) {
        get().selectItem(unique[0] ?? null);
        return;
      }
      set({ selected: null, selection: unique });
      get().resetItem();
    },
    async selectAll() {
      const { folder, point } = get();
      const config = selectConfig(get());
      if (config === null || folder.total === null || folder.total === 0) return;
      const rows = Math.min(folder.total, MAX_SELECTION);
      let pages: DirEntry[][];
      try {
        pages = await Promise.all(
          Array.from({ length: Math.ceil(rows / PAGE_SIZE) }, async (_, page) => {
            const loaded = folder.pages[page];
            if (loaded) return loaded;
            // Read here rather than through the list's page cache: a page in flight there has no promise to wait on.
            const result = await deps.client.call('files.list', {
              config,
              snapshot: point,
              path: folder.path,
              sort: folder.sort,
              descending: folder.descending,
              offset: page * PAGE_SIZE,
              limit: PAGE_SIZE,
            });
            return result.entries;
          }),
        );
      } catch {
        return; // The folder could not be read again: the selection stays as it was.
      }
      if (get().folder.version !== folder.version) return;
      const items = pages
        .flat()
        .slice(0, rows)
        .map((entry) => itemFromEntry(folder.path, entry));
      get().setSelection(items);
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
  const pending = Object.fromEntries(
    Object.entries(folder.pending).filter(([key]) => Number(key) !== page),
  );
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
    const entry = definedAt(rows, at, 'findIndex found it');
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
