import type { RestartInfo } from '../../shared/schemas/restart';
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

/** What the notifier should show, from the restart state, what it remembers and the clock. */
export function decide(info: RestartInfo, memory: NotifierMemory, now: Date): Decision {
  const key = pendingKey(info);
  const at = info.scheduled === null ? null : Date.parse(info.scheduled.at);
  const left = at === null ? null : at - now.getTime();
  const countdownMinutes =
    left !== null && left > 0 && left <= COUNTDOWN_MS ? Math.ceil(left / 60_000) : null;
  const laterOver = memory.laterUntil !== null && now.getTime() >= Date.parse(memory.laterUntil);
  const snoozed = memory.laterUntil !== null && !laterOver;
  // Once a restart is scheduled the person has chosen: no "please restart" any more.
  const announce =
    key !== null &&
    info.scheduled === null &&
    !snoozed &&
    (key !== memory.notifiedKey || laterOver);
  return { announce, tray: key !== null || info.scheduled !== null, countdownMinutes };
}
