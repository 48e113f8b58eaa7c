import type { StateCreator } from 'zustand/vanilla';

import type { KairnClient } from '../../../shared/api/client';
import type { ChangesSlice } from './changes-slice';
import type { ChecksSlice } from './checks-slice';
import type { EditionsSlice } from './editions-slice';
import type { FolderSlice } from './folder-slice';
import type { HistorySlice } from './history-slice';
import type { ItemSlice } from './item-slice';
import type { JobFeed } from './job-feed';
import type { PickerSlice } from './picker-slice';
import type { RestorePointsSlice } from './restore-points-slice';
import type { RestartSlice } from './restart-slice';
import type { RestoreSlice } from './restore-slice';
import type { SearchSlice } from './search-slice';
import type { StatusSlice } from './status-slice';
import type { UpdatesSlice } from './updates-slice';

/** The whole renderer state: one slice per feature, combined into one store. */
export type KairnState = StatusSlice &
  HistorySlice &
  FolderSlice &
  ItemSlice &
  RestoreSlice &
  SearchSlice &
  ChangesSlice &
  PickerSlice &
  ChecksSlice &
  RestorePointsSlice &
  RestartSlice &
  EditionsSlice &
  UpdatesSlice & {
    /** Stops listening to the core's events (the store is done). */
    dispose(): void;
  };

/** What every slice may use besides set/get. */
export interface SliceDeps {
  client: KairnClient;
  jobs: JobFeed;
}

/** A typed zustand slice with its dependencies injected. */
export type SliceCreator<S> = (deps: SliceDeps) => StateCreator<KairnState, [], [], S>;
