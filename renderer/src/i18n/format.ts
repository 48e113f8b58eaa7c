/** Dates, times and sizes in the user's locale (Intl), shared by every screen. */

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/** 1536 → "1.5 kB" / "1,5 kB" (decimal units, as desktop file managers show them to most people). */
export function formatBytes(bytes: number, locale: string): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: UNITS[unit],
    unitDisplay: unit === 0 ? 'long' : 'short',
    maximumFractionDigits: digits,
  }).format(value);
}

/** A plain count with grouping (120 000 → "120,000" / "120.000"). */
export function formatCount(n: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(n);
}

/** Parses an ISO date; null when missing or unreadable. */
export function parseDate(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "3 Nov 2025, 14:00" in the user's locale. */
export function formatDateTime(date: Date, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** "14:00" / "2:00 PM". */
export function formatTime(date: Date, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeStyle: 'short' }).format(date);
}

/** Hours as the locale writes them: "09:00" where the day has 24 hours, "9:00 AM" where it has 12. */
function hourStyle(locale: string): 'numeric' | '2-digit' {
  const cycle = new Intl.DateTimeFormat(locale, { hour: 'numeric' }).resolvedOptions().hourCycle;
  return cycle === 'h23' || cycle === 'h24' ? '2-digit' : 'numeric';
}

/** Formats with `options`, adding the year only when `date` is not in the same year as `now`. */
function formatWithYear(
  date: Date,
  now: Date,
  locale: string,
  options: Intl.DateTimeFormatOptions,
): string {
  const year = date.getFullYear() === now.getFullYear() ? undefined : 'numeric';
  return new Intl.DateTimeFormat(locale, { ...options, year }).format(date);
}

/** Compact date and time for list columns: "21 Nov, 12:21" (with the year when not this year). */
export function formatShortDateTime(date: Date, now: Date, locale: string): string {
  return formatWithYear(date, now, locale, {
    day: 'numeric',
    month: 'short',
    hour: hourStyle(locale),
    minute: '2-digit',
  });
}

/** "Mon 3 Nov" (with the year when it is not this year). */
export function formatDay(date: Date, now: Date, locale: string): string {
  return formatWithYear(date, now, locale, { weekday: 'short', day: 'numeric', month: 'short' });
}

/** "Mon 3 Nov, 14:00". */
export function formatDayTime(date: Date, now: Date, locale: string): string {
  return formatWithYear(date, now, locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: hourStyle(locale),
    minute: '2-digit',
  });
}

/**
 * The date in a restored copy's name, "Mon 3 Nov 14.00" / "Mo., 3. Nov. 14.00": never "today"
 * (the name outlives the day), the year only when not this year, `.` for `:` and plain spaces
 * so the name can be copied to any disk (see CopyLabel in the contract).
 */
export function formatCopyDate(date: Date, now: Date, locale: string): string {
  const text = `${formatDay(date, now, locale)} ${formatTime(date, locale)}`;
  return text.replace(/\s+/gu, ' ').replace(/:/g, '.').trim();
}

/** "November 2025". */
export function formatMonth(date: Date, locale: string): string {
  return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric' }).format(date);
}

/** Whole calendar days from `date` to `now` (0 = today, 1 = yesterday), robust across DST. */
export function daysAgo(date: Date, now: Date): number {
  const a = Date.UTC(date.getFullYear(), date.getMonth(), date.getDate());
  const b = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  return Math.round((b - a) / 86_400_000);
}

/** "10 days" / "10 Tage": a whole number of hours, days, weeks, months or years in words. */
export function formatDuration(
  count: number,
  unit: 'hour' | 'day' | 'week' | 'month' | 'year',
  locale: string,
): string {
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(count);
}
