import { posix } from 'node:path';

import { type FilesDeps, snapshotsDirOf } from './context';
import { mapLimit } from './util';

/**
 * The directories of many snapshots at once. Asking snapper for each would cost one D-Bus round
 * trip per snapshot (more than `snapper list` itself for 1 000 snapshots), so the newest one is
 * asked and, when it follows snapper's btrfs layout `<subvolume>/.snapshots/<N>/snapshot`, the
 * others are derived from that layout. The numbers come from a fresh ListSnapshots, so they exist.
 */
export async function snapshotRoots(
  deps: FilesDeps,
  config: string,
  subvolume: string,
  numbers: readonly number[],
  signal?: AbortSignal,
): Promise<string[]> {
  const newest = numbers.at(-1);
  if (newest === undefined) return [];
  const base = snapshotsDirOf(subvolume);
  const layout = (n: number): string => posix.join(base, String(n), 'snapshot');
  const probe = await deps.locator.root(config, newest, signal);
  if (probe === layout(newest)) return numbers.map(layout);
  return mapLimit(numbers, 8, (n) => deps.locator.root(config, n, signal), signal);
}
