import type { Snapshot } from '../../../../shared/schemas/snapshots';
import { daysAgo, formatDay, formatDayTime, formatMonth, formatTime } from '../../i18n/format';

/** A point in time the user can choose. */
export interface TimelinePoint {
  type: 'point';
  key: string;
  snapshot: number;
  date: Date | null;
  label: string;
  kept: boolean;
  description: string;
  /** The name a person gave this point ("Before tidying up my photos"), or null for automatic ones. */
  name: string | null;
  /** Key of the group it belongs to, when it is shown inside an expanded group. */
  group: string | null;
}

/** Several points of one hour, day or month shown as one row until expanded. */
export interface TimelineGroup {
  type: 'group';
  key: string;
  label: string;
  count: number;
  expanded: boolean;
  kept: boolean;
  /** Names of the named points inside, so they show while the group is closed. */
  names: string[];
}

/** The live folder, always the last row. */
export interface TimelineNow {
  type: 'now';
  key: 'now';
  snapshot: 0;
  label: string;
}

export type TimelineRow = TimelinePoint | TimelineGroup | TimelineNow;

/** Words the model needs; they come from the translations. */
export interface TimelineLabels {
  now: string;
  today(time: string): string;
  yesterday(time: string): string;
}

export interface TimelineOptions {
  now: Date;
  locale: string;
  labels: TimelineLabels;
  expanded: ReadonlySet<string>;
  /** The chosen snapshot: its group is always open. */
  selected: number;
  /** Up to this many points are listed one by one, without groups. */
  denseAbove?: number;
}

/** Descriptions snapper's own timers write; they are not names a person gave. */
const AUTOMATIC_DESCRIPTIONS = new Set(['timeline', 'boot', 'number', 'pre', 'post']);

/**
 * The point's name when a person gave it one; snapper's timeline and boot points have none.
 * (Not judged by the cleanup: points saved by hand are cleaned up by the timeline rules too.)
 */
export function pointName(snap: Pick<Snapshot, 'description'>): string | null {
  const text = snap.description.trim();
  if (text === '') return null;
  return AUTOMATIC_DESCRIPTIONS.has(text.toLowerCase()) ? null : text;
}

type BucketKind = 'hour' | 'day' | 'month';

/** Hourly within today and yesterday, daily within the last month, older by month. */
export function bucketOf(date: Date | null, now: Date): { kind: BucketKind; key: string } {
  if (!date) return { kind: 'month', key: 'm:unknown' };
  const days = daysAgo(date, now);
  const day = `${date.getFullYear()}-${date.getMonth() + 1}-${date.getDate()}`;
  if (days <= 1) return { kind: 'hour', key: `h:${day}T${date.getHours()}` };
  if (days <= 31) return { kind: 'day', key: `d:${day}` };
  return { kind: 'month', key: `m:${date.getFullYear()}-${date.getMonth() + 1}` };
}

/** "Today 14:00", "Yesterday 09:00", "Mon 3 Nov, 14:00". */
export function pointLabel(
  date: Date | null,
  opts: Pick<TimelineOptions, 'now' | 'locale' | 'labels'>,
): string {
  if (!date) return '?';
  const days = daysAgo(date, opts.now);
  const time = formatTime(date, opts.locale);
  if (days === 0) return opts.labels.today(time);
  if (days === 1) return opts.labels.yesterday(time);
  return formatDayTime(date, opts.now, opts.locale);
}

function groupLabel(kind: BucketKind, date: Date | null, opts: TimelineOptions): string {
  if (!date) return '?';
  if (kind === 'month') return formatMonth(date, opts.locale);
  if (kind === 'day') return formatDay(date, opts.now, opts.locale);
  const start = new Date(date.getFullYear(), date.getMonth(), date.getDate(), date.getHours());
  const end = new Date(start.getTime() + 3_600_000);
  const range = `${formatTime(start, opts.locale)}–${formatTime(end, opts.locale)}`;
  return daysAgo(date, opts.now) === 0 ? opts.labels.today(range) : opts.labels.yesterday(range);
}

function toPoint(
  snap: Snapshot,
  date: Date | null,
  group: string | null,
  opts: TimelineOptions,
): TimelinePoint {
  return {
    type: 'point',
    key: `s:${snap.number}`,
    snapshot: snap.number,
    date,
    label: pointLabel(date, opts),
    kept: snap.important,
    description: snap.description,
    name: pointName(snap),
    group,
  };
}

interface Bucket {
  kind: BucketKind;
  key: string;
  items: { snap: Snapshot; date: Date | null }[];
}

function bucketsOf(sorted: { snap: Snapshot; date: Date | null }[], now: Date): Bucket[] {
  const buckets: Bucket[] = [];
  for (const item of sorted) {
    const { kind, key } = bucketOf(item.date, now);
    const last = buckets[buckets.length - 1];
    if (last && last.key === key) last.items.push(item);
    else buckets.push({ kind, key, items: [item] });
  }
  return buckets;
}

/** The rows of the timeline: oldest at the top, "Now" at the very bottom. */
export function buildTimeline(
  snapshots: readonly Snapshot[],
  opts: TimelineOptions,
): TimelineRow[] {
  const sorted = snapshots
    .map((snap) => ({ snap, date: parseSnapshotDate(snap.date) }))
    .sort(
      (a, b) =>
        (a.date?.getTime() ?? 0) - (b.date?.getTime() ?? 0) || a.snap.number - b.snap.number,
    );
  const rows: TimelineRow[] = [];
  const dense = sorted.length > (opts.denseAbove ?? 15);
  const buckets = dense ? bucketsOf(sorted, opts.now) : [];
  for (const bucket of buckets) {
    if (bucket.items.length === 1) {
      const only = bucket.items[0] as (typeof bucket.items)[number];
      rows.push(toPoint(only.snap, only.date, null, opts));
      continue;
    }
    // The newest group stays open so a point just taken is in view, as is the group of the chosen point.
    const newest = bucket === buckets[buckets.length - 1];
    const hasSelected = bucket.items.some((i) => i.snap.number === opts.selected);
    const expanded = newest || hasSelected || opts.expanded.has(bucket.key);
    const first = bucket.items[0]?.date ?? null;
    rows.push({
      type: 'group',
      key: bucket.key,
      label: groupLabel(bucket.kind, first, opts),
      count: bucket.items.length,
      expanded,
      kept: bucket.items.some((i) => i.snap.important),
      names: bucket.items.flatMap((i) => pointName(i.snap) ?? []),
    });
    if (expanded)
      for (const i of bucket.items) rows.push(toPoint(i.snap, i.date, bucket.key, opts));
  }
  if (!dense) for (const i of sorted) rows.push(toPoint(i.snap, i.date, null, opts));
  rows.push({ type: 'now', key: 'now', snapshot: 0, label: opts.labels.now });
  return rows;
}

function parseSnapshotDate(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}
