/** A Notifier on fakes with both clocks in the test's hands (wall and boot time move separately). */
import { Notifier, type NotifierDeps } from '../../../electron/notifier/notifier';
import type { MemoryStore, NotifierMemory } from '../../../electron/notifier/memory';
import type { Notice, NotificationsClient } from '../../../electron/notifier/notifications';
import type { KairnClient } from '../../../shared/api/client';
import type { RestartInfo } from '../../../shared/schemas/restart';

export const T0 = new Date('2026-11-24T14:00:00Z');

export const PENDING: RestartInfo = {
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

export function harness(extra: Partial<NotifierDeps> = {}) {
  const h = {
    info: PENDING,
    wall: T0.getTime(),
    boot: 1_000_000,
    memory: { notifiedKey: null, laterUntil: null, toldBy: null } as NotifierMemory,
    sent: [] as Notice[],
    closed: [] as number[],
    /** Every API call other than restart.get (a restart, a schedule): must stay empty unless clicked. */
    actions: [] as [string, unknown][],
    logs: [] as string[],
    nextId: 1,
    /** Let both clocks run by ms (time passing). */
    pass(ms: number) {
      h.wall += ms;
      h.boot += ms;
    },
    /** Only the wall clock moves (a clock jump). */
    jump(ms: number) {
      h.wall += ms;
    },
  };
  const notifications = {
    notify: (n: Notice) => {
      h.sent.push(n);
      return Promise.resolve(n.replacesId !== 0 ? n.replacesId : h.nextId++);
    },
    close: (id: number) => (h.closed.push(id), Promise.resolve()),
    listen: () => () => {},
  } as unknown as NotificationsClient;
  const client = {
    call: (method: string, params: unknown) => {
      if (method === 'restart.get') return Promise.resolve(h.info);
      h.actions.push([method, params]);
      return Promise.resolve({ started: false, via: null });
    },
    on: () => () => {},
  } as unknown as KairnClient;
  const memory = {
    read: () => Promise.resolve(h.memory),
    write: (m: NotifierMemory) => ((h.memory = m), Promise.resolve()),
  } as unknown as MemoryStore;
  const notifier = new Notifier({
    client,
    notifications,
    tray: null,
    memory,
    open: () => {},
    log: (l) => h.logs.push(l),
    now: () => new Date(h.wall),
    boot: () => h.boot,
    env: { LANG: 'en_US.UTF-8' },
    ...extra,
  });
  notifier.listen();
  return { h, notifier };
}
