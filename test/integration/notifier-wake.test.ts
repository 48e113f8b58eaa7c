/**
 * After waking up (logind's PrepareForSleep(false)) the long-running notifier looks again at once:
 * its timers stood still while the machine slept, and logind's ScheduledShutdown sends no signal.
 * logind here is python-dbusmock's template (a peer we did not write); the signal is sent from it.
 */
import { EventEmitter, once } from 'node:events';
import { join } from 'node:path';

import dbus from 'dbus-next';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { callMethod } from '../../electron/backends/dbus/call';
import { BusConnection } from '../../electron/backends/dbus/connection';
import { startPrivateBus, type PrivateBus } from '../../electron/demo/private-bus';
import { runLongLived } from '../../electron/notifier/run';
import type { KairnClient } from '../../shared/api/client';
import type { RestartInfo } from '../../shared/schemas/restart';
import { makeTempDir } from '../harness/tmp';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let system: PrivateBus;
let session: PrivateBus;
const saved = {
  system: process.env.DBUS_SYSTEM_BUS_ADDRESS,
  session: process.env.DBUS_SESSION_BUS_ADDRESS,
};

beforeAll(async () => {
  tmp = await makeTempDir();
  system = await startPrivateBus({
    kind: 'system',
    dir: join(tmp.path, 'system'),
    services: [
      {
        name: 'org.freedesktop.login1',
        exec: '/usr/bin/python3 -m dbusmock --system --template logind',
      },
    ],
  });
  session = await startPrivateBus({ kind: 'session', dir: join(tmp.path, 'session') });
  process.env.DBUS_SYSTEM_BUS_ADDRESS = system.address;
  process.env.DBUS_SESSION_BUS_ADDRESS = session.address;
});

afterAll(async () => {
  await session?.stop();
  await system?.stop();
  await tmp?.remove();
  if (saved.system === undefined) delete process.env.DBUS_SYSTEM_BUS_ADDRESS;
  else process.env.DBUS_SYSTEM_BUS_ADDRESS = saved.system;
  if (saved.session === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
  else process.env.DBUS_SESSION_BUS_ADDRESS = saved.session;
});

const INFO: RestartInfo = {
  checked: true,
  required: false,
  reasons: [],
  evidence: [],
  brings: null,
  since: null,
  scheduled: null,
  tonightTime: '03:00',
  tonightFrom: 'default',
  inhibitors: [],
  restartVia: 'logind',
  rebootManager: null,
  logindAvailable: true,
};

it('waking up makes it read the restart state (and so ScheduledShutdown) again at once', async () => {
  const looks = new EventEmitter();
  let count = 0;
  const client = {
    call: (method: string) => {
      if (method === 'restart.get') looks.emit('look', ++count);
      return Promise.resolve(INFO);
    },
    on: () => () => {},
  } as unknown as KairnClient;
  const sessionConn = new BusConnection('session');
  const systemConn = new BusConnection('system');
  let stop: () => void = () => {};
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const first = once(looks, 'look');
  const running = runLongLived({
    client,
    session: sessionConn,
    system: systemConn,
    stateDir: join(tmp.path, 'state'),
    sysRoot: join(tmp.path, 'root'),
    log: () => {},
    stop: stopped,
    holdAnnouncementsMs: 0,
  });
  try {
    await first;
    // One round trip on the notifier's own connection: the bus handles a connection's messages in
    // order, so its AddMatch for PrepareForSleep (sent before) is in effect once this returns.
    await callMethod(systemConn, {
      destination: 'org.freedesktop.DBus',
      path: '/org/freedesktop/DBus',
      interface: 'org.freedesktop.DBus',
      member: 'GetId',
    });
    const seen = count;
    const again = once(looks, 'look');
    const owner = dbus.sessionBus({ busAddress: system.address });
    try {
      await callMethod(new BusConnectionFor(owner), {
        destination: 'org.freedesktop.login1',
        path: '/org/freedesktop/login1',
        interface: 'org.freedesktop.DBus.Mock',
        member: 'EmitSignal',
        signature: 'sssav',
        body: [
          'org.freedesktop.login1.Manager',
          'PrepareForSleep',
          'b',
          [new dbus.Variant('b', false)],
        ],
      });
      // The regular look is a minute away: only the signal explains this one (bounded wait).
      const woke = await Promise.race([
        again.then(() => true),
        new Promise<boolean>((r) => setTimeout(() => r(false), 5000)),
      ]);
      expect(woke).toBe(true);
      expect(count).toBe(seen + 1);
    } finally {
      owner.disconnect();
    }
  } finally {
    stop();
    await running;
    sessionConn.close();
    systemConn.close();
  }
});

/** callMethod wants a BusConnection; this wraps a test-side MessageBus in one. */
class BusConnectionFor extends BusConnection {
  constructor(private readonly peerBus: dbus.MessageBus) {
    super('system');
  }
  override get(): dbus.MessageBus {
    return this.peerBus;
  }
}
