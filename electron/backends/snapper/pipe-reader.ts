import { closeSync, createReadStream, fstatSync } from 'node:fs';
import { Socket } from 'node:net';
import type { Readable } from 'node:stream';

import { KairnError } from '../../core/errors';
import type { SnapperChange } from '../../core/ports/snapper';
import { parsePipeLine } from './parse';

export interface PipeReadOptions {
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  /** Called per complete line (newline stripped); return false to stop reading early. */
  onLine(line: Buffer): boolean;
}

/** Why a pipe read ended: EOF, the caller stopped it, or a failure (timeout/abort/error). */
export type PipeReadEnd = 'eof' | 'stopped';

/** The descriptor as a stream: pipes and sockets through libuv (never blocks a pool thread), files through fs. */
function openStream(fd: number): Readable {
  let kind: 'pipe' | 'file';
  try {
    const stat = fstatSync(fd);
    kind = stat.isFIFO() || stat.isSocket() ? 'pipe' : 'file';
  } catch (err) {
    closeSync(fd);
    throw err;
  }
  if (kind === 'pipe')
    return new Socket({ fd, readable: true, writable: false, allowHalfOpen: true });
  return createReadStream('', { fd, autoClose: true, start: 0 });
}

/**
 * Reads newline-separated records from a descriptor snapperd handed us until EOF, a stop, the
 * timeout or an abort. The descriptor is always closed when this settles.
 */
export function readPipeLines(fd: number, options: PipeReadOptions): Promise<PipeReadEnd> {
  const stream = openStream(fd);
  return new Promise<PipeReadEnd>((resolve, reject) => {
    let rest: Buffer = Buffer.alloc(0);
    let settled = false;
    const finish = (end: PipeReadEnd | Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      stream.destroy();
      if (end instanceof Error) reject(end);
      else resolve(end);
    };
    const onAbort = (): void => finish(new Error('aborted'));
    const timer = setTimeout(
      () => finish(new Error(`pipe not finished after ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    options.signal?.addEventListener('abort', onAbort, { once: true });
    stream.on('data', (chunk: Buffer) => {
      let data = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
      let newline = data.indexOf(0x0a);
      while (newline >= 0 && !settled) {
        if (!options.onLine(data.subarray(0, newline))) {
          finish('stopped');
          return;
        }
        data = data.subarray(newline + 1);
        newline = data.indexOf(0x0a);
      }
      rest = Buffer.from(data);
    });
    stream.once('end', () => {
      if (rest.length > 0 && !settled && !options.onLine(rest)) finish('stopped');
      else finish('eof');
    });
    stream.once('error', (err) => finish(err));
  });
}

/** The GetFilesByPipe stream → up to `limit` changes; `truncated` when more lines followed. */
export async function readChanges(
  fd: number,
  options: { timeoutMs: number; signal?: AbortSignal | undefined; limit: number },
): Promise<{ changes: SnapperChange[]; truncated: boolean }> {
  const changes: SnapperChange[] = [];
  let truncated = false;
  const onLine = (line: Buffer): boolean => {
    const change = parsePipeLine(line);
    if (!change) return true;
    if (changes.length >= options.limit) {
      truncated = true;
      return false;
    }
    changes.push(change);
    return true;
  };
  try {
    await readPipeLines(fd, { timeoutMs: options.timeoutMs, signal: options.signal, onLine });
  } catch (err) {
    if (options.signal?.aborted) throw new KairnError('cancelled');
    const detail = `reading GetFilesByPipe: ${err instanceof Error ? err.message : String(err)}`;
    throw new KairnError('backend-failed', { reason: 'timeout', detail, cause: err });
  }
  return { changes, truncated };
}
