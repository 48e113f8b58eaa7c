import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';

import type { FileSystemPort } from '../ports/file-system';
import {
  type IndexFolder,
  type IndexHeader,
  type NameIndex,
  UNICODE_TABLES,
  decodeIndex,
  encodeIndex,
} from './search-index-format';
import { errnoOf } from './util';

/** Temp files older than this are left over from a build that was cut off (any process). */
const STALE_TEMP_MS = 10 * 60_000;
const INDEX_NAME = /^(\d+)-(\d+)\.idx$/;
const TEMP_NAME = /\.idx\.tmp-/;

export type IndexRead =
  { state: 'missing' } | { state: 'broken' } | { state: 'ok'; index: NameIndex };

/** A config name as one file name ('.' and '/' can never escape the index folder). */
function folderName(config: string): string {
  return encodeURIComponent(config).replace(/\./g, '%2E');
}

/**
 * The search indexes on disk: `<stateDir>/search-index/<config>/<snapshot>-<date>.idx`. The date
 * in the name tells a reused snapshot number apart; a file gets its final name only once written
 * completely (temp name + rename), so a half-written index is never read as one.
 */
export class SearchIndexStore {
  /** Index files whose checksum was checked in this process, by path: their stamp then. */
  private readonly verified = new Map<string, string>();

  constructor(
    private readonly fs: FileSystemPort,
    private readonly stateDir: string,
  ) {}

  dirOf(config: string): string {
    return posix.join(this.stateDir, 'search-index', folderName(config));
  }

  fileOf(config: string, snapshot: number, date: number): string {
    return posix.join(this.dirOf(config), `${snapshot}-${date}.idx`);
  }

  async read(config: string, snapshot: number, date: number): Promise<IndexRead> {
    const path = this.fileOf(config, snapshot, date);
    let file: Buffer;
    let stamp: string;
    try {
      // One open file for stat and read, so the stamp is the stamp of the bytes read.
      const handle = await this.fs.open(path, 'r');
      try {
        const st = await handle.stat();
        stamp = `${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
        file = Buffer.allocUnsafe(st.size);
        const { bytesRead } = await handle.read(file, 0, st.size, 0);
        if (bytesRead !== st.size) return { state: 'broken' };
      } finally {
        await handle.close();
      }
    } catch (err) {
      return errnoOf(err) === 'ENOENT' ? { state: 'missing' } : { state: 'broken' };
    }
    const index = decodeIndex(file, this.verified.get(path) === stamp);
    const h = index?.header;
    if (!index || h?.snapshot !== snapshot || h.date !== date || h.unicode !== UNICODE_TABLES) {
      this.verified.delete(path);
      return { state: 'broken' };
    }
    this.verified.set(path, stamp);
    return { state: 'ok', index };
  }

  /** Writes the index under a temp name and renames it into place; returns its size in bytes. */
  async write(
    config: string,
    header: IndexHeader,
    folders: readonly IndexFolder[],
    beforeRename?: () => void,
  ): Promise<number> {
    const data = encodeIndex(header, folders);
    const dir = this.dirOf(config);
    await this.fs.mkdir(dir, { recursive: true, mode: 0o700 });
    const final = this.fileOf(config, header.snapshot, header.date);
    const temp = posix.join(
      dir,
      `.${header.snapshot}-${header.date}.idx.tmp-${process.pid}-${randomBytes(4).toString('hex')}`,
    );
    try {
      await this.fs.writeFile(temp, data, { mode: 0o600 });
      beforeRename?.();
      await this.fs.rename(temp, final);
    } catch (err) {
      await this.fs.rm(temp, { force: true }).catch(() => undefined);
      throw err;
    }
    return data.length;
  }

  /** The snapshot → date pairs that have an index file (its content is checked when read). */
  async built(config: string): Promise<Map<number, number>> {
    const out = new Map<number, number>();
    for (const name of await this.names(config)) {
      const m = INDEX_NAME.exec(name);
      if (m) out.set(Number(m[1]), Number(m[2]));
    }
    return out;
  }

  /** Removes the index of a snapshot (all dates: the snapshot is gone). */
  async drop(config: string, snapshot: number): Promise<void> {
    for (const name of await this.names(config)) {
      if (INDEX_NAME.exec(name)?.[1] === String(snapshot)) await this.remove(config, name);
    }
  }

  async dropFile(config: string, snapshot: number, date: number): Promise<void> {
    await this.remove(config, posix.basename(this.fileOf(config, snapshot, date)));
  }

  /** Removes indexes of snapshots that no longer exist (or were renumbered) and left-over temp files. */
  async sweep(
    config: string,
    existing: ReadonlyMap<number, number>,
    now = Date.now(),
  ): Promise<number> {
    let removed = 0;
    for (const name of await this.names(config)) {
      const m = INDEX_NAME.exec(name);
      if (m) {
        if (existing.get(Number(m[1])) === Number(m[2])) continue;
      } else if (TEMP_NAME.test(name)) {
        const st = await this.fs.lstat(posix.join(this.dirOf(config), name)).catch(() => null);
        if (!st || now - st.mtimeMs < STALE_TEMP_MS) continue;
      } else continue;
      await this.remove(config, name);
      removed += 1;
    }
    return removed;
  }

  /** Bytes the indexes of a config take on disk (for the benchmark and diagnostics). */
  async sizeOf(config: string): Promise<number> {
    let total = 0;
    for (const name of await this.names(config)) {
      const st = await this.fs.lstat(posix.join(this.dirOf(config), name)).catch(() => null);
      total += st ? st.blocks * 512 : 0;
    }
    return total;
  }

  private async names(config: string): Promise<string[]> {
    try {
      return await this.fs.readdir(this.dirOf(config));
    } catch (err) {
      if (errnoOf(err) === 'ENOENT') return [];
      throw err;
    }
  }

  private async remove(config: string, name: string): Promise<void> {
    await this.fs.rm(posix.join(this.dirOf(config), name), { force: true });
  }
}
