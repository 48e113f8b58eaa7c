/**
 * The logind adapter against a peer we did not write: python-dbusmock's logind template, on a
 * private system bus (bus-activated, like the real logind). The template has no ScheduledShutdown
 * property (as an old logind), so first that must be a normal state; then the property is added
 * through dbusmock's own Mock interface and must be read back exactly.
 */
import dbus from 'dbus-next';
import { afterAll, beforeAll, expect, test } from 'vitest';

import { callMethod } from '../../electron/backends/dbus/call';
import { BusConnection } from '../../electron/backends/dbus/connection';
import { LogindRestartAdapter } from '../../electron/backends/logind/adapter';
import { startPrivateBus, type PrivateBus } from '../../electron/demo/private-bus';
import { makeTempDir } from '../harness/tmp';

let bus: PrivateBus;
let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let conn: BusConnection;
const savedAddress = process.env.DBUS_SYSTEM_BUS_ADDRESS;

beforeAll(async () => {
  tmp = await makeTempDir();
  bus = await startPrivateBus({
    kind: 'system',
    dir: tmp.path,
    // Debian's python3 has the dbusmock module; another python3 first on PATH may not.
    services: [
      {
        name: 'org.freedesktop.login1',
        exec: '/usr/bin/python3 -m dbusmock --system --template logind',
      },
    ],
  });
  process.env.DBUS_SYSTEM_BUS_ADDRESS = bus.address;
  conn = new BusConnection('system');
});

afterAll(async () => {
  conn?.close();
  await bus?.stop();
  await tmp?.remove();
  if (savedAddress === undefined) delete process.env.DBUS_SYSTEM_BUS_ADDRESS;
  else process.env.DBUS_SYSTEM_BUS_ADDRESS = savedAddress;
});

test('a logind without ScheduledShutdown is reported as a clear error the status can absorb', async () => {
  const adapter = new LogindRestartAdapter(conn);
  await expect(adapter.scheduled()).rejects.toMatchObject({ name: 'KairnError' });
});

test('a scheduled reboot set in dbusmock is read back with its exact time', async () => {
  const at = new Date('2026-11-24T03:00:00Z');
  await callMethod(conn, {
    destination: 'org.freedesktop.login1',
    path: '/org/freedesktop/login1',
    interface: 'org.freedesktop.DBus.Mock',
    member: 'AddProperty',
    signature: 'ssv',
    body: [
      'org.freedesktop.login1.Manager',
      'ScheduledShutdown',
      new dbus.Variant('(st)', ['reboot', BigInt(at.getTime()) * 1000n]),
    ],
  });
  const scheduled = await new LogindRestartAdapter(conn).scheduled();
  expect(scheduled).toEqual({ type: 'reboot', at });
});

test('("", 0) means nothing is scheduled', async () => {
  await callMethod(conn, {
    destination: 'org.freedesktop.login1',
    path: '/org/freedesktop/login1',
    interface: 'org.freedesktop.DBus.Properties',
    member: 'Set',
    signature: 'ssv',
    body: [
      'org.freedesktop.login1.Manager',
      'ScheduledShutdown',
      new dbus.Variant('(st)', ['', 0n]),
    ],
  });
  await expect(new LogindRestartAdapter(conn).scheduled()).resolves.toBeNull();
});
