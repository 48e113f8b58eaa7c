import type { HomeHistory, Snapshot } from '../../../shared/schemas/snapshots';
import { failed, idle, loading, ready, toErrorPayload, type AsyncState } from './async';
import type { KairnState, SliceCreator } from './types';

export interface SetupOutcome {
  config: string;
  subvolume: string;
}

export interface HistorySlice {
  /** Where the file history lives (snapshots.home). */
  home: AsyncState<HomeHistory>;
  /** Points in time, oldest first. */
  snapshots: AsyncState<Snapshot[]>;
  /** The chosen point in time; 0 = now. */
  point: number;
  setup: AsyncState<SetupOutcome>;
  /** Taking a snapshot or changing "keep" on one. */
  pointAction: AsyncState<Snapshot>;
  loadHome(): Promise<void>;
  loadSnapshots(): Promise<void>;
  selectPoint(snapshot: number): void;
  setupHome(): Promise<void>;
  takeSnapshot(description: string): Promise<void>;
  setKeep(snapshot: number, keep: boolean): Promise<void>;
}

/** The snapper config that holds the user's file history, when it is usable. */
export function selectConfig(s: KairnState): string | null {
  const home = s.home.data;
  if (!home || home.problem !== null || !home.config) return null;
  return home.config.name;
}

/** The user's home folder ("Home" in the breadcrumb). */
export function selectHomePath(s: KairnState): string | null {
  return s.home.data?.home ?? null;
}

/** The snapshot object for the chosen point (null for "now"). */
export function selectPointSnapshot(s: KairnState): Snapshot | null {
  if (s.point === 0) return null;
  return s.snapshots.data?.find((snap) => snap.number === s.point) ?? null;
}

export const createHistorySlice: SliceCreator<HistorySlice> =
  ({ client }) =>
  (set, get) => ({
    home: idle(),
    snapshots: idle(),
    point: 0,
    setup: idle(),
    pointAction: idle(),
    async loadHome() {
      set((s) => ({ home: loading(s.home) }));
      let home: HomeHistory;
      try {
        home = await client.call('snapshots.home', {});
      } catch (err) {
        set((s) => ({ home: failed(toErrorPayload(err), s.home.data) }));
        return;
      }
      set({ home: ready(home) });
      if (selectConfig(get()) === null) return;
      const path = get().folder.path;
      const inside = path === home.home || path.startsWith(`${home.home}/`);
      const pending = get().pendingItem;
      if (pending !== null) get().openItem(pending);
      else get().openFolder(inside ? path : home.home);
      await get().loadSnapshots();
    },
    async loadSnapshots() {
      const config = selectConfig(get());
      if (config === null) return;
      set((s) => ({ snapshots: loading(s.snapshots) }));
      try {
        const list = await client.call('snapshots.list', { config });
        set({ snapshots: ready(list) });
        // The chosen point may have been cleaned up meanwhile: fall back to "now".
        const point = get().point;
        if (point !== 0 && !list.some((snap) => snap.number === point)) get().selectPoint(0);
      } catch (err) {
        set((s) => ({ snapshots: failed(toErrorPayload(err), s.snapshots.data) }));
      }
    },
    selectPoint(snapshot) {
      if (snapshot === get().point) return;
      set({ point: snapshot });
      get().resetChanges();
      get().reloadFolder();
      if (get().selected) get().loadItem();
    },
    async setupHome() {
      set((s) => ({ setup: loading(s.setup) }));
      try {
        const result = await client.call('snapshots.setupHome', {});
        set({ setup: ready(result) });
        await get().loadHome();
      } catch (err) {
        set({ setup: failed(toErrorPayload(err)) });
      }
    },
    async takeSnapshot(description) {
      const config = selectConfig(get());
      if (config === null) return;
      await runPointAction(set, () => client.call('snapshots.create', { config, description }));
      await get().loadSnapshots();
    },
    async setKeep(snapshot, keep) {
      const config = selectConfig(get());
      if (config === null || snapshot === 0) return;
      await runPointAction(set, () => client.call('snapshots.keep', { config, snapshot, keep }));
      await get().loadSnapshots();
    },
  });

type SetState = (partial: (s: KairnState) => Partial<KairnState>) => void;

async function runPointAction(set: SetState, action: () => Promise<Snapshot>): Promise<void> {
  set((s) => ({ pointAction: loading(s.pointAction) }));
  try {
    const snap = await action();
    set(() => ({ pointAction: ready(snap) }));
  } catch (err) {
    set(() => ({ pointAction: failed(toErrorPayload(err)) }));
  }
}
