import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';

import type { FileSystemPort } from '../ports/file-system';
import { throwIfAborted } from './util';

/** Never follow a final symlink, never hang on a FIFO someone left in the home. */
const READ_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;
const CHUNK = 1024 * 1024;

/** An open regular file; null when the path is not a regular file (folder, device, FIFO). */
export async function openRegular(
  fs: FileSystemPort,
  path: string,
): Promise<{ handle: FileHandle; size: number } | null> {
  const handle = await fs.open(path, READ_FLAGS);
  try {
    const stats = await handle.stat();
    if (stats.isFile()) return { handle, size: stats.size };
  } catch (err) {
    await handle.close();
    throw err;
  }
  await handle.close();
  return null;
}

/** Up to `max` bytes from the start of the file (positional reads: the handle's offset is not used). */
export async function readHead(
  handle: FileHandle,
  max: number,
  signal?: AbortSignal,
): Promise<Buffer> {
  const buf = Buffer.alloc(max);
  let got = 0;
  while (got < max) {
    throwIfAborted(signal);
    const { bytesRead } = await handle.read(buf, got, Math.min(CHUNK, max - got), got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return buf.subarray(0, got);
}

/** SHA-256 of a regular file, streamed in 1 MB chunks; null when it is not a regular file. */
export async function sha256File(
  fs: FileSystemPort,
  path: string,
  signal?: AbortSignal,
): Promise<string | null> {
  const opened = await openRegular(fs, path);
  if (!opened) return null;
  const hash = createHash('sha256');
  const buf = Buffer.alloc(CHUNK);
  try {
    let position = 0;
    for (;;) {
      throwIfAborted(signal);
      const { bytesRead } = await opened.handle.read(buf, 0, CHUNK, position);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
      position += bytesRead;
    }
  } finally {
    await opened.handle.close();
  }
  return hash.digest('hex');
}
