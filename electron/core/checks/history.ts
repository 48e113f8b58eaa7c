import type { HomeHistory, Snapshot } from '../../../shared/schemas/snapshots';
import type { SnapshotsService } from '../services';
import { say, type Check, type CheckOutcome } from './types';

const HOUR_MS = 3_600_000;
/** The timeline saves a point every hour while the computer is on: two days without one is odd, two weeks is a problem. */
export const HISTORY_AGE = { attentionHours: 48, problemHours: 14 * 24 } as const;

/** Description of a point taken by the fix. */
export const FIX_DESCRIPTION = 'Taken by Kairn (health check)';

/** File history's state, shared by the checks that read it (one snapper round trip per run). */
export interface HistoryReader {
  home(signal: AbortSignal): Promise<HomeHistory>;
}

/** Without a usable config, why (unknown when snapper is not there to ask). */
function withoutConfig(prefix: string, history: HomeHistory): CheckOutcome {
  if (history.problem === 'snapper-missing')
    return {
      state: 'unknown',
      words: say('common.snapperMissing'),
      details: ['snapper (org.opensuse.Snapper) is not on the system bus'],
    };
  if (history.problem === 'not-allowed')
    return {
      state: 'attention',
      words: say(`${prefix}.notAllowed`),
      details: [`config ${history.config?.name ?? '?'}: user not in ALLOW_USERS/ALLOW_GROUPS`],
    };
  return {
    state: 'attention',
    words: say(`${prefix}.off`),
    details: [`no snapper config covers ${history.home}`],
  };
}

function newest(snaps: readonly Snapshot[]): Snapshot | undefined {
  return snaps.reduce<Snapshot | undefined>(
    (a, b) => (a === undefined || b.date > a.date ? b : a),
    undefined,
  );
}

/** File history on, and how old its newest point is; fix: take a point now. */
export function fileHistoryCheck(
  history: HistoryReader,
  snapshots: SnapshotsService,
  now: () => Date = () => new Date(),
): Check {
  return {
    id: 'file-history',
    async run(signal) {
      const home = await history.home(signal);
      if (home.config === null || home.problem !== null) return withoutConfig('file-history', home);
      const config = home.config.name;
      const snaps = await snapshots.list(config, signal);
      const last = newest(snaps);
      const details = [
        `config: ${config} (${home.config.subvolume})`,
        `points: ${String(snaps.length)}`,
      ];
      if (!last)
        return { state: 'attention', words: say('file-history.none'), details, fix: 'take-point' };
      const hours = Math.max(0, Math.floor((now().getTime() - Date.parse(last.date)) / HOUR_MS));
      details.push(`newest: #${String(last.number)} at ${last.date} (${String(hours)} h ago)`);
      const days = Math.floor(hours / 24);
      if (hours >= HISTORY_AGE.problemHours)
        return {
          state: 'problem',
          words: say('file-history.old', { count: days }),
          details,
          fix: 'take-point',
        };
      if (hours >= HISTORY_AGE.attentionHours)
        return {
          state: 'attention',
          words: say('file-history.old', { count: days }),
          details,
          fix: 'take-point',
        };
      return {
        state: 'ok',
        words: say(hours < 1 ? 'file-history.fresh' : 'file-history.recent', { count: hours }),
        details,
      };
    },
    fixes: [
      {
        id: 'take-point',
        async run(signal) {
          const home = await history.home(signal);
          if (!home.config) return;
          await snapshots.create(home.config.name, FIX_DESCRIPTION);
        },
      },
    ],
  };
}

/** Snapper's timeline (new points every hour) and cleanup (old ones thinned out) for the home. */
export function historyScheduleCheck(history: HistoryReader): Check {
  return {
    id: 'history-schedule',
    async run(signal) {
      const home = await history.home(signal);
      if (home.config === null || home.problem !== null)
        return withoutConfig('history-schedule', home);
      const retention = home.config.retention;
      const details = [`config: ${home.config.name}`];
      if (!retention)
        return {
          state: 'unknown',
          words: say('history-schedule.unreadable'),
          details: [...details, 'TIMELINE_* settings could not be read'],
        };
      details.push(
        `TIMELINE_CREATE=${retention.timeline ? 'yes' : 'no'}`,
        `TIMELINE_CLEANUP=${retention.cleanup ? 'yes' : 'no'}`,
        `limits: hourly ${String(retention.hourly)}, daily ${String(retention.daily)}, weekly ${String(retention.weekly)}, monthly ${String(retention.monthly)}, yearly ${String(retention.yearly)}`,
      );
      if (!retention.timeline)
        return { state: 'attention', words: say('history-schedule.noTimeline'), details };
      if (!retention.cleanup)
        return { state: 'attention', words: say('history-schedule.noCleanup'), details };
      return { state: 'ok', words: say('history-schedule.ok'), details };
    },
  };
}
