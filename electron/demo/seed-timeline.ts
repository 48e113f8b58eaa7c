import type { SeedEntry, SeedTree } from './seed-tree';

// Shared pieces of the seeded histories: planned snapshots, file histories, the tree at a moment.

/** One planned snapshot of a seeded history. */
export interface PlannedSnapshot {
  /** Unix seconds. */
  date: number;
  description: string;
  cleanup: string;
  userdata: Record<string, string>;
}

/** A history: when snapshots were taken, and what the tree looked like at any moment. */
export interface SeedTimeline {
  snapshots: PlannedSnapshot[];
  treeAt(seconds: number): SeedTree;
}

export interface Version {
  /** Seconds before "now". */
  ago: number;
  data: Buffer | string;
}

export interface History {
  path: string;
  versions: Version[];
  deletedAgo?: number;
  symlink?: string;
}

export const HOUR = 3600;
export const DAY = 24 * HOUR;

/** Tree of a set of histories at a moment. */
export function treeOf(histories: History[], now: number, at: number): SeedTree {
  const tree: SeedTree = new Map();
  for (const history of histories) {
    if (history.deletedAgo !== undefined && now - history.deletedAgo <= at) continue;
    const current = history.versions.filter((v) => now - v.ago <= at).at(-1);
    if (!current) continue;
    const entry: SeedEntry = history.symlink
      ? { kind: 'symlink', target: history.symlink }
      : {
          kind: 'file',
          data: Buffer.isBuffer(current.data) ? current.data : Buffer.from(current.data),
          mtime: Math.floor(now - current.ago),
        };
    tree.set(history.path, entry);
  }
  return tree;
}
