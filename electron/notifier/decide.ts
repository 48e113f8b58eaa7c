import type { RestartInfo } from '../../shared/schemas/restart';
import { startOfNextDay } from '../core/restart/when';
import type { NotifierMemory } from './memory';

/** A countdown notification starts this long before a scheduled restart. */
export const COUNTDOWN_MS = 15 * 60_000;

/** One pending restart state: the same flags since the same time are the same state. */
export function pendingKey(info: RestartInfo): string | null {
  if (!info.required) return null;
  return `${[...info.reasons].sort().join(',')}@${info.since ?? ''}`;
}

export interface Decision {
  /** Announce the pending restart now. */
  announce: boolean;
  /** Show the tray icon (NeedsAttention) while a restart is pending or scheduled. */
  tray: boolean;
  /** Minutes left until a scheduled restart, when inside the countdown window. */
  countdownMinutes: number | null;
}

/** "Later" ends at the next local midnight: never more than a day ahead (25 h with a DST change). */
const MAX_LATER_MS = 25 * 3600_000;

/**
 * When "Later" ends. One that lies more than a day ahead means the clock went back while the
 * notifier did not run (a wrong clock corrected, a dead RTC): "until tomorrow" must not become a
 * week, so it ends at the next midnight by the current clock (the notifier keeps that value).
 */
export function laterEnd(laterUntil: string | null, now: Date): number | null {
  if (laterUntil === null) return null;
  const until = Date.parse(laterUntil);
  if (Number.isNaN(until)) return null;
  return until - now.getTime() > MAX_LATER_MS ? startOfNextDay(now).getTime() : until;
}

/** What the notifier should show, from the restart state, what it remembers and the clock. */
export function decide(
  info: RestartInfo,
  memory: Pick<NotifierMemory, 'notifiedKey' | 'laterUntil'>,
  now: Date,
): Decision {
  const key = pendingKey(info);
  const at = info.scheduled === null ? null : Date.parse(info.scheduled.at);
  const left = at === null ? null : at - now.getTime();
  const countdownMinutes =
    left !== null && left > 0 && left <= COUNTDOWN_MS ? Math.ceil(left / 60_000) : null;
  const until = laterEnd(memory.laterUntil, now);
  const laterOver = until !== null && now.getTime() >= until;
  const snoozed = until !== null && !laterOver;
  // Once a restart is scheduled the person has chosen: no "please restart" any more.
  const announce =
    key !== null &&
    info.scheduled === null &&
    !snoozed &&
    (key !== memory.notifiedKey || laterOver);
  return { announce, tray: key !== null || info.scheduled !== null, countdownMinutes };
}
