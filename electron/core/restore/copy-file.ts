import { constants } from 'node:fs';

import { KairnError } from '../errors';
import type { FileSystemPort } from '../ports/file-system';

/**
 * Copies one regular file's data to a new path: a reflink clone where the file system allows
 * (instant, shares blocks), a byte copy otherwise. Large byte copies go in chunks so progress
 * and cancel stay responsive.
 */

/** The clone attempt says nothing about this file: the file system (or this pair of them) cannot clone. */
const CLONE_NEVER = new Set(['EXDEV', 'EOPNOTSUPP', 'ENOTSUP', 'ENOSYS', 'ENOTTY']);
/** Clone refused for this file only (e.g. nodatacow vs datacow on btrfs). */
const CLONE_NOT_THIS = new Set(['EINVAL', 'ETXTBSY']);

const SMALL_FILE = 8 * 1024 * 1024;
const CHUNK = 4 * 1024 * 1024;

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

/** Byte copy in chunks, checking for cancel between them; the data is on disk before it returns. */
async function copyChunked(ctx: DataCopy, src: string, dst: string): Promise<void> {
  const input = await ctx.fs.open(src, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const output = await ctx.fs.open(dst, 'wx', 0o600);
    try {
      const buffer = Buffer.allocUnsafe(CHUNK);
      for (let position = 0; ; ) {
        throwIfCancelled(ctx.signal);
        const { bytesRead } = await input.read(buffer, 0, CHUNK, position);
        if (bytesRead === 0) break;
        for (let written = 0; written < bytesRead; ) {
          const { bytesWritten } = await output.write(buffer, written, bytesRead - written, position + written);
          written += bytesWritten;
        }
        position += bytesRead;
        ctx.onBytes(bytesRead);
      }
      await output.datasync();
    } finally {
      await output.close();
    }
  } finally {
    await input.close();
  }
}

/** Copies src's data to the new path dst; returns whether it was cloned. */
export async function copyFileData(ctx: DataCopy, src: string, dst: string, size: number): Promise<boolean> {
  throwIfCancelled(ctx.signal);
  if (ctx.clone.possible && (await tryClone(ctx, src, dst))) {
    ctx.onBytes(size);
    return true;
  }
  if (size <= SMALL_FILE) {
    await ctx.fs.copyFile(src, dst, constants.COPYFILE_EXCL);
    ctx.onBytes(size);
  } else {
    await copyChunked(ctx, src, dst);
  }
  return false;
}
