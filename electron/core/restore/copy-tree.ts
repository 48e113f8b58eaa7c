import type { Stats } from 'node:fs';
import { constants } from 'node:fs';
import { posix } from 'node:path';

import type { FileSystemPort } from '../ports/file-system';
import { type CloneState, copyFileData, throwIfCancelled } from './copy-file';
import { isMissing, readError, reading, writeError, writing } from './io-errors';
import { applyOwnerModeTimes, copyXattrs } from './metadata';

/**
 * The restore engine: copies a file, symlink or whole folder out of a snapshot to a new path,
 * with metadata, on the FileSystemPort. Every source entry is lstat'ed and never followed:
 * symlinks are recreated as symlinks (their targets are never read). Sockets, fifos and devices
 * are skipped. The destination must not exist; the caller picks a temp name and renames later.
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

/** One engine per job: counts first (for progress), then copies, keeping running totals. */
export class CopyEngine {
  readonly totals = { entries: 0, bytes: 0 };
  readonly stats = { entries: 0, files: 0, bytes: 0, cloned: 0, copied: 0 };
  private readonly clone: CloneState = { possible: true };
  private current: string | null = null;

  constructor(private readonly opts: EngineOptions) {}

  /** Walks `src` without following anything and adds it to the totals. */
  async count(src: string): Promise<void> {
    throwIfCancelled(this.opts.signal);
    const st = await reading(src, () => this.opts.fs.lstat(src));
    if (!copyable(st) || this.opts.skip?.has(src)) return;
    this.totals.entries += 1;
    if (st.isFile()) this.totals.bytes += st.size;
    if (!st.isDirectory()) return;
    for (const name of await this.list(src)) await this.count(posix.join(src, name));
  }

  /** Copies `src` to the not yet existing `dst`; `display` is the path shown in progress. */
  async copy(src: string, dst: string, display: string): Promise<void> {
    throwIfCancelled(this.opts.signal);
    const st = await reading(src, () => this.opts.fs.lstat(src));
    if (!copyable(st) || this.opts.skip?.has(src)) return;
    this.current = display;
    if (st.isDirectory()) await this.copyDir(src, dst, st, display);
    else if (st.isSymbolicLink()) await this.copyLink(src, dst, st);
    else await this.copyRegular(src, dst, st);
    this.stats.entries += 1;
    if (!st.isDirectory()) this.stats.files += 1;
    this.report();
  }

  /** True when every copied byte was cloned (nothing was byte-copied). */
  get allCloned(): boolean {
    return this.stats.cloned > 0 && this.stats.copied === 0;
  }

  private async list(dir: string): Promise<string[]> {
    const names = await reading(dir, () => this.opts.fs.readdir(dir));
    return names.sort();
  }

  private async copyDir(src: string, dst: string, st: Stats, display: string): Promise<void> {
    // Owner-only while filling it, so a read-only folder can still receive its children.
    await writing(dst, () => this.opts.fs.mkdir(dst, { mode: 0o700 }));
    for (const name of await this.list(src)) {
      await this.copy(posix.join(src, name), posix.join(dst, name), posix.join(display, name));
    }
    await this.finish(src, dst, st);
  }

  private async copyLink(src: string, dst: string, st: Stats): Promise<void> {
    const target = await reading(src, () => this.opts.fs.readlink(src));
    await writing(dst, () => this.opts.fs.symlink(target, dst));
    await writing(dst, () => applyOwnerModeTimes(this.opts.fs, dst, st, this.opts.uid));
  }

  private async copyRegular(src: string, dst: string, st: Stats): Promise<void> {
    const ctx = {
      fs: this.opts.fs,
      signal: this.opts.signal,
      clone: this.clone,
      onBytes: (n: number) => {
        this.stats.bytes += n;
        this.report();
      },
    };
    const cloned = await this.copyData(ctx, src, dst, st.size);
    if (cloned) this.stats.cloned += 1;
    else this.stats.copied += 1;
    await this.finish(src, dst, st);
  }

  /** copyFile touches both sides: an EACCES is the snapshot's if the source is unreadable. */
  private async copyData(ctx: Parameters<typeof copyFileData>[0], src: string, dst: string, size: number): Promise<boolean> {
    try {
      return await copyFileData(ctx, src, dst, size);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException | null)?.code;
      const srcReadable = code === 'EACCES' || code === 'EPERM'
        ? await this.opts.fs.access(src, constants.R_OK).then(() => true, () => false)
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
