import { z } from 'zod';

import type { RebootManagerInfo } from '../../../shared/schemas/restart';

/** RebootStrategy (reference §3.1, src/rebootmgr.h); 5 ("on") is only an input of SetStrategy. */
const STRATEGIES: Record<number, RebootManagerInfo['strategy']> = {
  1: 'best-effort',
  2: 'instantly',
  3: 'maint-window',
  4: 'off',
};

export const strategyOf = (n: unknown): RebootManagerInfo['strategy'] =>
  (typeof n === 'number' ? STRATEGIES[n] : undefined) ?? 'unknown';

const text = (v: unknown, max = 128): string | null =>
  typeof v === 'string' && v.trim() !== '' ? v.trim().slice(0, max) : null;

const UNIT_SECONDS: Record<string, number> = {
  s: 1,
  sec: 1,
  second: 1,
  seconds: 1,
  m: 60,
  min: 60,
  minute: 60,
  minutes: 60,
  h: 3600,
  hr: 3600,
  hour: 3600,
  hours: 3600,
  d: 86400,
  day: 86400,
  days: 86400,
};

/** A systemd time span as rebootmgr 2.x reports it ("1h30m", "1h 30min", "90m"; a bare number is seconds) → minutes. */
export function timeSpanMinutes(span: string): number | null {
  const trimmed = span.trim();
  if (trimmed === '' || trimmed.length > 64) return null;
  let seconds = 0;
  let rest = trimmed;
  const part = /^(\d+)\s*([a-z]*)\s*/i;
  while (rest !== '') {
    const m = part.exec(rest);
    const unit = UNIT_SECONDS[(m?.[2] ?? '').toLowerCase() || 's'];
    if (!m || unit === undefined) return null;
    seconds += Number(m[1]) * unit;
    rest = rest.slice(m[0].length);
  }
  return Math.round(seconds / 60);
}

/**
 * The time a maintenance window starts every day, when its calendar spec says just that
 * ("03:30", "3:30:00", "*-*-* 03:30"). Specs with weekdays or dates are not "every night": null.
 */
export function dailyStartOf(spec: string | null): string | null {
  if (spec === null) return null;
  const m = /^(?:\*-\*-\*\s+)?(\d{1,2}):(\d{2})(?::\d{2})?$/.exec(spec.trim());
  if (!m) return null;
  const [h, min] = [Number(m[1]), Number(m[2])];
  if (h > 23 || min > 59) return null;
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
}

/** FullStatus' reply parameters (varlink-org.openSUSE.rebootmgr.c): ints, nullable strings. */
const FullStatus = z.object({
  RebootStatus: z.number().int(),
  RebootStrategy: z.number().int(),
  RequestedMethod: z.number().int().nullish(),
  RebootTime: z.string().nullish(),
  MaintenanceWindowStart: z.string().nullish(),
  /** time_t seconds (rebootmgrctl prints it through duration_to_string). */
  MaintenanceWindowDuration: z.number().int().min(0).nullish(),
});

/** rebootmgr 3.x: one FullStatus reply → what Kairn shows. Throws on a reply of the wrong shape. */
export function fromFullStatus(parameters: unknown): RebootManagerInfo {
  const p = FullStatus.parse(parameters);
  const windowStart = text(p.MaintenanceWindowStart);
  const seconds = p.MaintenanceWindowDuration ?? null;
  const minutes = windowStart !== null && seconds !== null ? Math.round(seconds / 60) : null;
  return {
    api: 'varlink',
    strategy: strategyOf(p.RebootStrategy),
    windowStart,
    windowDuration: minutes === null ? null : `${minutes}min`,
    windowMinutes: minutes,
    dailyStart: dailyStartOf(windowStart),
    requested: p.RebootStatus > 0,
    rebootTime: p.RebootStatus > 0 ? text(p.RebootTime) : null,
  };
}

/** rebootmgr 2.x: GetStrategy (u), GetMaintenanceWindow (s, s), Status (u) → what Kairn shows. */
export function fromLegacy(strategy: unknown, start: unknown, duration: unknown, status: unknown) {
  if (typeof status !== 'number' || typeof strategy !== 'number')
    throw new Error('rebootmgr 2.x: Status or GetStrategy did not answer a number');
  const windowStart = text(start);
  const windowDuration = windowStart === null ? null : text(duration, 64);
  return {
    api: 'dbus',
    strategy: strategyOf(strategy),
    windowStart,
    windowDuration,
    windowMinutes: windowDuration === null ? null : timeSpanMinutes(windowDuration),
    dailyStart: dailyStartOf(windowStart),
    requested: status > 0,
    // 2.x has no "when" in its Status; it restarts at the next window (or at once: "instantly").
    rebootTime: null,
  } satisfies RebootManagerInfo;
}
