import { createHash } from 'node:crypto';

import { z } from 'zod';

import type { EntryKind } from '../../../shared/schemas/files';

/**
 * The search index, content-addressed like git's trees: points in time are nearly identical, so
 * each distinct folder (its names, kinds and, for subfolders, their hashes) is stored once, in
 * pack files shared by every point, and a point's index is just the hash of its root folder.
 * Unchanged subtrees are shared between points, and a search matches every distinct name once.
 *
 * Pack file, little-endian: "KAIRNPAK" · u32 version · u32 body length · sha1(body) · body
 *   body: u32 folders · folders × (16-byte hash · u32 entries · entries × (u8 kind · u16 name
 *   length · name (UTF-8) · for a folder entry: 16-byte hash of that folder))
 * Point file: "KAIRNIDX" · u32 version · u32 body length · sha1(body) · body = header JSON.
 */

const PACK_MAGIC = Buffer.from('KAIRNPAK', 'latin1');
const POINT_MAGIC = Buffer.from('KAIRNIDX', 'latin1');
const PACK_VERSION = 1;
const POINT_VERSION = 2;
const PREAMBLE = 8 + 4 + 4 + 20;
export const HASH_BYTES = 16;
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

/** A point's index file: its header and the hash of its root folder (hex). */
export interface PointRecord extends IndexHeader {
  root: string;
}

/** One folder of a tree as the builder read it: path below the root ('' for the root, '/a/b'). */
export interface IndexFolder {
  rel: string;
  entries: Array<{ name: string; kind: EntryKind }>;
}

/** One distinct folder. `children[i]` is the hash of entry i's folder (null for other kinds). */
export interface FolderObject {
  hash: string;
  names: string[];
  kinds: EntryKind[];
  children: Array<string | null>;
}

function framed(magic: Buffer, version: number, body: Buffer): Buffer {
  const preamble = Buffer.alloc(PREAMBLE);
  magic.copy(preamble, 0);
  preamble.writeUInt32LE(version, 8);
  preamble.writeUInt32LE(body.length, 12);
  createHash('sha1').update(body).digest().copy(preamble, 16);
  return Buffer.concat([preamble, body]);
}

/** The body of an intact frame of this magic and version, or null. */
function unframe(file: Buffer, magic: Buffer, version: number, verify: boolean): Buffer | null {
  if (file.length < PREAMBLE || !file.subarray(0, magic.length).equals(magic)) return null;
  if (file.readUInt32LE(8) !== version || file.readUInt32LE(12) !== file.length - PREAMBLE)
    return null;
  const body = file.subarray(PREAMBLE);
  if (verify && !createHash('sha1').update(body).digest().equals(file.subarray(16, PREAMBLE)))
    return null;
  return body;
}

/** The hash of a pack file's body, which names it (so a pack is never changed in place). */
export function packId(file: Buffer): string {
  return file.subarray(16, PREAMBLE).toString('hex');
}

function hashOf(
  names: readonly string[],
  kinds: readonly EntryKind[],
  children: ReadonlyArray<string | null>,
): string {
  const hash = createHash('sha1');
  names.forEach((name, i) => {
    hash.update(`${KINDS.indexOf(kinds[i] ?? 'other')}${name}\0`);
    const child = children[i];
    if (child) hash.update(Buffer.from(child, 'hex'));
  });
  return hash.digest().subarray(0, HASH_BYTES).toString('hex');
}

/**
 * Turns one tree (folders given parents first, as the builder reads them) into folder objects;
 * returns them children first and the root's hash. Names must not hold NUL or '/'.
 */
export function treeObjects(folders: readonly IndexFolder[]): {
  root: string;
  objects: FolderObject[];
} {
  if (folders[0]?.rel !== '') throw new Error('index: the root must come first');
  const empty = hashOf([], [], []);
  const hashes = new Map<string, string>();
  const objects: FolderObject[] = [];
  let usedEmpty = false;
  for (let i = folders.length - 1; i >= 0; i -= 1) {
    const folder = folders[i];
    if (!folder) continue;
    const names = folder.entries.map((e) => e.name);
    const kinds = folder.entries.map((e) => e.kind);
    const children: Array<string | null> = [];
    for (const e of folder.entries) {
      const child = e.kind === 'dir' ? hashes.get(`${folder.rel}/${e.name}`) : null;
      // A folder entry the builder did not list is indexed as empty (as the walk finds nothing there).
      if (child === undefined) usedEmpty = true;
      children.push(child ?? (e.kind === 'dir' ? empty : null));
    }
    const hash = hashOf(names, kinds, children);
    hashes.set(folder.rel, hash);
    objects.push({ hash, names, kinds, children });
  }
  if (usedEmpty) objects.unshift({ hash: empty, names: [], kinds: [], children: [] });
  return { root: hashes.get('') ?? empty, objects };
}

/** Recomputes an object's hash from its content (a pack's checksum covers the bytes, this the meaning). */
export function objectIntact(object: FolderObject): boolean {
  return hashOf(object.names, object.kinds, object.children) === object.hash;
}

export function encodePack(objects: readonly FolderObject[]): Buffer {
  const parts: Buffer[] = [];
  const count = Buffer.alloc(4);
  count.writeUInt32LE(objects.length);
  parts.push(count);
  for (const object of objects) {
    const head = Buffer.alloc(HASH_BYTES + 4);
    Buffer.from(object.hash, 'hex').copy(head, 0);
    head.writeUInt32LE(object.names.length, HASH_BYTES);
    parts.push(head);
    object.names.forEach((name, i) => {
      const bytes = Buffer.from(name, 'utf8');
      const kind = Math.max(0, KINDS.indexOf(object.kinds[i] ?? 'other'));
      const entry = Buffer.alloc(3);
      entry.writeUInt8(kind, 0);
      entry.writeUInt16LE(bytes.length, 1);
      parts.push(entry, bytes);
      const child = object.children[i];
      if (kind === 1) parts.push(child ? Buffer.from(child, 'hex') : Buffer.alloc(HASH_BYTES));
    });
  }
  return framed(PACK_MAGIC, PACK_VERSION, Buffer.concat(parts));
}

/** The folders of a pack; null for anything that is not a complete, intact pack of this version. */
export function decodePack(file: Buffer): FolderObject[] | null {
  try {
    const body = unframe(file, PACK_MAGIC, PACK_VERSION, true);
    if (!body) return null;
    let at = 0;
    const need = (n: number): number => {
      const start = at;
      if (at + n > body.length) throw new RangeError('pack: truncated');
      at += n;
      return start;
    };
    const count = body.readUInt32LE(need(4));
    const out: FolderObject[] = [];
    for (let o = 0; o < count; o += 1) {
      const hashAt = need(HASH_BYTES);
      const hash = body.toString('hex', hashAt, hashAt + HASH_BYTES);
      const entries = body.readUInt32LE(need(4));
      const object: FolderObject = { hash, names: [], kinds: [], children: [] };
      for (let e = 0; e < entries; e += 1) {
        const kind = KINDS[body.readUInt8(need(1))];
        const length = body.readUInt16LE(need(2));
        const nameAt = need(length);
        if (!kind) return null;
        object.names.push(body.toString('utf8', nameAt, nameAt + length));
        object.kinds.push(kind);
        if (kind === 'dir') {
          const childAt = need(HASH_BYTES);
          object.children.push(body.toString('hex', childAt, childAt + HASH_BYTES));
        } else object.children.push(null);
      }
      out.push(object);
    }
    return at === body.length ? out : null;
  } catch {
    return null;
  }
}

const PointSchema = z.object({
  snapshot: z.number().int(),
  date: z.number(),
  unreadable: z.number().int().nonnegative(),
  unicode: z.string(),
  root: z.string().regex(/^[0-9a-f]{32}$/),
});

export function encodePoint(record: PointRecord): Buffer {
  return framed(POINT_MAGIC, POINT_VERSION, Buffer.from(JSON.stringify(record), 'utf8'));
}

/** A point file's record; null for anything that is not a complete, intact one of this version. */
export function decodePoint(file: Buffer): PointRecord | null {
  try {
    const body = unframe(file, POINT_MAGIC, POINT_VERSION, true);
    if (!body) return null;
    const parsed = PointSchema.safeParse(JSON.parse(body.toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
