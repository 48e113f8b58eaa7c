import type { ListItem } from './order';

/** A folder as read once: entries in directory order plus the sorted orders asked for so far. */
export interface FolderListing {
  /** `ino:mtime_ns:ctime_ns` of the folder when read: any entry added, removed or renamed changes it. */
  stamp: string;
  readAt: number;
  items: ListItem[];
  /** Whether items carry lstat sizes and dates (needed only for size and date sorts). */
  hasStats: boolean;
  /** Ascending orders by sort key; descending pages read them from the end. */
  sorted: Map<string, ListItem[]>;
  names?: Set<string>;
  /** The same folder without hidden (dot) names, made once when asked for. */
  visible?: FolderListing;
}

const MAX_LISTINGS = 16;
/** Bounds memory: a listing of 100 000 entries is roughly 10 MB of JS objects. */
const MAX_ITEMS = 1_000_000;

/** Small LRU of folder listings keyed by (config, snapshot, folder). */
export class ListingCache {
  private readonly entries = new Map<string, FolderListing>();
  private readonly loading = new Map<string, Promise<FolderListing>>();

  /**
   * The cached listing, or one read by `read` — shared by concurrent callers, so a preview and a
   * listing of the same big folder arriving together read it once.
   */
  async load(
    key: string,
    stamp: string,
    read: () => Promise<FolderListing>,
  ): Promise<FolderListing> {
    const cached = this.get(key, stamp);
    if (cached) return cached;
    const inflightKey = `${key}\u0000${stamp}`;
    let pending = this.loading.get(inflightKey);
    if (!pending) {
      pending = read().finally(() => this.loading.delete(inflightKey));
      this.loading.set(inflightKey, pending);
    }
    return pending;
  }

  static key(config: string, snapshot: number, rel: string): string {
    return `${config}\u0000${snapshot}\u0000${rel}`;
  }

  get(key: string, stamp: string): FolderListing | undefined {
    const found = this.entries.get(key);
    if (!found) return undefined;
    this.entries.delete(key);
    if (found.stamp !== stamp) return undefined;
    this.entries.set(key, found);
    return found;
  }

  set(key: string, listing: FolderListing): void {
    this.entries.delete(key);
    this.entries.set(key, listing);
    let items = 0;
    for (const entry of this.entries.values()) items += entry.items.length;
    for (const [oldest, entry] of this.entries) {
      if (this.entries.size <= MAX_LISTINGS && items <= MAX_ITEMS) break;
      if (oldest === key) continue;
      this.entries.delete(oldest);
      items -= entry.items.length;
    }
  }

  /** Snapshot numbers can be reused after a delete (snapper 0.10.4), so a change drops the config's snapshots. */
  dropSnapshots(config: string): void {
    for (const key of [...this.entries.keys()]) {
      if (key.startsWith(`${config}\u0000`) && !key.startsWith(`${config}\u00000\u0000`))
        this.entries.delete(key);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}
