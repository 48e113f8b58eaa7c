import { createStore, type StoreApi } from 'zustand/vanilla';

import type { KairnClient } from '../../../shared/api/client';
import { createChangesSlice } from './changes-slice';
import { createChecksSlice } from './checks-slice';
import { createEditionsSlice } from './editions-slice';
import { createFolderSlice } from './folder-slice';
import { createHistorySlice, selectConfig } from './history-slice';
import { createItemSlice } from './item-slice';
import { createJobFeed } from './job-feed';
import { createPickerSlice } from './picker-slice';
import { createRestorePointsSlice } from './restore-points-slice';
import { createRestartSlice } from './restart-slice';
import { createRestoreSlice } from './restore-slice';
import { createSearchSlice } from './search-slice';
import { createStatusSlice } from './status-slice';
import { createUpdatesSlice } from './updates-slice';
import type { KairnState } from './types';

export type { KairnState } from './types';
export type KairnStore = StoreApi<KairnState>;

/** The renderer's one store: every slice, wired to the client and to the core's events. */
export function createKairnStore(client: KairnClient): KairnStore {
  const jobs = createJobFeed(client);
  const deps = { client, jobs };
  let offSnapshots: () => void = () => {};
  const store = createStore<KairnState>()((...a) => ({
    ...createStatusSlice(deps)(...a),
    ...createHistorySlice(deps)(...a),
    ...createFolderSlice(deps)(...a),
    ...createItemSlice(deps)(...a),
    ...createRestoreSlice(deps)(...a),
    ...createSearchSlice(deps)(...a),
    ...createChangesSlice(deps)(...a),
    ...createPickerSlice(deps)(...a),
    ...createChecksSlice(deps)(...a),
    ...createRestorePointsSlice(deps)(...a),
    ...createRestartSlice(deps)(...a),
    ...createEditionsSlice(deps)(...a),
    ...createUpdatesSlice(deps)(...a),
    dispose() {
      offSnapshots();
      jobs.dispose();
    },
  }));
  // Events invalidate, the store asks again.
  offSnapshots = client.on('snapshots.changed', ({ config }) => {
    if (config === selectConfig(store.getState())) void store.getState().loadSnapshots();
  });
  return store;
}
