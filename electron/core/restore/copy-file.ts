import { constants } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';

import { KairnError } from '../errors';
import type { FileSystemPort } from '../ports/file-system';

/**
 * Copies one regular file's data to a new path: a reflink clone where the file system allows
 * (instant, shares blocks), a byte copy otherwise. Large and sparse byte copies go in chunks so
 * progress and cancel stay responsive; sparse ones keep their holes.
 */

/** The clone attempt says nothing about this file: the file system (or this pair of them) cannot clone. */
const CLONE_NEVER = new Set(['EXDEV', 'EOPNOTSUPP', 'ENOTSUP', 'ENOSYS', 'ENOTTY']);
/** Clone refused for this file only (e.g. nodatacow vs datacow on btrfs). */
const CLONE_NOT_THIS = new Set(['EINVAL', 'ETXTBSY']);

const SMALL_FILE = 8 * 1024 * 1024;
const CHUNK = 4 * 1024 * 1024;
/** Granularity of holes kept in sparse copies: the usual file system block. */
const HOLE_BLOCK = 4096;

/** Whether cloning is still worth trying for this job's destination. */
export interface CloneState {
  /** Stays true until the destination has shown it cannot clone. */
  possible: boolean;
}

/** Context of one data copy. */
export interface DataCopy {
  fs: FileSystemPort;
  signal: AbortSignal;
  clone: CloneState;
  /** Called with the number of bytes just written. */
  onBytes(bytes: number): void;
}

function errno(err: unknown): string {
  return (err as NodeJS.ErrnoException | null)?.code ?? '';
}

/** Throws the contract's cancelled error if the job was cancelled. */
export function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new KairnError('cancelled');
}

async function unlinkQuiet(fs: FileSystemPort, path: string): Promise<void> {
  await fs.unlink(path).catch(() => undefined);
}

/** Tries a clone; false when the file system said no (then nothing is left at dst). */
async function tryClone(ctx: DataCopy, src: string, dst: string): Promise<boolean> {
  try {
    await ctx.fs.copyFile(src, dst, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE_FORCE);
    return true;
  } catch (err) {
    const code = errno(err);
    if (!CLONE_NEVER.has(code) && !CLONE_NOT_THIS.has(code)) throw err;
    if (CLONE_NEVER.has(code)) ctx.clone.possible = false;
    // dst is our own fresh temp name: whatever the failed attempt left there goes.
    await unlinkQuiet(ctx.fs, dst);
    return false;
  }
}

/** Writes buffer[start, end) at `position` + start, however many calls it takes. */
async function writeAll(
  output: FileHandle,
  buffer: Buffer,
  start: number,
  end: number,
  position: number,
): Promise<void> {
  for (let at = start; at < end;) {
    const { bytesWritten } = await output.write(buffer, at, end - at, position + at);
    at += bytesWritten;
  }
}

let zeroChunk: Buffer | null = null;

function isZero(buffer: Buffer, start: number, end: number): boolean {
  zeroChunk ??= Buffer.alloc(CHUNK);
  return buffer.subarray(start, end).equals(zeroChunk.subarray(0, end - start));
}

/**
 * Writes only the blocks of buffer[0, length) that hold data: all-zero blocks are skipped, so
 * positional writes leave holes there (as `cp --sparse=auto` does; the size is set at the end).
 */
async function writeDataBlocks(
  output: FileHandle,
  buffer: Buffer,
  length: number,
  position: number,
): Promise<void> {
  if (isZero(buffer, 0, length)) return;
  let runStart = -1;
  for (let at = 0; at < length; at += HOLE_BLOCK) {
    const end = Math.min(at + HOLE_BLOCK, length);
    const zero = isZero(buffer, at, end);
    if (!zero && runStart < 0) runStart = at;
    if (zero && runStart >= 0) {
      await writeAll(output, buffer, runStart, at, position);
      runStart = -1;
    }
  }
  if (runStart >= 0) await writeAll(output, buffer, runStart, length, position);
}

/**
 * Byte copy in chunks, checking for cancel between them. With `keepHoles`, zero blocks are not
 * written and the file is truncated to its full length at the end, so a sparse file stays sparse.
 * Large copies are on disk before it returns.
 */
async function copyChunked(
  ctx: DataCopy,
  src: string,
  dst: string,
  size: number,
  keepHoles: boolean,
): Promise<void> {
  const input = await ctx.fs.open(src, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const output = await ctx.fs.open(dst, 'wx', 0o600);
    try {
      // Sparse small files (and inline ones, which look sparse) need no 4 MiB buffer each.
      const chunk = Math.min(
        CHUNK,
        Math.max(HOLE_BLOCK, Math.ceil(size / HOLE_BLOCK) * HOLE_BLOCK),
      );
      const buffer = Buffer.allocUnsafe(chunk);
      let position = 0;
      for (;;) {
        throwIfCancelled(ctx.signal);
        const { bytesRead } = await input.read(buffer, 0, chunk, position);
        if (bytesRead === 0) break;
        if (keepHoles) await writeDataBlocks(output, buffer, bytesRead, position);
        else await writeAll(output, buffer, 0, bytesRead, position);
        position += bytesRead;
        ctx.onBytes(bytesRead);
      }
      // A trailing hole was never written: the length comes from truncate.
      if (keepHoles) await output.truncate(position);
      if (size > SMALL_FILE) await output.datasync();
    } finally {
      await output.close();
    }
  } finally {
    await input.close();
  }
}

/** A file with fewer blocks than its length has holes (or is stored inline: copying it block-wise is right too). */
export function hasHoles(st: { size: number; blocks: number }): boolean {
  return st.blocks * 512 < st.size;
}

/**
 * Copies src's data to the new path dst; returns whether it was cloned. A clone keeps holes by
 * itself; a byte copy of a file with holes (`sparse`) skips them.
 */
export async function copyFileData(
  ctx: DataCopy,
  src: string,
  dst: string,
  st: { size: number; blocks: number },
): Promise<boolean> {
  throwIfCancelled(ctx.signal);
  if (ctx.clone.possible && (await tryClone(ctx, src, dst))) {
    ctx.onBytes(st.size);
    return true;
  }
  if (hasHoles(st)) {
    await copyChunked(ctx, src, dst, st.size, true);
  } else if (st.size <= SMALL_FILE) {
    await ctx.fs.copyFile(src, dst, constants.COPYFILE_EXCL);
    ctx.onBytes(st.size);
  } else {
    await copyChunked(ctx, src, dst, st.size, false);
  }
  return false;
}
