import type { BigIntStats, Stats } from 'node:fs';

import type { EntryKind } from '../../../shared/schemas/files';
import { KairnError } from '../errors';

/** Throws the contract's `cancelled` when the caller gave up. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new KairnError('cancelled');
}

/**
 * Runs `fn` over `items` with at most `limit` calls in flight, results in input order.
 * File work goes to libuv's small thread pool, so a few dozen in flight is plenty.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
  signal?: AbortSignal,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  // One iterator shared by every worker: each next() hands out the next item exactly once.
  const queue = items.entries();
  const worker = async (): Promise<void> => {
    for (const [index, item] of queue) {
      throwIfAborted(signal);
      out[index] = await fn(item, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** The contract's entry kind for an lstat result (symlinks are never followed). */
export function kindOf(stats: Stats | BigIntStats): EntryKind {
  if (stats.isSymbolicLink()) return 'symlink';
  if (stats.isDirectory()) return 'dir';
  if (stats.isFile()) return 'file';
  return 'other';
}

/** ISO date for a millisecond timestamp, or null when the file system holds a date JS cannot show. */
export function isoFromMs(ms: number): string | null {
  if (!Number.isFinite(ms)) return null;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** ISO date for a nanosecond timestamp from a bigint lstat. */
export function isoFromNs(ns: bigint): string | null {
  return isoFromMs(Number(ns / 1_000_000n));
}

/** snapper's dates are Unix seconds (UTC). */
export function isoFromSeconds(seconds: number): string {
  return isoFromMs(seconds * 1000) ?? new Date(0).toISOString();
}

/** Node's errno code of a thrown fs error, if any. */
export function errnoOf(err: unknown): string | undefined {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
