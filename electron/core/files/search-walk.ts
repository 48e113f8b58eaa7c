import type { Dirent } from 'node:fs';

import type { EntryKind } from '../../../shared/schemas/files';
import { KairnError } from '../errors';
import { joinUnder } from '../paths/path-guard';
import type { FileSystemPort } from '../ports/file-system';
import { hiddenAt } from './context';

const WALK_CONCURRENCY = 16;

/** Case-insensitive, and blind to how accents are encoded (é as one code point or e + accent). */
export function foldName(name: string): string {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(name) ? name.toLowerCase() : name.normalize('NFKD').toLowerCase();
}

interface DirRecord {
  /** ino:mtime_ns:ctime_ns of the folder when its names were read. */
  stamp: string;
  subdirs: string[];
}

export function direntKind(entry: Dirent): EntryKind {
  if (entry.isSymbolicLink()) return 'symlink';
  if (entry.isDirectory()) return 'dir';
  if (entry.isFile()) return 'file';
  return 'other';
}

/**
 * Walks the trees of several points in time, newest first, reporting entries whose name contains
 * the query. A folder whose (ino, mtime, ctime) equals the same folder already read at a newer
 * point has the same names (adding, removing or renaming an entry changes the folder's mtime and
 * ctime; users cannot set ctime; btrfs snapshots keep all three), so it is not read again: its
 * matches were reported already. Its subfolders are still visited, as their contents may differ.
 * Links are never followed; folders that cannot be read are skipped and counted.
 */
export class SearchWalker {
  private readonly records = new Map<string, DirRecord>();
  private readonly needle: string;
  unreadable = 0;
  foldersRead = 0;
  foldersReused = 0;

  constructor(
    private readonly fs: FileSystemPort,
    query: string,
    private readonly signal: AbortSignal,
  ) {
    this.needle = foldName(query);
  }

  /** Walks one tree; `found` gets each matching entry's path relative to `root` ('/a/b'). */
  async walk(root: string, found: (rel: string, kind: EntryKind) => void): Promise<void> {
    const queue: string[] = [''];
    let active = 0;
    await new Promise<void>((resolve, reject) => {
      const pump = (): void => {
        if (this.signal.aborted) {
          reject(new KairnError('cancelled'));
          return;
        }
        while (active < WALK_CONCURRENCY) {
          const rel = queue.pop();
          if (rel === undefined) break;
          active += 1;
          this.visit(root, rel, found).then((subdirs) => {
            active -= 1;
            for (const sub of subdirs) queue.push(`${rel}/${sub}`);
            pump();
          }, reject);
        }
        if (active === 0 && queue.length === 0) resolve();
      };
      pump();
    });
  }

  private async visit(
    root: string,
    rel: string,
    found: (rel: string, kind: EntryKind) => void,
  ): Promise<string[]> {
    const path = joinUnder(root, rel);
    let entries: Dirent[];
    let stamp: string;
    try {
      const st = await this.fs.lstat(path, { bigint: true });
      if (!st.isDirectory()) return [];
      stamp = `${st.ino}:${st.mtimeNs}:${st.ctimeNs}`;
      const known = this.records.get(rel);
      if (known?.stamp === stamp) {
        this.foldersReused += 1;
        return known.subdirs;
      }
      entries = await this.fs.readdir(path, { withFileTypes: true });
    } catch {
      this.unreadable += 1;
      return [];
    }
    this.foldersRead += 1;
    const subdirs: string[] = [];
    for (const entry of entries) {
      if (hiddenAt(rel, entry.name)) continue;
      const kind = direntKind(entry);
      if (foldName(entry.name).includes(this.needle)) found(`${rel}/${entry.name}`, kind);
      if (kind === 'dir') subdirs.push(entry.name);
    }
    this.records.set(rel, { stamp, subdirs });
    return subdirs;
  }
}
