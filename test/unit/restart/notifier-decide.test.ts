import { describe, expect, it } from 'vitest';

import { decide } from '../../../electron/notifier/decide';
import { Notifier } from '../../../electron/notifier/notifier';
import type { MemoryStore, NotifierMemory } from '../../../electron/notifier/memory';
import type { Notice, NotificationsClient } from '../../../electron/notifier/notifications';
import type { KairnClient } from '../../../shared/api/client';
import type { RestartInfo } from '../../../shared/schemas/restart';

const NOW = new Date('2026-11-24T14:00:00Z');
const PENDING: RestartInfo = {
  checked: true,
  required: true,
  reasons: ['reboot-needed'],
  evidence: [],
  brings: null,
  since: '2026-11-24T08:00:00.000Z',
  scheduled: null,
  tonightTime: '03:00',
  tonightFrom: 'default',
  inhibitors: [],
  restartVia: 'logind',
  rebootManager: null,
  logindAvailable: true,
};
const NONE: NotifierMemory = { notifiedKey: null, laterUntil: null, toldBy: null };

describe('decide', () => {
  it('announces a new pending state once', () => {
    expect(decide(PENDING, NONE, NOW)).toMatchObject({ announce: true, tray: true });
    const told = { notifiedKey: 'reboot-needed@2026-11-24T08:00:00.000Z', laterUntil: null };
    expect(decide(PENDING, told, NOW).announce).toBe(false);
    // A newer update (the flag written again) is a new state.
    expect(decide({ ...PENDING, since: '2026-11-25T08:00:00.000Z' }, told, NOW).announce).toBe(
      true,
    );
  });

  it('after Later, asks again only the next day', () => {
    const later = {
      notifiedKey: 'reboot-needed@2026-11-24T08:00:00.000Z',
      laterUntil: '2026-11-25T00:00:00.000Z',
    };
    expect(decide(PENDING, later, NOW).announce).toBe(false);
    expect(decide(PENDING, later, new Date('2026-11-25T00:00:01Z')).announce).toBe(true);
  });

  it('does not ask once a restart is scheduled, but counts down in its last 15 minutes', () => {
    const at = (ms: number): RestartInfo => ({
      ...PENDING,
      scheduled: { at: new Date(NOW.getTime() + ms).toISOString(), type: 'reboot', byKairn: true },
    });
    expect(decide(at(3600_000), NONE, NOW)).toEqual({
      announce: false,
      tray: true,
      countdownMinutes: null,
    });
    expect(decide(at(14 * 60_000 + 1), NONE, NOW).countdownMinutes).toBe(15);
    expect(decide(at(-1000), NONE, NOW).countdownMinutes).toBeNull();
  });

  it('no restart needed and none scheduled: nothing, no tray', () => {
    expect(decide({ ...PENDING, required: false, reasons: [] }, NONE, NOW)).toEqual({
      announce: false,
      tray: false,
      countdownMinutes: null,
    });
  });
});

describe('Notifier countdown', () => {
  it('updates one notification in place (replaces_id), never a new one each minute', async () => {
    const sent: Notice[] = [];
    const notifications = {
      notify: (n: Notice) => (sent.push(n), Promise.resolve(7)),
      close: () => Promise.resolve(),
      listen: () => () => {},
    } as unknown as NotificationsClient;
    let now = new Date(NOW.getTime());
    const info = {
      ...PENDING,
      scheduled: {
        at: new Date(NOW.getTime() + 10 * 60_000).toISOString(),
        type: 'reboot',
        byKairn: true,
      },
    };
    const client = {
      call: () => Promise.resolve(info),
      on: () => () => {},
    } as unknown as KairnClient;
    let memory = NONE;
    const store = {
      read: () => Promise.resolve(memory),
      write: (m: NotifierMemory) => ((memory = m), Promise.resolve()),
    } as unknown as MemoryStore;
    const notifier = new Notifier({
      client,
      notifications,
      tray: null,
      memory: store,
      open: () => {},
      log: () => {},
      now: () => now,
      env: { LANG: 'de_DE.UTF-8' },
    });
    notifier.listen();
    await notifier.evaluate();
    now = new Date(NOW.getTime() + 60_000);
    await notifier.evaluate();
    expect(sent.map((n) => [n.replacesId, n.summary])).toEqual([
      [0, 'Der Rechner startet in 10 Min. neu'],
      [7, 'Der Rechner startet in 9 Min. neu'],
    ]);
    expect(sent[0]?.urgency).toBe(2);
  });
});
