import type { RestartInfo } from '../../../shared/schemas/restart';
import type { RestartService } from '../services';
import { say, type Check, type CheckOutcome } from './types';

const HOUR_MS = 3_600_000;

/** An installed update that waits a week for a restart leaves the computer without its fixes too long. */
export const RESTART_WAIT_PROBLEM_DAYS = 7;

/** What the check needs from the restart area: what it reports, and its own scheduling. */
export type RestartReader = Pick<RestartService, 'get' | 'schedule'>;

function detailsOf(info: RestartInfo): string[] {
  return [
    `checked: ${String(info.checked)}, required: ${String(info.required)}`,
    `reasons: ${info.reasons.length > 0 ? info.reasons.join(', ') : 'none'}`,
    `waiting since: ${info.since ?? 'unknown'}`,
    `scheduled: ${info.scheduled ? `${info.scheduled.type} at ${info.scheduled.at}${info.scheduled.byKairn ? ' (by Kairn)' : ' (by someone else)'}` : 'none'}`,
    `tonight time: ${info.tonightTime}, logind ${info.logindAvailable ? 'reachable' : 'not reachable'}`,
  ];
}

/** A wait with nothing planned: its length decides attention or problem; Restart tonight where logind can do it. */
function waiting(info: RestartInfo, now: Date, details: string[]): CheckOutcome {
  const fix = info.logindAvailable ? { fix: 'restart-tonight' } : {};
  const since = info.since === null ? Number.NaN : Date.parse(info.since);
  if (Number.isNaN(since))
    return { state: 'attention', words: say('restart-pending.waiting'), details, ...fix };
  const hours = Math.max(0, Math.floor((now.getTime() - since) / HOUR_MS));
  const days = Math.floor(hours / 24);
  if (days >= RESTART_WAIT_PROBLEM_DAYS)
    return {
      state: 'problem',
      words: say('restart-pending.waitingDays', { count: days }),
      details,
      ...fix,
    };
  const words =
    hours < 1
      ? say('restart-pending.waitingFresh')
      : days < 1
        ? say('restart-pending.waitingHours', { count: hours })
        : say('restart-pending.waitingDays', { count: days });
  return { state: 'attention', words, details, ...fix };
}

/**
 * Restart pending, and for how long: from what restart.get reports (the update tools' flag
 * files and the next start differing from the running restore point, "since" from the flag's
 * file time). A restart that is already planned is fine; fix: Restart tonight (logind schedule).
 */
export function restartPendingCheck(
  restart: RestartReader,
  now: () => Date = () => new Date(),
): Check {
  return {
    id: 'restart-pending',
    async run() {
      const info = await restart.get();
      const details = detailsOf(info);
      if (!info.checked)
        return { state: 'unknown', words: say('restart-pending.notChecked'), details };
      if (!info.required) return { state: 'ok', words: say('restart-pending.ok'), details };
      if (info.scheduled)
        return {
          state: 'ok',
          words: say('restart-pending.scheduled', { at: info.scheduled.at }),
          details,
        };
      return waiting(info, now(), details);
    },
    fixes: [
      {
        id: 'restart-tonight',
        async run() {
          // Never over someone else's plan, and a quiet no-op when the restart is no longer needed.
          await restart.schedule({ when: 'tonight', replace: false, onlyIfRequired: true });
        },
      },
    ],
  };
}
