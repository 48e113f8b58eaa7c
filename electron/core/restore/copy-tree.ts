import type { Stats } from 'node:fs';
import { constants } from 'node:fs';
import { posix } from 'node:path';

import type { SkippedItem } from '../../../shared/schemas/jobs';
import type { FileSystemPort } from '../ports/file-system';
import { type CloneState, copyFileData, throwIfCancelled } from './copy-file';
import { isMissing, readError, reading, writeError, writing } from './io-errors';
import { applyOwnerModeTimes, copyXattrs } from './metadata';

/**
 * The restore engine: copies a file, symlink or whole folder out of a snapshot to a new path,
 * with metadata, on the FileSystemPort. Every source entry is lstat'ed and never followed:
 * symlinks are recreated as symlinks (their targets are never read). Sockets, fifos and devices
 * are left out and named. The destination must not exist; the caller picks a temp name and renames later.
 */

/** Progress as the job reports it. */
export interface CopyProgress {
  done: number;
  total: number;
  bytesDone: number;
  bytesTotal: number;
  current: string | null;
}

/** How an engine reads, writes and reports. */
export interface EngineOptions {
  fs: FileSystemPort;
  signal: AbortSignal;
  /** The process's uid: owners are restored only as root or for the user's own files. */
  uid: number;
  /** Source paths left out (the `.snapshots` folder when the whole home is restored). */
  skip?: ReadonlySet<string>;
  onProgress?(progress: CopyProgress): void;
}

function copyable(st: Stats): boolean {
  return st.isFile() || st.isDirectory() || st.isSymbolicLink();
}

/** A folder's entries: names to copy (sorted), and names that are not valid UTF-8 (shown with U+FFFD). */
interface Listing {
  names: string[];
  unreadableNames: string[];
}

/** Errors of link() after which a separate copy is the next best thing. */
const LINK_REFUSED = new Set(['EMLINK', 'EXDEV', 'EPERM', 'ENOTSUP', 'EOPNOTSUPP']);

/**
 * The identity of a hard-linked file. Size and times go into it too: inode numbers above 2^53
 * lose precision as JS numbers, and two different files must never become one.
 */
function linkKey(st: Stats): string | null {
  if (!st.isFile() || st.nlink < 2) return null;
  return `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
}

/**
 * One engine per job: counts first (for progress, and to find what cannot be read before
 * anything is written), then copies, keeping running totals and naming what it leaves out.
 * Hard links within one copied tree stay hard links.
 */
export class CopyEngine {
  readonly totals = { entries: 0, bytes: 0 };
  readonly stats = { entries: 0, files: 0, bytes: 0, cloned: 0, copied: 0 };
  /** Found while counting: entries the user may not read (with display paths). */
  readonly unreadable: SkippedItem[] = [];
  /** Left out while copying, and why. */
  readonly skipped: SkippedItem[] = [];
  private readonly unreadableSources = new Set<string>();
  private readonly clone: CloneState = { possible: true };
  private current: string | null = null;
  /** Hard-link groups of the tree being counted or copied: key → the first copy's path. */
  private links = new Map<string, string>();

  constructor(private readonly opts: EngineOptions) {}

  /** Walks `src` without following anything and adds it to the totals; `display` names it. */
  async count(src: string, display: string): Promise<void> {
    this.links = new Map();
    await this.countEntry(src, display);
  }

  /** Copies `src` to the not yet existing `dst`; `display` is the path shown in progress. */
  async copy(src: string, dst: string, display: string): Promise<void> {
    this.links = new Map();
    await this.copyEntry(src, dst, display);
  }

  /** True when counting found `src` itself unreadable (it is then never copied). */
  isUnreadable(src: string): boolean {
    return this.unreadableSources.has(src);
  }

  /** True when every copied byte was cloned (nothing was byte-copied). */
  get allCloned(): boolean {
    return this.stats.cloned > 0 && this.stats.copied === 0;
  }

  private async countEntry(src: string, display: string): Promise<void> {
    throwIfCancelled(this.opts.signal);
    const st = await reading(src, () => this.opts.fs.lstat(src));
    if (!copyable(st) || this.opts.skip?.has(src)) return;
    if (!(await this.readable(src, st))) {
      this.unreadable.push({ path: display, why: 'unreadable' });
      this.unreadableSources.add(src);
      return;
    }
    this.totals.entries += 1;
    const key = linkKey(st);
    if (st.isFile() && (key === null || !this.links.has(key))) this.totals.bytes += st.size;
    if (key !== null) this.links.set(key, src);
    if (!st.isDirectory()) return;
    for (const name of (await this.list(src)).names)
      await this.countEntry(posix.join(src, name), posix.join(display, name));
  }

  private async copyEntry(src: string, dst: string, display: string): Promise<void> {
    throwIfCancelled(this.opts.signal);
    const st = await reading(src, () => this.opts.fs.lstat(src));
    if (this.opts.skip?.has(src)) return;
    if (!copyable(st)) {
      this.skipped.push({ path: display, why: 'special-file' });
      return;
    }
    if (this.unreadableSources.has(src)) {
      this.skipped.push({ path: display, why: 'unreadable' });
      return;
    }
    this.current = display;
    if (st.isDirectory()) await this.copyDir(src, dst, st, display);
    else if (st.isSymbolicLink()) await this.copyLink(src, dst, st);
    else await this.copyRegular(src, dst, st);
    this.stats.entries += 1;
    if (!st.isDirectory()) this.stats.files += 1;
    this.report();
  }

  /** Whether the user may read it (folders: list and enter); a symlink is only ever readlink'ed. */
  private async readable(src: string, st: Stats): Promise<boolean> {
    if (st.isSymbolicLink()) return true;
    const mode = st.isDirectory() ? constants.R_OK | constants.X_OK : constants.R_OK;
    return this.opts.fs.access(src, mode).then(
      () => true,
      () => false,
    );
  }

  /**
   * Read as bytes: a name that is not valid UTF-8 would come back with U+FFFD in it, naming no
   * file (lstat says ENOENT) or, worse, another one. Such names are set apart, never looked up.
   */
  private async list(dir: string): Promise<Listing> {
    const raw = await reading(dir, () => this.opts.fs.readdir(dir, { encoding: 'buffer' }));
    const listing: Listing = { names: [], unreadableNames: [] };
    for (const bytes of raw) {
      const name = bytes.toString('utf8');
      if (Buffer.from(name, 'utf8').equals(bytes)) listing.names.push(name);
      else listing.unreadableNames.push(name);
    }
    listing.names.sort();
    listing.unreadableNames.sort();
    return listing;
  }

  private async copyDir(src: string, dst: string, st: Stats, display: string): Promise<void> {
    // Owner-only while filling it, so a read-only folder can still receive its children.
    await writing(dst, () => this.opts.fs.mkdir(dst, { mode: 0o700 }));
    const { names, unreadableNames } = await this.list(src);
    for (const name of unreadableNames)
      this.skipped.push({ path: posix.join(display, name), why: 'name-not-readable' });
    for (const name of names) {
      await this.copyEntry(posix.join(src, name), posix.join(dst, name), posix.join(display, name));
    }
    await this.finish(src, dst, st);
  }

  private async copyLink(src: string, dst: string, st: Stats): Promise<void> {
    const target = await reading(src, () => this.opts.fs.readlink(src));
    await writing(dst, () => this.opts.fs.symlink(target, dst));
    await writing(dst, () => applyOwnerModeTimes(this.opts.fs, dst, st, this.opts.uid));
  }

  private async copyRegular(src: string, dst: string, st: Stats): Promise<void> {
    const key = linkKey(st);
    const first = key === null ? undefined : this.links.get(key);
    if (first !== undefined && (await this.linkTo(first, dst))) return;
    const ctx = {
      fs: this.opts.fs,
      signal: this.opts.signal,
      clone: this.clone,
      onBytes: (n: number) => {
        this.stats.bytes += n;
        this.report();
      },
    };
    const cloned = await this.copyData(ctx, src, dst, st);
    if (cloned) this.stats.cloned += 1;
    else this.stats.copied += 1;
    await this.finish(src, dst, st);
    // Later names of this inode become links to this copy (it has its metadata already).
    if (key !== null) this.links.set(key, dst);
  }

  /** Another name of an inode copied before: link it; false if this file system refuses (then it is copied). */
  private async linkTo(existing: string, dst: string): Promise<boolean> {
    try {
      await this.opts.fs.link(existing, dst);
      return true;
    } catch (err) {
      if (LINK_REFUSED.has((err as NodeJS.ErrnoException | null)?.code ?? '')) return false;
      throw writeError(err, dst);
    }
  }

  /** copyFile touches both sides: an EACCES is the snapshot's if the source is unreadable. */
  private async copyData(
    ctx: Parameters<typeof copyFileData>[0],
    src: string,
    dst: string,
    st: Stats,
  ): Promise<boolean> {
    try {
      return await copyFileData(ctx, src, dst, st);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException | null)?.code;
      const srcReadable =
        code === 'EACCES' || code === 'EPERM'
          ? await this.opts.fs.access(src, constants.R_OK).then(
              () => true,
              () => false,
            )
          : true;
      throw srcReadable ? writeError(err, dst) : readError(err, src);
    }
  }

  private async finish(src: string, dst: string, st: Stats): Promise<void> {
    await writing(dst, () => copyXattrs(this.opts.fs, src, dst, this.opts.uid));
    await writing(dst, () => applyOwnerModeTimes(this.opts.fs, dst, st, this.opts.uid));
  }

  private report(): void {
    this.opts.onProgress?.({
      done: this.stats.entries,
      total: this.totals.entries,
      bytesDone: this.stats.bytes,
      bytesTotal: this.totals.bytes,
      current: this.current,
    });
  }
}

/**
 * Removes a tree we wrote (temp copies, undone restores) without following symlinks; folders
 * are made writable first so read-only copies can go too.
 */
export async function removeTree(fs: FileSystemPort, path: string): Promise<void> {
  let st: Stats;
  try {
    st = await fs.lstat(path);
  } catch (err) {
    if (isMissing(err)) return;
    throw err;
  }
  if (!st.isDirectory()) {
    await fs.unlink(path);
    return;
  }
  await fs.chmod(path, 0o700).catch(() => undefined);
  for (const name of await fs.readdir(path)) await removeTree(fs, posix.join(path, name));
  await fs.rmdir(path);
}
