import type { z } from 'zod';

import type {
  Changes,
  FolderList,
  FolderPage,
  ListFolderParams,
  Preview,
  SearchParams,
  TextDiff,
  Versions,
} from '../../../shared/schemas/files';
import type { FilesService } from '../services';
import { listChanges } from './changes';
import type { FilesDeps } from './context';
import { diffItem } from './diff';
import { listFolders } from './folders';
import { fileVersions } from './history';
import { listFolder } from './list';
import { ListingCache } from './listing-cache';
import { previewItem } from './preview';
import { RootDevices } from './root-devices';
import { startSearch } from './search';
import { SearchIndexer } from './search-index-builder';
import { SearchIndexStore } from './search-index-store';

/** "Recover files": browse any folder at any point in time, preview, versions, diff, changes, search. */
export class FilesServiceImpl implements FilesService {
  private readonly cache = new ListingCache();
  private readonly devices = new RootDevices();
  /** Builds and keeps the per-point name indexes that make search fast (state dir). */
  readonly searchIndex: SearchIndexer;

  constructor(private readonly deps: FilesDeps) {
    this.searchIndex = new SearchIndexer(deps, new SearchIndexStore(deps.fs, deps.env.stateDir));
    // Snapshot numbers can be reused after a delete: drop cached snapshot listings on any change.
    deps.snapper.watch((event) => {
      if (event.kind === 'snapshots-changed') this.cache.dropSnapshots(event.config);
      else this.cache.clear();
      this.devices.clear();
    });
  }

  list(params: z.output<typeof ListFolderParams>, signal?: AbortSignal): Promise<FolderPage> {
    // Opening file history (its first folder) starts indexing in the background, ahead of a search.
    if (params.snapshot === 0 && params.offset === 0) this.searchIndex.schedule(params.config);
    return listFolder(this.deps, this.cache, params, signal);
  }

  preview(config: string, snapshot: number, path: string, signal?: AbortSignal): Promise<Preview> {
    return previewItem(this.deps, this.cache, config, snapshot, path, signal);
  }

  versions(config: string, path: string, signal?: AbortSignal): Promise<Versions> {
    return fileVersions(this.deps, this.devices, config, path, signal);
  }

  diff(config: string, snapshot: number, path: string, signal?: AbortSignal): Promise<TextDiff> {
    return diffItem(this.deps, config, snapshot, path, signal);
  }

  changes(config: string, from: number, to: number, signal?: AbortSignal): Promise<Changes> {
    return listChanges(this.deps, config, from, to, signal);
  }

  folders(path: string, signal?: AbortSignal): Promise<FolderList> {
    return listFolders(this.deps, path, signal);
  }

  search(params: z.output<typeof SearchParams>): Promise<string> {
    return startSearch(this.deps, this.searchIndex, params);
  }

  /** Stops the background index builder (a point cut off half way is built again next time). */
  close(): Promise<void> {
    return this.searchIndex.close();
  }
}
