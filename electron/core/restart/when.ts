import { KairnError } from '../errors';

/** "HH:MM" → the next moment at that local wall-clock time strictly after `now`. */
export function nextLocalTime(time: string, now: Date): Date {
  const [h, m] = time.split(':').map(Number);
  const at = new Date(now);
  at.setHours(h ?? 3, m ?? 0, 0, 0);
  if (at.getTime() <= now.getTime()) at.setDate(at.getDate() + 1);
  return at;
}

/** Date and time, optional seconds/fraction, optional offset; without one it means local time. */
const ISO_DATE_TIME =
  /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?$/i;

/** Farthest ahead a restart may be set: a year (a typo like 2206 is more likely than a plan). */
const MAX_AHEAD_MS = 366 * 24 * 3600 * 1000;

/** A user-given ISO-8601 date and time, checked: parsable, a real date, in the future and not absurdly far. */
export function parseRestartTime(text: string, now: Date): Date {
  const trimmed = text.trim();
  const at = ISO_DATE_TIME.test(trimmed)
    ? new Date(trimmed.replace(' ', 'T'))
    : new Date(Number.NaN);
  if (Number.isNaN(at.getTime()) || !realCalendarDay(trimmed)) {
    throw new KairnError('invalid-input', {
      reason: 'time-unparsable',
      detail: `not an ISO-8601 date and time: ${trimmed.slice(0, 64)}`,
    });
  }
  if (at.getTime() <= now.getTime()) {
    throw new KairnError('invalid-input', {
      reason: 'time-in-past',
      detail: `${at.toISOString()} is not after ${now.toISOString()}`,
    });
  }
  if (at.getTime() - now.getTime() > MAX_AHEAD_MS) {
    throw new KairnError('invalid-input', {
      reason: 'time-too-far',
      detail: `${at.toISOString()} is more than a year ahead`,
    });
  }
  return at;
}

/** Date would roll 2026-02-31 over into March; a real day survives a round trip. */
function realCalendarDay(text: string): boolean {
  const [y, m, d] = text.slice(0, 10).split('-').map(Number);
  if (y === undefined || m === undefined || d === undefined) return false;
  const probe = new Date(Date.UTC(y, m - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
}

/** The start of the next local day after `now` (for "Later": ask again tomorrow). */
export function startOfNextDay(now: Date): Date {
  const at = new Date(now);
  at.setHours(0, 0, 0, 0);
  at.setDate(at.getDate() + 1);
  return at;
}
