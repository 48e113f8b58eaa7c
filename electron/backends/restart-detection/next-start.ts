import type { RestartEvidence } from '../../core/ports/restart-detection';
import type { RestorePointsPort } from '../../core/ports/restore-points';

/**
 * The next start uses another restore point than the running one: a restart is due. Since
 * when: the date of the point the next start uses. A backend that cannot answer says nothing.
 */
export async function nextStartEvidence(
  points: RestorePointsPort,
  what: string,
  signal?: AbortSignal,
): Promise<RestartEvidence[]> {
  try {
    const boot = await points.boot(signal);
    if (boot.running === null || boot.nextStart === null || boot.running === boot.nextStart)
      return [];
    const next = (await points.list(signal).catch(() => [])).find((p) => p.id === boot.nextStart);
    return [
      {
        reason: 'next-start-differs',
        source: `${what}: running ${boot.running}, next start ${boot.nextStart}`,
        since: next?.date ?? null,
      },
    ];
  } catch {
    return [];
  }
}
