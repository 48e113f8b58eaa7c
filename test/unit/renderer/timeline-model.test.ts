import { describe, expect, it } from 'vitest';

import {
  buildTimeline,
  pointLabel,
  pointName,
  type TimelineOptions,
} from '../../../renderer/src/features/recover-files/timeline-model';
import { snapshot } from './fake-client';

const now = new Date(2025, 10, 20, 15, 30); // Thu 20 Nov 2025, 15:30 local time
const local = (d: number, h: number, m = 0) => new Date(2025, 10, d, h, m).toISOString();
const opts = (extra: Partial<TimelineOptions> = {}): TimelineOptions => ({
  now,
  locale: 'en-GB',
  expanded: new Set(),
  selected: 0,
  labels: { now: 'Now', today: (t) => `Today ${t}`, yesterday: (t) => `Yesterday ${t}` },
  ...extra,
});

describe('timeline model', () => {
  it('lists points oldest first with "Now" at the very bottom, in the user\'s words', () => {
    const rows = buildTimeline(
      [snapshot(2, local(19, 9)), snapshot(1, local(3, 14)), snapshot(3, local(20, 14))],
      opts(),
    );
    expect(rows.map((r) => r.label)).toEqual([
      'Mon 3 Nov, 14:00',
      'Yesterday 09:00',
      'Today 14:00',
      'Now',
    ]);
    expect(rows.map((r) => (r.type === 'group' ? null : r.snapshot))).toEqual([1, 2, 3, 0]);
  });

  it('writes hours the way the locale does (12-hour clock without a leading zero)', () => {
    expect(pointLabel(new Date(local(3, 14)), { ...opts(), locale: 'en-US' })).toBe(
      'Mon, Nov 3, 2:00 PM',
    );
    expect(pointLabel(new Date(local(3, 9)), opts())).toBe('Mon 3 Nov, 09:00');
  });

  it('uses the locale for dates (German)', () => {
    expect(pointLabel(new Date(local(3, 14)), { ...opts(), locale: 'de-DE' })).toBe(
      'Mo., 3. Nov., 14:00',
    );
  });

  it('groups dense histories: hourly today, daily within the month, monthly before', () => {
    const snaps = [
      snapshot(1, new Date(2025, 7, 2, 10).toISOString()),
      snapshot(2, new Date(2025, 7, 20, 10).toISOString()),
      snapshot(3, local(10, 8)),
      snapshot(4, local(10, 12)),
      snapshot(5, local(10, 18)),
      snapshot(6, local(12, 9)),
      ...Array.from({ length: 12 }, (_, i) => snapshot(10 + i, local(20, 14, i * 5))),
      snapshot(30, local(20, 15)),
    ];
    const rows = buildTimeline(snaps, opts({ denseAbove: 5 }));
    const summary = rows.map((r) => (r.type === 'group' ? `group:${r.label}:${r.count}` : r.label));
    expect(summary).toEqual([
      'group:August 2025:2',
      'group:Mon 10 Nov:3',
      'Wed 12 Nov, 09:00',
      'group:Today 14:00–15:00:12',
      'Today 15:00',
      'Now',
    ]);
  });

  it('opens a group on request and always shows the group of the chosen point, with kept marks', () => {
    const snaps = [
      ...Array.from({ length: 20 }, (_, i) => snapshot(i + 1, local(10, 8, i), i === 4)),
      snapshot(30, local(20, 9)),
      snapshot(31, local(20, 9, 30)),
    ];
    const closed = buildTimeline(snaps, opts());
    expect(closed.map((r) => r.type)).toEqual(['group', 'group', 'point', 'point', 'now']);
    expect(closed[0]).toMatchObject({ type: 'group', count: 20, expanded: false, kept: true });
    expect(closed[1]).toMatchObject({ type: 'group', count: 2, expanded: true }); // the newest stays open
    const chosen = buildTimeline(snaps, opts({ selected: 7 }));
    expect(chosen).toHaveLength(25);
    expect(chosen[5]).toMatchObject({
      type: 'point',
      snapshot: 5,
      kept: true,
      group: closed[0]?.key,
    });
    const opened = buildTimeline(snaps, opts({ expanded: new Set([closed[0]?.key ?? '']) }));
    expect(opened).toHaveLength(25);
  });
});

describe('timeline names', () => {
  const named = (number: number, date: string, description: string) => ({
    ...snapshot(number, date),
    description,
  });

  it('names the points a person named, and only those, also on a closed group', () => {
    const snaps = [
      ...Array.from({ length: 16 }, (_, i) => named(i + 1, local(1 + i, 18), 'timeline')),
      named(30, local(10, 9), 'Before tidying up my photos'),
      named(31, local(20, 9), '  '),
    ];
    const rows = buildTimeline(snaps, opts());
    const names = rows.flatMap((r) => (r.type === 'point' && r.name !== null ? [r.name] : []));
    expect(names).toEqual([]);
    const group = rows.find((r) => r.type === 'group' && !r.expanded);
    expect(group?.type === 'group' ? group.names : null).toEqual(['Before tidying up my photos']);
    expect(pointName({ description: 'boot' })).toBeNull();
    expect(pointName({ description: 'Saved by hand in Kairn' })).toBe('Saved by hand in Kairn');
  });
});
