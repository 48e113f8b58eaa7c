import type { UpdatesService } from '../services';
import { say, type Check } from './types';

/** An update older than this is worth a look: systems normally update daily or weekly. */
export const LAST_UPDATE_STALE_DAYS = 30;
const DAY_MS = 24 * 3600_000;

/**
 * The last system update: when, and whether it worked (the system's own record or Kairn's).
 * Not listed where the family has no updates at all; unknown where nothing is recorded yet.
 */
export function lastUpdateCheck(
  updates: Pick<UpdatesService, 'get'>,
  now: () => Date = () => new Date(),
): Check {
  return {
    id: 'last-update',
    async applies(signal) {
      const info = await updates.get(signal);
      return info.family !== 'generic' || info.last !== null;
    },
    async run(signal) {
      const info = await updates.get(signal);
      const last = info.last;
      if (last === null)
        return {
          state: 'unknown',
          words: say('last-update.unknown'),
          details: [
            `no record of an update (family ${info.family}; check ${info.check.available ? 'offered' : `not offered: ${info.check.reason ?? ''}`})`,
          ],
        };
      const details = [
        `${last.at}: ${last.outcome}${last.version ? `, version ${last.version}` : ''} (by ${last.by})`,
        ...(last.detail ? [last.detail] : []),
      ];
      const days = Math.max(0, Math.floor((now().getTime() - Date.parse(last.at)) / DAY_MS));
      details.push(`${days} day(s) ago`);
      if (last.outcome === 'failed')
        return { state: 'problem', words: say('last-update.failed'), details };
      if (last.outcome === 'cancelled')
        return { state: 'attention', words: say('last-update.cancelled'), details };
      if (days > LAST_UPDATE_STALE_DAYS)
        return { state: 'attention', words: say('last-update.old', { count: days }), details };
      return {
        state: 'ok',
        words: days === 0 ? say('last-update.today') : say('last-update.ok', { count: days }),
        details,
      };
    },
  };
}
