import type { Changes } from '../../../shared/schemas/files';
import { failed, idle, loading, ready, toErrorPayload, type AsyncState } from './async';
import { selectConfig } from './history-slice';
import type { SliceCreator } from './types';

export interface ChangesSlice {
  /** What changed between the chosen point and now. */
  changes: AsyncState<Changes>;
  loadChanges(): Promise<void>;
  resetChanges(): void;
}

export const createChangesSlice: SliceCreator<ChangesSlice> =
  ({ client }) =>
  (set, get) => ({
    changes: idle(),
    async loadChanges() {
      const config = selectConfig(get());
      const from = get().point;
      if (config === null || from === 0) return;
      set((s) => ({ changes: loading(s.changes) }));
      try {
        const result = await client.call('files.changes', { config, from, to: 0 });
        if (get().point === from) set({ changes: ready(result) });
      } catch (err) {
        if (get().point === from) set({ changes: failed(toErrorPayload(err)) });
      }
    },
    resetChanges() {
      set({ changes: idle() });
    },
  });
