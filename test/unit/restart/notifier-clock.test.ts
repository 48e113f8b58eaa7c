/**
 * The clock jumping under the notifier and the schedule (issue 10, faults): no surprise restart,
 * no second notice. Wall clock and boot clock (which counts suspend) are moved separately.
 */
import { describe, expect, it } from 'vitest';

import { decide, laterEnd } from '../../../electron/notifier/decide';
import { JumpDetector, JUMP_TOLERANCE_MS } from '../../../electron/notifier/clock';
import type { RestartInfo } from '../../../shared/schemas/restart';
import { harness, PENDING, T0 } from './notifier-harness';

const MIN = 60_000;
const HOUR = 60 * MIN;

const scheduledIn = (ms: number, from = T0.getTime()): RestartInfo => ({
  ...PENDING,
  scheduled: { at: new Date(from + ms).toISOString(), type: 'reboot', byKairn: true },
});

describe('jump detection', () => {
  it('tells a jump from time passing and from a suspend', () => {
    let wall = 0;
    let boot = 0;
    const d = new JumpDetector({ wall: () => wall, boot: () => boot });
    expect(d.check()).toBe(0);
    wall += 10 * HOUR; // asleep all night: both clocks moved
    boot += 10 * HOUR;
    expect(d.check()).toBe(0);
    wall += JUMP_TOLERANCE_MS - 1; // NTP nudging: not a jump
    expect(d.check()).toBe(0);
    wall -= 3 * HOUR;
    expect(d.check()).toBe(-3 * HOUR);
    wall += 26 * HOUR;
    boot += MIN;
    expect(d.check()).toBe(26 * HOUR - MIN);
  });
});

describe('Later and a clock set back', () => {
  it('one more than a day ahead ends at the next midnight by the current clock', () => {
    const later = new Date(2026, 10, 25, 0, 0).toISOString();
    const back = new Date(2026, 10, 20, 15, 0);
    expect(laterEnd(later, back)).toBe(new Date(2026, 10, 21, 0, 0).getTime());
    // A normal Later (at most a day ahead) is left alone.
    expect(laterEnd(later, new Date(2026, 10, 24, 0, 30))).toBe(Date.parse(later));
    expect(decide(PENDING, { notifiedKey: 'x', laterUntil: later }, back).announce).toBe(false);
  });

  it('the notifier keeps that bound, so the clock set back four days silences it for one night only', async () => {
    const { h, notifier } = harness();
    // Later was chosen on 24 Nov; the notifier starts after the clock was set back to the 20th.
    h.wall = new Date(2026, 10, 20, 15, 0).getTime();
    h.memory = {
      notifiedKey: 'reboot-needed@2026-11-24T08:00:00.000Z',
      laterUntil: new Date(2026, 10, 25, 0, 0).toISOString(),
      toldBy: null,
    };
    await notifier.evaluate();
    expect(h.sent).toEqual([]);
    expect(h.memory.laterUntil).toBe(new Date(2026, 10, 21, 0, 0).toISOString());
    h.pass(8 * HOUR); // 23:00
    await notifier.evaluate();
    expect(h.sent).toEqual([]);
    h.pass(HOUR + MIN); // 00:01 on the 21st
    await notifier.evaluate();
    expect(h.sent).toHaveLength(1);
  });
});

describe('the long-running notifier across clock jumps', () => {
  it('a clock set forward past "Later" does not end it early: the real time left is kept', async () => {
    const { h, notifier } = harness();
    await notifier.evaluate();
    expect(h.sent).toHaveLength(1);
    await notifier.onAction(1, 'later');
    const until = Date.parse(h.memory.laterUntil ?? '');
    expect(until).toBeGreaterThan(h.wall);
    // The clock leaps two days ahead (a wrong clock corrected) while only a minute passes.
    h.pass(MIN);
    h.jump(48 * HOUR);
    await notifier.evaluate();
    expect(h.sent).toHaveLength(1);
    expect(Date.parse(h.memory.laterUntil ?? '')).toBe(until + 48 * HOUR);
    expect(h.logs.some((l) => l.includes('clock jumped'))).toBe(true);
    // Real time runs out: asked again, once.
    h.pass(until - T0.getTime());
    await notifier.evaluate();
    await notifier.evaluate();
    expect(h.sent).toHaveLength(2);
    expect(h.actions.filter(([m]) => m !== 'restart.get')).toEqual([]);
  });

  it('a clock set back mid-countdown updates the one countdown, never opens a second', async () => {
    const { h, notifier } = harness();
    h.info = scheduledIn(10 * MIN);
    await notifier.evaluate();
    const [first] = h.sent;
    expect(first?.summary).toBe('The computer restarts in 10 min');
    h.pass(MIN);
    h.jump(-HOUR); // now 69 minutes "left" by the wall clock
    await notifier.evaluate();
    // Back inside the last 15 minutes later on: still the same notification.
    h.pass(55 * MIN);
    await notifier.evaluate();
    const countdowns = h.sent.filter((n) => n.urgency === 2);
    expect(countdowns.map((n) => [n.replacesId, n.summary])).toEqual([
      [0, 'The computer restarts in 10 min'],
      [1, 'The computer restarts in 69 min'],
      [1, 'The computer restarts in 14 min'],
    ]);
    expect(h.closed).toEqual([]);
  });

  it('a clock set forward past the scheduled time: the countdown goes, Kairn restarts nothing itself', async () => {
    const { h, notifier } = harness();
    h.info = scheduledIn(10 * MIN);
    await notifier.evaluate();
    h.jump(3 * HOUR);
    await notifier.evaluate();
    expect(h.closed).toEqual([1]);
    // logind holds the restart and its own timer decides; the notifier only ever reads.
    expect(h.actions).toEqual([]);
    // No "please restart" either: a restart is scheduled.
    expect(h.sent.filter((n) => n.urgency === 1)).toEqual([]);
  });

  it('the same pending state is never announced twice, whatever the clock does', async () => {
    const { h, notifier } = harness();
    await notifier.evaluate();
    for (const step of [5 * HOUR, -30 * HOUR, 400 * 24 * HOUR, -400 * 24 * HOUR]) {
      h.jump(step);
      h.pass(MIN);
      await notifier.evaluate();
    }
    expect(h.sent).toHaveLength(1);
  });
});

describe('an action clicked after the state changed', () => {
  it('a button of a notification already closed (restart no longer needed) does nothing at all', async () => {
    const { h, notifier } = harness();
    await notifier.evaluate();
    h.info = { ...PENDING, required: false, reasons: [] };
    await notifier.evaluate();
    expect(h.closed).toEqual([1]);
    await notifier.onAction(1, 'restart-now');
    await notifier.onAction(1, 'tonight');
    expect(h.actions).toEqual([]);
  });

  it('the tray menu (always current) asks the core with onlyIfRequired, so a stale click is a quiet no-op', async () => {
    const { h, notifier } = harness();
    await notifier.evaluate();
    h.info = { ...PENDING, required: false, reasons: [] };
    await notifier.onAction('tray', 'restart-now');
    await notifier.onAction('tray', 'tonight');
    expect(h.actions).toEqual([
      ['restart.now', { onlyIfRequired: true }],
      ['restart.schedule', { when: 'tonight', onlyIfRequired: true }],
    ]);
  });
});

describe('the login hold', () => {
  it('does not speak in the first moments after start, then speaks once', async () => {
    const { h, notifier } = harness({ holdAnnouncementsMs: 30_000 });
    await notifier.evaluate();
    h.pass(29_000);
    await notifier.evaluate();
    expect(h.sent).toEqual([]);
    // A wall clock jump does not shorten the hold (it runs on boot time).
    h.jump(HOUR);
    await notifier.evaluate();
    expect(h.sent).toEqual([]);
    h.pass(1_000);
    await notifier.evaluate();
    await notifier.evaluate();
    expect(h.sent).toHaveLength(1);
  });
});
