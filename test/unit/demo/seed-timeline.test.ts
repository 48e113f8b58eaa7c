/**
 * The demo's history is built relative to "now", and the tests rely on some of its facts.
 * They must hold at every time of day, not just when the suite happens to run.
 */
import { describe, expect, it } from 'vitest';

import { homeTimeline } from '../../../electron/demo/seed';

const HOURS = Array.from({ length: 24 }, (_, h) => h);

function atHour(hour: number): Date {
  const now = new Date(2026, 10, 23, hour, 7, 0);
  return now;
}

describe.each(HOURS)('the demo home history at %i:07', (hour) => {
  const now = atHour(hour);
  const timeline = homeTimeline(now, 30);
  const dates = timeline.snapshots.map((s) => s.date).sort((a, b) => a - b);
  const oldest = timeline.treeAt(dates[0]!);
  const current = timeline.treeAt(Math.floor(now.getTime() / 1000));

  it('has a deleted file and a settings file that exist in the oldest point', () => {
    expect(oldest.has('Documents/Old CV.txt')).toBe(true);
    expect(current.has('Documents/Old CV.txt')).toBe(false);
    expect(oldest.has('.config/demo-editor/settings.ini')).toBe(true);
  });

  it('captures five distinct versions of the soup recipe', () => {
    const versions = new Set<string>();
    for (const date of dates) {
      const entry = timeline.treeAt(date).get("Documents/Recipes/Grandma's soup.txt");
      if (entry?.kind === 'file') versions.add(entry.data.toString('utf8'));
    }
    expect(versions.size).toBeGreaterThanOrEqual(5);
  });
});
