import type { RestorePointsPort } from '../../core/ports/restore-points';
import type { SystemUpdateRecord } from '../../core/ports/updates';

/** Why Kairn cannot check or prepare on openSUSE's transactional systems (reference §2.1, §2.7). */
export const SUSE_UPDATES_DETAIL =
  'transactional-update runs as root (transactional-update.timer, daily); tukitd allows its ' +
  'Transaction interface to root only and has no polkit, so Kairn cannot start an update. ' +
  'An administrator can run: sudo transactional-update up';

/**
 * The last update transactional-update made: its newest "Snapshot Update of #N" snapshot
 * (a failed run deletes its snapshot, so one that is there finished).
 */
export async function lastSuseUpdate(
  points: RestorePointsPort,
  signal?: AbortSignal,
): Promise<SystemUpdateRecord | null> {
  const list = await points.list(signal).catch(() => []);
  const newest = list.filter((p) => p.kind === 'update').at(-1);
  if (!newest) return null;
  return {
    at: newest.date,
    outcome: 'succeeded',
    version: newest.version,
    detail: `snapshot ${newest.id}: ${newest.description}`,
  };
}
