import { describe, expect, it } from 'vitest';

import {
  dailyStartOf,
  fromFullStatus,
  strategyOf,
  timeSpanMinutes,
} from '../../../electron/backends/rebootmgr/parse';
import { tonightFor } from '../../../electron/core/restart/service';
import type { RebootManagerInfo } from '../../../shared/schemas/restart';

describe('rebootmgr replies', () => {
  it.each([
    ['1h30m', 90],
    ['1h 30min', 90],
    ['90m', 90],
    ['2h', 120],
    ['5400', 90],
    ['1d', 1440],
  ])('time span %s = %i minutes', (span, minutes) => {
    expect(timeSpanMinutes(span)).toBe(minutes);
  });

  it.each(['', 'soon', '1 fortnight', '-1h', 'x'.repeat(80)])(
    'time span %j is not understood',
    (span) => {
      expect(timeSpanMinutes(span)).toBeNull();
    },
  );

  it.each([
    ['03:30', '03:30'],
    ['3:30', '03:30'],
    ['03:30:00', '03:30'],
    ['*-*-* 22:05', '22:05'],
    ['Mon..Fri 03:30', null],
    ['2026-12-24 03:30', null],
    ['25:00', null],
    ['daily', null],
  ])('window start %j is every day at %j', (spec, daily) => {
    expect(dailyStartOf(spec)).toBe(daily);
  });

  it('strategies: the numbers of src/rebootmgr.h, anything else unknown', () => {
    expect([0, 1, 2, 3, 4, 5, '3', null].map(strategyOf)).toEqual([
      'unknown',
      'best-effort',
      'instantly',
      'maint-window',
      'off',
      'unknown',
      'unknown',
      'unknown',
    ]);
  });

  it('a FullStatus of the wrong shape is refused, not half read', () => {
    expect(() => fromFullStatus({ RebootStatus: '1', RebootStrategy: 1 })).toThrow();
    expect(() => fromFullStatus(null)).toThrow();
    // A time only while a restart is requested.
    expect(
      fromFullStatus({ RebootStatus: 0, RebootStrategy: 1, RebootTime: 'stale' }).rebootTime,
    ).toBeNull();
  });
});

describe('Tonight, used as the system does', () => {
  const mgr = (strategy: RebootManagerInfo['strategy'], dailyStart: string | null) =>
    ({
      api: 'varlink',
      strategy,
      windowStart: dailyStart,
      windowDuration: null,
      windowMinutes: null,
      dailyStart,
      requested: false,
      rebootTime: null,
    }) satisfies RebootManagerInfo;

  it("starts at rebootmgr's daily window where rebootmgr restarts in it", () => {
    expect(tonightFor(null, mgr('maint-window', '03:30'))).toEqual({
      time: '03:30',
      from: 'maintenance-window',
    });
    expect(tonightFor(null, mgr('best-effort', '02:00')).time).toBe('02:00');
  });

  it('keeps 03:00 where rebootmgr ignores its window, has none, or is absent', () => {
    for (const m of [
      mgr('instantly', '03:30'),
      mgr('off', '03:30'),
      mgr('maint-window', null),
      null,
    ])
      expect(tonightFor(null, m)).toEqual({ time: '03:00', from: 'default' });
  });

  it("the person's own time always wins", () => {
    expect(tonightFor('23:15', mgr('maint-window', '03:30'))).toEqual({
      time: '23:15',
      from: 'user',
    });
  });
});

describe('kairn reboot status with rebootmgr', () => {
  it('names where Tonight comes from and what rebootmgr plans', async () => {
    const { formatRestart } = await import('../../../electron/cli/commands/reboot');
    const text = formatRestart({
      checked: true,
      required: true,
      reasons: ['reboot-needed'],
      evidence: [],
      brings: null,
      since: null,
      scheduled: null,
      tonightTime: '03:30',
      tonightFrom: 'maintenance-window',
      inhibitors: [],
      restartVia: 'logind',
      logindAvailable: true,
      rebootManager: {
        api: 'varlink',
        strategy: 'best-effort',
        windowStart: '03:30',
        windowDuration: '90min',
        windowMinutes: 90,
        dailyStart: '03:30',
        requested: true,
        rebootTime: 'Thu 2026-12-03 03:30:00 CET',
      },
    });
    expect(text).toMatch(/Tonight means:\s+03:30 \(rebootmgr's maintenance window\)/);
    expect(text).toMatch(
      /rebootmgr:\s+strategy best-effort, window 03:30 for 90min, restart requested \(Thu 2026-12-03 03:30:00 CET\) \(shown only\)/,
    );
  });
});
