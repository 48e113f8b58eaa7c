import { createHash } from 'node:crypto';

import type { EntryKind } from '../../../shared/schemas/files';
import { foldName } from './search-walk';

/**
 * The name index of one point in time: every entry below the snapshot root (what the search walk
 * would see), grouped by folder. Binary, little-endian:
 *
 *   "KAIRNIDX" · u32 version · u32 body length · sha1(body) (20 bytes) · body
 *   body: u32 header length · header JSON · u32 folders · u32 entries
 *         folders × (u32 parent folder · u32 own entry · u32 first entry · u32 count · 16-byte hash)
 *         entries × u8 kind
 *         u32 length · names, each ended by NUL · u32 length · folded names, each ended by NUL
 *         entries × u32 name offset · (entries + 1) × u32 folded offset
 *
 * Folder 0 is the root (parent and own entry 0xFFFFFFFF); a folder always comes after its parent.
 * The folded names let a search run Buffer.indexOf over one blob; a folder's hash (of its names
 * and kinds) lets a search skip a folder whose names it has already seen at the same place.
 */

const MAGIC = Buffer.from('KAIRNIDX', 'latin1');
const VERSION = 1;
const PREAMBLE = MAGIC.length + 4 + 4 + 20;
const FOLDER_BYTES = 16 + 16;
const NONE = 0xffffffff;
const KINDS: readonly EntryKind[] = ['file', 'dir', 'symlink', 'other'];

/** The Unicode version of this runtime's normalisation tables (foldName depends on them). */
export const UNICODE_TABLES = process.versions.unicode ?? 'unknown';

/** What the index says about the point it was built from (a stale or foreign file is not used). */
export interface IndexHeader {
  snapshot: number;
  /** snapper's date of the snapshot (Unix seconds): a reused number has another date. */
  date: number;
  /** Folders the builder could not read (EACCES/EPERM), left out like the walk leaves them out. */
  unreadable: number;
  /** foldName() depends on the Unicode tables of the runtime; an index folded by others is rebuilt. */
  unicode: string;
}

export interface IndexFolder {
  /** Path below the root, '' for the root, '/a/b' below it. */
  rel: string;
  entries: Array<{ name: string; kind: EntryKind }>;
}

/** A decoded index; names and paths are produced only for entries that match. */
export interface NameIndex {
  header: IndexHeader;
  folderCount: number;
  entryCount: number;
  /**
   * Calls `found` for every entry whose folded name contains `needle` (already folded), folder by
   * folder; `visit` may return false to skip a folder (its rel and hash are given).
   */
  search(
    needle: string,
    found: (rel: string, kind: EntryKind) => void,
    visit?: (rel: string, hash: string) => boolean,
  ): void;
  /** Every folder with its entries (tests, and checks). */
  folders(): IndexFolder[];
}

function folderHash(entries: IndexFolder['entries']): Buffer {
  const hash = createHash('sha1');
  for (const entry of entries) hash.update(`${KINDS.indexOf(entry.kind)}${entry.name}\0`);
  return hash.digest().subarray(0, 16);
}

/** Encodes folders given parents first (the builder's walk order). Names must not hold NUL or '/'. */
export function encodeIndex(header: IndexHeader, folders: readonly IndexFolder[]): Buffer {
  const folderOf = new Map<string, number>();
  const records = Buffer.alloc(folders.length * FOLDER_BYTES);
  const kinds: number[] = [];
  const names: Buffer[] = [];
  const folded: Buffer[] = [];
  const nameOffsets: number[] = [];
  const foldedOffsets: number[] = [];
  const entryOf = new Map<string, number>();
  let namesLength = 0;
  let foldedLength = 0;
  folders.forEach((folder, index) => {
    folderOf.set(folder.rel, index);
    let parent = NONE;
    let own = NONE;
    if (folder.rel !== '') {
      const cut = folder.rel.lastIndexOf('/');
      parent = folderOf.get(folder.rel.slice(0, cut)) ?? NONE;
      own = entryOf.get(folder.rel) ?? NONE;
      if (parent === NONE || own === NONE)
        throw new Error(`index: folder before its parent: ${folder.rel}`);
    } else if (index !== 0) throw new Error('index: the root must come first');
    const at = index * FOLDER_BYTES;
    records.writeUInt32LE(parent, at);
    records.writeUInt32LE(own, at + 4);
    records.writeUInt32LE(kinds.length, at + 8);
    records.writeUInt32LE(folder.entries.length, at + 12);
    folderHash(folder.entries).copy(records, at + 16);
    for (const entry of folder.entries) {
      entryOf.set(`${folder.rel}/${entry.name}`, kinds.length);
      kinds.push(KINDS.indexOf(entry.kind));
      const name = Buffer.from(`${entry.name}\0`, 'utf8');
      const fold = Buffer.from(`${foldName(entry.name)}\0`, 'utf8');
      nameOffsets.push(namesLength);
      foldedOffsets.push(foldedLength);
      names.push(name);
      folded.push(fold);
      namesLength += name.length;
      foldedLength += fold.length;
    }
  });
  foldedOffsets.push(foldedLength);
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const u32 = (value: number): Buffer => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(value);
    return b;
  };
  const u32s = (values: readonly number[]): Buffer => {
    const b = Buffer.alloc(values.length * 4);
    values.forEach((v, i) => b.writeUInt32LE(v, i * 4));
    return b;
  };
  const body = Buffer.concat([
    u32(json.length),
    json,
    u32(folders.length),
    u32(kinds.length),
    records,
    Buffer.from(kinds),
    u32(namesLength),
    ...names,
    u32(foldedLength),
    ...folded,
    u32s(nameOffsets),
    u32s(foldedOffsets),
  ]);
  const preamble = Buffer.alloc(PREAMBLE);
  MAGIC.copy(preamble, 0);
  preamble.writeUInt32LE(VERSION, 8);
  preamble.writeUInt32LE(body.length, 12);
  createHash('sha1').update(body).digest().copy(preamble, 16);
  return Buffer.concat([preamble, body]);
}

class Reader {
  at = 0;
  constructor(private readonly buf: Buffer) {}
  u32(): number {
    const v = this.buf.readUInt32LE(this.at);
    this.at += 4;
    return v;
  }
  take(length: number): number {
    const start = this.at;
    if (length < 0 || start + length > this.buf.length) throw new RangeError('index: truncated');
    this.at += length;
    return start;
  }
}

function parseHeader(text: string): IndexHeader | null {
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null) return null;
  const { snapshot, date, unreadable, unicode } = value as Record<string, unknown>;
  if (
    typeof snapshot !== 'number' ||
    typeof date !== 'number' ||
    typeof unreadable !== 'number' ||
    typeof unicode !== 'string'
  )
    return null;
  return { snapshot, date, unreadable, unicode };
}

/**
 * Decodes an index file; null for anything that is not a complete, intact index of this version.
 * `verified`: this very file (same inode, size and times) passed the checksum before, so it is
 * not hashed again (index files are never written in place, only replaced).
 */
export function decodeIndex(file: Buffer, verified = false): NameIndex | null {
  try {
    if (file.length < PREAMBLE || !file.subarray(0, MAGIC.length).equals(MAGIC)) return null;
    if (file.readUInt32LE(8) !== VERSION || file.readUInt32LE(12) !== file.length - PREAMBLE)
      return null;
    const buf = file.subarray(PREAMBLE);
    if (!verified && !createHash('sha1').update(buf).digest().equals(file.subarray(16, PREAMBLE)))
      return null;
    return parseBody(buf);
  } catch {
    return null;
  }
}

function parseBody(buf: Buffer): NameIndex | null {
  const r = new Reader(buf);
  const jsonAt = r.take(r.u32());
  const header = parseHeader(buf.toString('utf8', jsonAt, r.at));
  if (!header) return null;
  const folderCount = r.u32();
  const entryCount = r.u32();
  const recordsAt = r.take(folderCount * FOLDER_BYTES);
  const kindsAt = r.take(entryCount);
  const namesAt = r.take(r.u32());
  const foldedLength = r.u32();
  const foldedAt = r.take(foldedLength);
  const nameOffsetsAt = r.take(entryCount * 4);
  const foldedOffsetsAt = r.take((entryCount + 1) * 4);
  if (r.at !== buf.length || folderCount === 0) return null;
  const folded = buf.subarray(foldedAt, foldedAt + foldedLength);
  const foldedOffset = (entry: number): number => buf.readUInt32LE(foldedOffsetsAt + entry * 4);
  const kindOf = (entry: number): EntryKind => KINDS[buf[kindsAt + entry] ?? 3] ?? 'other';
  const nameOf = (entry: number): string => {
    const start = namesAt + buf.readUInt32LE(nameOffsetsAt + entry * 4);
    return buf.toString('utf8', start, buf.indexOf(0, start));
  };
  const record = (folder: number, field: number): number =>
    buf.readUInt32LE(recordsAt + folder * FOLDER_BYTES + field * 4);
  const hashOf = (folder: number): string =>
    buf.toString(
      'latin1',
      recordsAt + folder * FOLDER_BYTES + 16,
      recordsAt + (folder + 1) * FOLDER_BYTES,
    );
  if (foldedOffset(entryCount) !== foldedLength) return null;

  /** Paths of all folders, parents first (checked: a broken parent link makes the file unusable). */
  const rels: string[] = new Array<string>(folderCount);
  rels[0] = '';
  for (let f = 1; f < folderCount; f += 1) {
    const parent = record(f, 0);
    const own = record(f, 1);
    if (parent >= f || own >= entryCount) return null;
    rels[f] = `${rels[parent] ?? ''}/${nameOf(own)}`;
  }
  for (let f = 0; f < folderCount; f += 1)
    if (record(f, 2) + record(f, 3) > entryCount) return null;

  /** The entry holding folded byte `pos`, searched among [lo, hi). */
  const entryAt = (pos: number, lo: number, hi: number): number => {
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (foldedOffset(mid) <= pos) lo = mid;
      else hi = mid;
    }
    return lo;
  };

  return {
    header,
    folderCount,
    entryCount,
    search(needle, found, visit) {
      const bytes = Buffer.from(needle, 'utf8');
      for (let f = 0; f < folderCount; f += 1) {
        const count = record(f, 3);
        const rel = rels[f] ?? '';
        if (visit && !visit(rel, hashOf(f))) continue;
        if (count === 0) continue;
        const first = record(f, 2);
        const start = foldedOffset(first);
        // Only this folder's names are scanned (a view, no copy), not the rest of the blob.
        const names = folded.subarray(start, foldedOffset(first + count));
        let pos = names.indexOf(bytes);
        while (pos !== -1) {
          const entry = entryAt(start + pos, first, first + count);
          const next = foldedOffset(entry + 1) - start;
          // A hit must lie inside one name (its NUL end excluded), never across two.
          if (pos + bytes.length < next) found(`${rel}/${nameOf(entry)}`, kindOf(entry));
          // A later hit starting in the same name ends later still: go on with the next name.
          pos = next < names.length ? names.indexOf(bytes, next) : -1;
        }
      }
    },
    folders() {
      const out: IndexFolder[] = [];
      for (let f = 0; f < folderCount; f += 1) {
        const first = record(f, 2);
        const entries = Array.from({ length: record(f, 3) }, (_, i) => ({
          name: nameOf(first + i),
          kind: kindOf(first + i),
        }));
        out.push({ rel: rels[f] ?? '', entries });
      }
      return out;
    },
  };
}
