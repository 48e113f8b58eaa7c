import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';

import type { EntryKind } from '../../../shared/schemas/files';
import type { FileSystemPort } from '../ports/file-system';
import {
  type FolderObject,
  type IndexFolder,
  type IndexHeader,
  type PointRecord,
  UNICODE_TABLES,
  decodePack,
  decodePoint,
  encodePack,
  encodePoint,
  objectIntact,
  packId,
  treeObjects,
} from './search-index-format';
import { foldName } from './search-walk';
import { errnoOf } from './util';

/** Temp files older than this are left over from a build that was cut off (any process). */
const STALE_TEMP_MS = 10 * 60_000;
const INDEX_NAME = /^(\d+)-(\d+)\.idx$/;
const PACK_NAME = /^pack-[0-9a-f]{40}\.pack$/;
const TEMP_NAME = /\.(idx|pack)\.tmp-/;
/** More packs than this are merged into one (a search then opens a handful of files, not one per point). */
const MAX_PACKS = 16;

/** A folder held in memory, with its names folded once (every query matches against these). */
interface Folder extends FolderObject {
  folded: string[];
}

/** A point's index: its header and root folder, resolved against the config's folders. */
export interface PointIndex {
  header: IndexHeader;
  root: string;
  /** Every folder of the point with its entries, parents first (tests and checks). */
  folders(): IndexFolder[];
}

export type IndexRead =
  { state: 'missing' } | { state: 'broken' } | { state: 'ok'; index: PointIndex };

/** A config name as one file name ('.' and '/' can never escape the index folder). */
function folderName(config: string): string {
  return encodeURIComponent(config).replace(/\./g, '%2E');
}

/** The folders of one config held in memory, the packs they came from and the point files read. */
class ConfigIndex {
  readonly folders = new Map<string, Folder>();
  readonly packs = new Set<string>();
  /** Packs that failed their checks: removed by the next compact (files are never changed in place). */
  readonly brokenPacks = new Set<string>();
  readonly points = new Map<string, PointRecord>();
  /** Folders whose whole subtree is present (only "yes" is remembered: packs only add folders). */
  readonly complete = new Set<string>();

  add(objects: readonly FolderObject[]): void {
    for (const object of objects)
      if (!this.folders.has(object.hash))
        this.folders.set(object.hash, { ...object, folded: object.names.map(foldName) });
  }

  isComplete(hash: string, depth = 0): boolean {
    if (this.complete.has(hash)) return true;
    const folder = this.folders.get(hash);
    if (!folder || depth > 4096) return false;
    for (const child of folder.children)
      if (child !== null && !this.isComplete(child, depth + 1)) return false;
    this.complete.add(hash);
    return true;
  }

  reachable(): Set<string> {
    const out = new Set<string>();
    const stack = [...this.points.values()].map((p) => p.root);
    for (let hash = stack.pop(); hash !== undefined; hash = stack.pop()) {
      if (out.has(hash)) continue;
      const folder = this.folders.get(hash);
      if (!folder) continue;
      out.add(hash);
      for (const child of folder.children) if (child !== null) stack.push(child);
    }
    return out;
  }
}

/**
 * One query over the distinct folders of a config: each folder's names are matched once, however
 * many points share it, and a subtree without a match is never entered.
 */
export class IndexQuery {
  private readonly hits = new Map<string, number[]>();
  private readonly below = new Map<string, boolean>();
  /** Per folder path, the folder last searched there: the same folder holds the same, already reported matches. */
  private readonly searched = new Map<string, string>();

  constructor(
    private readonly index: ConfigIndex,
    private readonly needle: string,
  ) {}

  private hitsOf(folder: Folder): number[] {
    let hits = this.hits.get(folder.hash);
    if (!hits) {
      hits = [];
      folder.folded.forEach((name, i) => {
        if (name.includes(this.needle)) hits?.push(i);
      });
      this.hits.set(folder.hash, hits);
    }
    return hits;
  }

  /** Whether the subtree of `hash` holds any match (remembered per distinct folder). */
  private matchesBelow(hash: string): boolean {
    const known = this.below.get(hash);
    if (known !== undefined) return known;
    const folder = this.index.folders.get(hash);
    let result = false;
    if (folder) {
      result = this.hitsOf(folder).length > 0;
      for (const child of folder.children) {
        if (result) break;
        if (child !== null) result = this.matchesBelow(child);
      }
    }
    this.below.set(hash, result);
    return result;
  }

  /** Reports the matches of one point (a point searched after newer ones: newest first). */
  search(root: string, found: (rel: string, kind: EntryKind) => void): void {
    const stack: Array<[string, string]> = [['', root]];
    for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
      const [rel, hash] = next;
      if (!this.matchesBelow(hash) || this.searched.get(rel) === hash) continue;
      this.searched.set(rel, hash);
      const folder = this.index.folders.get(hash);
      if (!folder) continue;
      for (const i of this.hitsOf(folder))
        found(`${rel}/${folder.names[i] ?? ''}`, folder.kinds[i] ?? 'other');
      folder.children.forEach((child, i) => {
        if (child !== null) stack.push([`${rel}/${folder.names[i] ?? ''}`, child]);
      });
    }
  }
}

/**
 * The search indexes on disk: `<stateDir>/search-index/<config>/` holds one small file per point
 * (`<snapshot>-<date>.idx`: its root folder's hash) and pack files of folders shared by all points
 * (`pack-<sha1>.pack`, named by their content, never changed). Everything is read once per process
 * and kept in memory (points never change once taken); a file gets its final name only once
 * written completely (temp name + rename), so a half-written file is never read.
 */
export class SearchIndexStore {
  private readonly configs = new Map<string, ConfigIndex>();

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

  private indexOf(config: string): ConfigIndex {
    let index = this.configs.get(config);
    if (!index) {
      index = new ConfigIndex();
      this.configs.set(config, index);
    }
    return index;
  }

  /**
   * Brings the config's folders up to date with the packs on disk (new packs are read, a broken
   * one is skipped: points that need it read as broken) and forgets point files that are gone.
   * Returns the snapshot → date pairs that have a point file.
   */
  async load(config: string): Promise<Map<number, number>> {
    const index = this.indexOf(config);
    const names = await this.names(config);
    const present = new Set(names);
    for (const name of index.points.keys()) if (!present.has(name)) index.points.delete(name);
    const fresh = names.filter(
      (n) => PACK_NAME.test(n) && !index.packs.has(n) && !index.brokenPacks.has(n),
    );
    await Promise.all(
      fresh.map(async (name) => {
        const file = await this.readWhole(posix.join(this.dirOf(config), name));
        const objects = file ? decodePack(file) : null;
        if (!file) return;
        if (!objects || `pack-${packId(file)}.pack` !== name || !objects.every(objectIntact)) {
          index.brokenPacks.add(name);
          return;
        }
        index.add(objects);
        index.packs.add(name);
      }),
    );
    return builtOf(names);
  }

  /** The query over the config's folders as last loaded. */
  query(config: string, needle: string): IndexQuery {
    return new IndexQuery(this.indexOf(config), needle);
  }

  /** Reads one point's index (once per process); call load() first for its folders to be known. */
  async read(config: string, snapshot: number, date: number): Promise<IndexRead> {
    const index = this.indexOf(config);
    const name = posix.basename(this.fileOf(config, snapshot, date));
    let record = index.points.get(name);
    if (!record) {
      let file: Buffer | null;
      try {
        file = await this.fs.readFile(this.fileOf(config, snapshot, date));
      } catch (err) {
        return errnoOf(err) === 'ENOENT' ? { state: 'missing' } : { state: 'broken' };
      }
      const decoded = decodePoint(file);
      if (
        decoded?.snapshot !== snapshot ||
        decoded.date !== date ||
        decoded.unicode !== UNICODE_TABLES
      )
        return { state: 'broken' };
      record = decoded;
    }
    if (!index.isComplete(record.root)) {
      index.points.delete(name);
      return { state: 'broken' };
    }
    index.points.set(name, record);
    const { root, ...header } = record;
    return { state: 'ok', index: { header, root, folders: () => foldersOf(index, root) } };
  }

  /**
   * Writes a point's index: a pack with the folders not stored yet, then the point file (each
   * under a temp name, renamed into place). Returns the bytes written.
   */
  async write(
    config: string,
    header: IndexHeader,
    folders: readonly IndexFolder[],
    beforeRename?: () => void,
  ): Promise<number> {
    const index = this.indexOf(config);
    const { root, objects } = treeObjects(folders);
    const fresh = objects.filter((o) => !index.folders.has(o.hash));
    const dir = this.dirOf(config);
    await this.fs.mkdir(dir, { recursive: true, mode: 0o700 });
    let bytes = 0;
    if (fresh.length > 0) bytes += await this.writePack(config, fresh);
    const data = encodePoint({ ...header, root });
    await this.place(config, `${header.snapshot}-${header.date}.idx`, data, beforeRename);
    index.points.set(`${header.snapshot}-${header.date}.idx`, { ...header, root });
    return bytes + data.length;
  }

  private async writePack(config: string, objects: readonly FolderObject[]): Promise<number> {
    const data = encodePack(objects);
    const name = `pack-${packId(data)}.pack`;
    await this.place(config, name, data);
    const index = this.indexOf(config);
    // Same content, same name: a rebuilt pack may replace a damaged file of that name.
    index.brokenPacks.delete(name);
    index.add(objects);
    index.packs.add(name);
    return data.length;
  }

  private async place(
    config: string,
    name: string,
    data: Buffer,
    beforeRename?: () => void,
  ): Promise<void> {
    const dir = this.dirOf(config);
    const temp = posix.join(dir, `.${name}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
    try {
      await this.fs.writeFile(temp, data, { mode: 0o600 });
      beforeRename?.();
      await this.fs.rename(temp, posix.join(dir, name));
    } catch (err) {
      await this.fs.rm(temp, { force: true }).catch(() => undefined);
      throw err;
    }
  }

  /** The snapshot → date pairs that have an index file (its content is checked when read). */
  async built(config: string): Promise<Map<number, number>> {
    return builtOf(await this.names(config));
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

  /**
   * Removes indexes of snapshots that no longer exist (or were renumbered) and left-over temp
   * files, then compacts the packs (see compact()).
   */
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
    await this.compact(config);
    return removed;
  }

  /**
   * Merges the packs into one holding only the folders some point still uses, when there are
   * many packs or many unused folders (deleted points). The merged pack is in place before any
   * old one is removed, so a point is never left without its folders.
   */
  async compact(config: string): Promise<void> {
    const built = await this.load(config);
    for (const [snapshot, date] of built) await this.read(config, snapshot, date);
    const index = this.indexOf(config);
    for (const name of index.brokenPacks) await this.remove(config, name);
    index.brokenPacks.clear();
    const used = index.reachable();
    const unused = index.folders.size - used.size;
    if (index.packs.size <= MAX_PACKS && (unused === 0 || unused * 4 < index.folders.size)) return;
    const old = [...index.packs];
    const keep = [...used].sort().flatMap((hash) => {
      const folder = index.folders.get(hash);
      return folder ? [folder] : [];
    });
    for (const hash of [...index.folders.keys()]) if (!used.has(hash)) index.folders.delete(hash);
    index.packs.clear();
    if (keep.length > 0) await this.writePack(config, keep);
    for (const name of old) if (!index.packs.has(name)) await this.remove(config, name);
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

  private async readWhole(path: string): Promise<Buffer | null> {
    try {
      return await this.fs.readFile(path);
    } catch {
      return null;
    }
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
    this.configs.get(config)?.points.delete(name);
    await this.fs.rm(posix.join(this.dirOf(config), name), { force: true });
  }
}

function builtOf(names: readonly string[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const name of names) {
    const m = INDEX_NAME.exec(name);
    if (m) out.set(Number(m[1]), Number(m[2]));
  }
  return out;
}

/** A point's folders with their entries, parents first (breadth first from the root). */
function foldersOf(index: ConfigIndex, root: string): IndexFolder[] {
  const out: IndexFolder[] = [];
  const queue: Array<[string, string]> = [['', root]];
  for (let at = 0; at < queue.length; at += 1) {
    const [rel, hash] = queue[at] ?? ['', ''];
    const folder = index.folders.get(hash);
    if (!folder) continue;
    out.push({
      rel,
      entries: folder.names.map((name, i) => ({ name, kind: folder.kinds[i] ?? 'other' })),
    });
    folder.children.forEach((child, i) => {
      if (child !== null) queue.push([`${rel}/${folder.names[i] ?? ''}`, child]);
    });
  }
  return out;
}
