import type { Preview, TextDiff, Versions } from '../../../shared/schemas/files';
import { failed, idle, loading, ready, toErrorPayload, type AsyncState } from './async';
import { selectConfig } from './history-slice';
import type { KairnState, SliceCreator } from './types';

export interface ItemSlice {
  preview: AsyncState<Preview>;
  versions: AsyncState<Versions>;
  diff: AsyncState<TextDiff>;
  /** `${point}|${path}` of what the three values above describe. */
  itemKey: string;
  /** Loads preview and (for files) the versions of the selected item at the chosen point. */
  loadItem(): void;
  /** Loads the line diff of the selected text file at the chosen point against now. */
  loadDiff(): Promise<void>;
  resetItem(): void;
}

function keyOf(s: KairnState): string {
  return `${s.point}|${s.selected?.path ?? ''}`;
}

type Set = (partial: Partial<KairnState> | ((s: KairnState) => Partial<KairnState>)) => void;

interface Field<T> {
  read: (s: KairnState) => AsyncState<T>;
  write: (value: AsyncState<T>) => Partial<KairnState>;
}

const PREVIEW: Field<Preview> = { read: (s) => s.preview, write: (preview) => ({ preview }) };
const VERSIONS: Field<Versions> = { read: (s) => s.versions, write: (versions) => ({ versions }) };
const DIFF: Field<TextDiff> = { read: (s) => s.diff, write: (diff) => ({ diff }) };

/** Runs one item query and stores it only if the selection did not move on meanwhile. */
async function track<T>(
  get: () => KairnState,
  set: Set,
  field: Field<T>,
  run: () => Promise<T>,
): Promise<void> {
  const key = keyOf(get());
  set((s) => field.write(loading(field.read(s))));
  try {
    const data = await run();
    if (keyOf(get()) === key) set(field.write(ready(data)));
  } catch (err) {
    if (keyOf(get()) === key) set(field.write(failed(toErrorPayload(err))));
  }
}

export const createItemSlice: SliceCreator<ItemSlice> =
  ({ client }) =>
  (set, get) => ({
    preview: idle(),
    versions: idle(),
    diff: idle(),
    itemKey: '',
    loadItem() {
      const s = get();
      const config = selectConfig(s);
      const item = s.selected;
      if (config === null || !item) return;
      const sameItem = s.itemKey.endsWith(`|${item.path}`);
      set({
        itemKey: keyOf(s),
        preview: idle(),
        diff: idle(),
        ...(sameItem ? {} : { versions: idle() }),
      });
      const ref = { config, snapshot: s.point, path: item.path };
      void track(get, set, PREVIEW, () => client.call('files.preview', ref));
      // Versions do not depend on the point in time: keep them when only the point changed.
      if (item.kind !== 'dir' && (!sameItem || get().versions.status !== 'ready')) {
        void track(get, set, VERSIONS, () =>
          client.call('files.versions', { config, path: item.path }),
        );
      }
    },
    async loadDiff() {
      const s = get();
      const config = selectConfig(s);
      if (config === null || !s.selected || s.point === 0) return;
      const ref = { config, snapshot: s.point, path: s.selected.path };
      await track(get, set, DIFF, () => client.call('files.diff', ref));
    },
    resetItem() {
      set({ preview: idle(), versions: idle(), diff: idle(), itemKey: '' });
    },
  });
