import type { FileHandle } from 'node:fs/promises';
import { constants, crc32, createInflateRaw } from 'node:zlib';

/**
 * A small, careful reader of a ZIP file's central directory, enough to pull one or two members
 * out of an OpenDocument file. Every size is bounded: the directory, the number of entries, the
 * compressed bytes read and the bytes inflated. ZIP64, encryption and methods other than
 * stored/deflate are refused (OpenDocument files never need them).
 */

const EOCD_SIG = 0x06054b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;
const CENTRAL_SIZE = 46;
const LOCAL_SIZE = 30;

/** An OpenDocument file has a few dozen members; a directory bigger than this is not one we read. */
export const MAX_ENTRIES = 10_000;
export const MAX_DIRECTORY_BYTES = 4 * 1024 * 1024;
/** Compressed bytes read for one member at most (a longer member is read as a prefix). */
export const MAX_COMPRESSED_READ = 8 * 1024 * 1024;
/** Declared expansion beyond this is a zip bomb, not a document. */
export const MAX_RATIO = 1000;

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** The file is not a ZIP we are willing to read; `reason` says why (for tests and logs). */
export class ZipError extends Error {
  constructor(readonly reason: string) {
    super(`zip: ${reason}`);
    this.name = 'ZipError';
  }
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await handle.read(buf, got, length - got, position + got);
    if (bytesRead === 0) throw new ZipError('truncated');
    got += bytesRead;
  }
  return buf;
}

/** Finds the end-of-central-directory record: the last signature whose comment length fits. */
function findEnd(tail: Buffer): number {
  for (let at = tail.length - EOCD_SIZE; at >= 0; at--) {
    if (tail.readUInt32LE(at) !== EOCD_SIG) continue;
    if (at + EOCD_SIZE + tail.readUInt16LE(at + 20) === tail.length) return at;
  }
  throw new ZipError('no-directory');
}

/** The members listed in the central directory of a ZIP file of `size` bytes. */
export async function readDirectory(handle: FileHandle, size: number): Promise<ZipEntry[]> {
  if (size < EOCD_SIZE) throw new ZipError('too-small');
  const tailLength = Math.min(size, EOCD_SIZE + MAX_COMMENT);
  const tailStart = size - tailLength;
  const tail = await readAt(handle, tailStart, tailLength);
  const end = findEnd(tail);
  const count = tail.readUInt16LE(end + 10);
  const dirSize = tail.readUInt32LE(end + 12);
  const dirOffset = tail.readUInt32LE(end + 16);
  if (count === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff)
    throw new ZipError('zip64');
  if (count > MAX_ENTRIES || dirSize > MAX_DIRECTORY_BYTES)
    throw new ZipError('directory-too-large');
  if (dirOffset + dirSize > tailStart + end) throw new ZipError('bad-directory');
  const dir = await readAt(handle, dirOffset, dirSize);
  const entries: ZipEntry[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + CENTRAL_SIZE > dir.length || dir.readUInt32LE(at) !== CENTRAL_SIG)
      throw new ZipError('bad-directory');
    const nameLength = dir.readUInt16LE(at + 28);
    const next =
      at + CENTRAL_SIZE + nameLength + dir.readUInt16LE(at + 30) + dir.readUInt16LE(at + 32);
    if (next > dir.length) throw new ZipError('bad-directory');
    const flags = dir.readUInt16LE(at + 8);
    // Bit 11: the name is UTF-8; otherwise CP437, whose ASCII part is all we ever look up.
    const name = dir.toString(
      flags & 0x800 ? 'utf8' : 'latin1',
      at + CENTRAL_SIZE,
      at + CENTRAL_SIZE + nameLength,
    );
    entries.push({
      name,
      flags,
      method: dir.readUInt16LE(at + 10),
      crc: dir.readUInt32LE(at + 16),
      compressedSize: dir.readUInt32LE(at + 20),
      size: dir.readUInt32LE(at + 24),
      localOffset: dir.readUInt32LE(at + 42),
    });
    at = next;
  }
  return entries;
}

/** Inflates until `limit` bytes came out (then stops); a cut input yields what it holds. */
function inflateBounded(
  compressed: Buffer,
  limit: number,
): Promise<{ data: Buffer; complete: boolean }> {
  return new Promise((resolve, reject) => {
    // SYNC_FLUSH at the end: a prefix of a deflate stream gives its output instead of an error.
    const inflater = createInflateRaw({ finishFlush: constants.Z_SYNC_FLUSH });
    const chunks: Buffer[] = [];
    let total = 0;
    let done = false;
    const finish = (complete: boolean): void => {
      if (done) return;
      done = true;
      const data = Buffer.concat(chunks, total);
      resolve({
        data: data.subarray(0, Math.min(limit, data.length)),
        complete: complete && data.length <= limit,
      });
    };
    inflater.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      total += chunk.length;
      if (total > limit) {
        inflater.destroy();
        finish(false);
      }
    });
    inflater.on('end', () => finish(true));
    inflater.on('error', (err) => {
      if (!done) {
        done = true;
        reject(new ZipError(`inflate: ${err.message}`));
      }
    });
    inflater.end(compressed);
  });
}

/**
 * Up to `limit` bytes of one member. `complete` is true only when the whole member was read and
 * its length and CRC match the directory (so a complete thumbnail is the real one).
 */
export async function readMember(
  handle: FileHandle,
  size: number,
  entry: ZipEntry,
  limit: number,
): Promise<{ data: Buffer; complete: boolean }> {
  if (entry.flags & 0x1) throw new ZipError('encrypted');
  if (entry.method !== 0 && entry.method !== 8) throw new ZipError('method');
  if (entry.size > 0 && entry.size / Math.max(1, entry.compressedSize) > MAX_RATIO)
    throw new ZipError('ratio');
  const local = await readAt(handle, entry.localOffset, LOCAL_SIZE);
  if (local.readUInt32LE(0) !== LOCAL_SIG) throw new ZipError('bad-local-header');
  const dataStart =
    entry.localOffset + LOCAL_SIZE + local.readUInt16LE(26) + local.readUInt16LE(28);
  if (dataStart + entry.compressedSize > size) throw new ZipError('truncated');
  const wantAll = entry.size <= limit;
  // Stored members are read only as far as needed; deflated ones up to the compressed-read cap.
  const toRead =
    entry.method === 0
      ? Math.min(entry.compressedSize, limit)
      : Math.min(entry.compressedSize, MAX_COMPRESSED_READ);
  const raw = await readAt(handle, dataStart, toRead);
  const out =
    entry.method === 0
      ? { data: raw, complete: toRead === entry.compressedSize }
      : await inflateBounded(raw, limit);
  const complete =
    wantAll &&
    out.complete &&
    out.data.length === entry.size &&
    crc32(out.data) >>> 0 === entry.crc;
  return { data: out.data, complete };
}
