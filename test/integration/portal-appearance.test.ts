/**
 * The portal appearance adapter against a stand-in xdg-desktop-portal we did not run ourselves
 * in-process: a python-dbusmock template (written below) that answers Settings.ReadOne/Read for
 * org.freedesktop.appearance color-scheme like the real portal, on a private session bus
 * (bus-activated, as the real portal is), and emits SettingChanged when the test switches it.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterAll, beforeAll, expect, test } from 'vitest';

import { callMethod } from '../../electron/backends/dbus/call';
import { BusConnection } from '../../electron/backends/dbus/connection';
import { PortalAppearanceAdapter } from '../../electron/backends/portal/appearance';
import { startPrivateBus, type PrivateBus } from '../../electron/demo/private-bus';
import type { ColorScheme } from '../../shared/schemas/appearance';
import { makeTempDir } from '../harness/tmp';

const TEMPLATE = `
import dbus
import dbus.exceptions

BUS_NAME = 'org.freedesktop.portal.Desktop'
MAIN_OBJ = '/org/freedesktop/portal/desktop'
MAIN_IFACE = 'org.freedesktop.portal.Settings'
SYSTEM_BUS = False
MOCK_IFACE = 'org.freedesktop.DBus.Mock'


def lookup(self, namespace, key):
    if namespace != 'org.freedesktop.appearance' or key != 'color-scheme':
        raise dbus.exceptions.DBusException('Requested setting not found',
                                            name='org.freedesktop.portal.Error.NotFound')
    return self.scheme


def read_one(self, namespace, key):
    if not self.has_read_one:
        raise dbus.exceptions.DBusException('No such method ReadOne',
                                            name='org.freedesktop.DBus.Error.UnknownMethod')
    return dbus.UInt32(lookup(self, namespace, key), variant_level=1)


def read(self, namespace, key):
    # The deprecated Read wraps the value in one more variant.
    return dbus.UInt32(lookup(self, namespace, key), variant_level=2)


def set_scheme(self, value):
    self.scheme = int(value)
    self.EmitSignal(MAIN_IFACE, 'SettingChanged', 'ssv',
                    ['org.freedesktop.appearance', 'color-scheme', dbus.UInt32(self.scheme, variant_level=1)])


def set_read_one(self, present):
    self.has_read_one = bool(present)


def load(mock, parameters):
    mock.scheme = 0
    mock.has_read_one = True
    mock.AddMethods(MAIN_IFACE, [
        ('ReadOne', 'ss', 'v', read_one),
        ('Read', 'ss', 'v', read),
    ])
    mock.AddMethods(MOCK_IFACE, [
        ('SetColorScheme', 'u', '', set_scheme),
        ('SetReadOne', 'b', '', set_read_one),
    ])
`;

const MOCK = {
  destination: 'org.freedesktop.portal.Desktop',
  path: '/org/freedesktop/portal/desktop',
  interface: 'org.freedesktop.DBus.Mock',
} as const;

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let withPortal: PrivateBus;
let withoutPortal: PrivateBus;
const conns: BusConnection[] = [];
const savedAddress = process.env.DBUS_SESSION_BUS_ADDRESS;

/** A session-bus connection to `bus` (dbus-next reads the address when the bus is opened). */
function connect(bus: PrivateBus): BusConnection {
  process.env.DBUS_SESSION_BUS_ADDRESS = bus.address;
  const conn = new BusConnection('session');
  conn.get();
  conns.push(conn);
  return conn;
}

async function setScheme(conn: BusConnection, value: number): Promise<void> {
  await callMethod(conn, { ...MOCK, member: 'SetColorScheme', signature: 'u', body: [value] });
}

beforeAll(async () => {
  tmp = await makeTempDir();
  const template = join(tmp.path, 'portal_settings.py');
  await writeFile(template, TEMPLATE);
  withPortal = await startPrivateBus({
    kind: 'session',
    dir: join(tmp.path, 'with'),
    // Debian's python3 has the dbusmock module; another python3 first on PATH may not.
    services: [
      {
        name: 'org.freedesktop.portal.Desktop',
        exec: `/usr/bin/python3 -m dbusmock --template ${template}`,
      },
    ],
  });
  withoutPortal = await startPrivateBus({ kind: 'session', dir: join(tmp.path, 'without') });
});

afterAll(async () => {
  for (const conn of conns) conn.close();
  await withPortal?.stop();
  await withoutPortal?.stop();
  await tmp?.remove();
  if (savedAddress === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
  else process.env.DBUS_SESSION_BUS_ADDRESS = savedAddress;
});

test('0, 1 and 2 from ReadOne are no preference, dark and light', async () => {
  const conn = connect(withPortal);
  const adapter = new PortalAppearanceAdapter(conn);
  await expect(adapter.colorScheme()).resolves.toBe('no-preference');
  await setScheme(conn, 1);
  await expect(adapter.colorScheme()).resolves.toBe('dark');
  await setScheme(conn, 2);
  await expect(adapter.colorScheme()).resolves.toBe('light');
});

test('a portal without ReadOne is read through the older Read (one variant deeper)', async () => {
  const conn = connect(withPortal);
  await callMethod(conn, { ...MOCK, member: 'SetReadOne', signature: 'b', body: [false] });
  try {
    await setScheme(conn, 1);
    await expect(new PortalAppearanceAdapter(conn).colorScheme()).resolves.toBe('dark');
  } finally {
    await callMethod(conn, { ...MOCK, member: 'SetReadOne', signature: 'b', body: [true] });
  }
});

test('SettingChanged for the colour scheme reaches the listener with the new value', async () => {
  const conn = connect(withPortal);
  const adapter = new PortalAppearanceAdapter(conn);
  await setScheme(conn, 2);
  const seen: ColorScheme[] = [];
  let wake: () => void = () => {};
  const stop = adapter.watch((scheme) => {
    seen.push(scheme);
    wake();
  });
  try {
    // The match rule is in once a call after it has been answered (the bus handles them in order).
    await adapter.colorScheme();
    const arrived = new Promise<void>((resolve, reject) => {
      wake = resolve;
      setTimeout(() => reject(new Error('no SettingChanged within 10 s')), 10_000).unref();
    });
    await setScheme(conn, 1);
    await arrived;
    expect(seen).toEqual(['dark']);
  } finally {
    stop();
  }
});

test('no portal on the session bus: unknown (the UI then follows the browser)', async () => {
  const adapter = new PortalAppearanceAdapter(connect(withoutPortal));
  await expect(adapter.colorScheme()).resolves.toBe('unknown');
});
