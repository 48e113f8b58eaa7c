import type { RestorePoint, RestorePointList } from '../../../shared/schemas/restore-points';
import { KairnError } from '../errors';
import type { JobRunner } from '../jobs/job-runner';
import type { RestorePointsService } from '../services';
import { say, type Check } from './types';

/** What the check needs from the restore-points area: the list and its go-back job. */
export type RestorePointsReader = Pick<RestorePointsService, 'list' | 'rollback'>;

function describe(point: RestorePoint | undefined, role: string): string {
  if (!point) return `${role}: unknown`;
  return `${role}: ${point.id}, ${point.date}${point.version ? `, version ${point.version}` : ''} (${point.title})`;
}

/**
 * Started from an older restore point: the system runs an older point than it would start by
 * default (the newer one failed to start, or someone chose it in the boot menu). The one safe
 * fix is to go back to the point that runs now, the one from before the update, through the
 * restore-points job: the next start then stays on what works, and it can be undone there.
 * Not listed where the system has no restore points at all.
 */
export function startedFromOlderCheck(points: RestorePointsReader, jobs: JobRunner): Check {
  let listed: Promise<RestorePointList> | undefined;
  const list = (signal: AbortSignal) => (listed ??= points.list(signal));
  return {
    id: 'started-older',
    async applies(signal) {
      const l = await list(signal);
      return l.list.available || l.list.reason !== 'restore-points-none';
    },
    async run(signal) {
      const l = await list(signal);
      if (!l.list.available)
        return {
          state: 'unknown',
          words: say('started-older.unreadable'),
          details: [`restore points: ${l.list.reason ?? '?'} ${l.list.detail ?? ''}`.trim()],
        };
      const running = l.points.find((p) => p.running);
      const next = l.points.find((p) => p.nextStart);
      const details = [
        `family: ${l.family}`,
        describe(running, 'running'),
        describe(next, 'next start'),
        `started from an older point: ${String(l.startedFromOlder)}`,
      ];
      if (!l.startedFromOlder || !running)
        return { state: 'ok', words: say('started-older.ok'), details };
      // The family may go back in general yet not to this point (an image-based system).
      const fixable = l.goBack.available && running.goBackBlocked === null;
      details.push(
        `going back: ${l.goBack.available ? 'available' : `not available (${l.goBack.reason ?? '?'})`}`,
      );
      if (running.goBackBlocked !== null)
        details.push(`going back to the running point: blocked (${running.goBackBlocked})`);
      const at = { at: running.date };
      return fixable
        ? { state: 'attention', words: say('started-older.older', at), details, fix: 'go-back' }
        : { state: 'attention', words: say('started-older.olderNoFix', at), details };
    },
    fixes: [
      {
        id: 'go-back',
        async run(signal) {
          // Read again: only the point that runs now, and only while the boot still chose it.
          const fresh = await points.list(signal);
          const running = fresh.points.find((p) => p.running);
          if (!fresh.startedFromOlder || !running)
            throw new KairnError('not-found', { reason: 'no-fix-now', detail: 'started-older' });
          const jobId = await points.rollback(running.id);
          const stop = (): void => void jobs.cancel(jobId);
          signal.addEventListener('abort', stop, { once: true });
          try {
            const done = await jobs.wait(jobId);
            const error = done.finished?.error;
            if (done.state === 'done') return;
            if (error)
              throw new KairnError(error.code, {
                reason: error.reason,
                detail: `rollback job ${jobId}: ${error.detail ?? error.code}`,
              });
            throw new KairnError('backend-failed', {
              detail: `rollback job ${jobId}: ${done.state}`,
            });
          } finally {
            signal.removeEventListener('abort', stop);
          }
        },
      },
    ],
  };
}
