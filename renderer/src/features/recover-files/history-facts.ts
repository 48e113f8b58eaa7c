import type { HistoryRetention } from '../../../../shared/schemas/snapshots';

export type SpanUnit = 'hour' | 'day' | 'week' | 'month' | 'year';

/** What File history keeps, in the terms of one sentence. */
export type Keeping =
  | { kind: 'span'; count: number; unit: SpanUnit }
  /** TIMELINE_CREATE=no: points exist only when someone saves one. */
  | { kind: 'manual' }
  /** TIMELINE_CLEANUP=no: nothing removes points by itself. */
  | { kind: 'forever' };

/**
 * How far back File history reaches: snapper's timeline cleanup keeps the newest so many
 * hourly, daily, weekly, monthly and yearly points, so the oldest kept one is as old as the
 * longest of these (10 yearly points: up to 10 years back, fewer the further back).
 */
export function keepingOf(r: HistoryRetention): Keeping | null {
  if (!r.timeline) return { kind: 'manual' };
  if (!r.cleanup) return { kind: 'forever' };
  const spans: [number, SpanUnit][] = [
    [r.yearly, 'year'],
    [r.monthly, 'month'],
    [r.weekly, 'week'],
    [r.daily, 'day'],
    [r.hourly, 'hour'],
  ];
  const longest = spans.find(([count]) => count > 0);
  return longest ? { kind: 'span', count: longest[0], unit: longest[1] } : null;
}
