/**
 * Scheduling a restart through the logind adapter against two peers: our logind simulator and
 * python-dbusmock's logind template (a peer we did not write), the latter extended here with
 * ScheduleShutdown / CancelScheduledShutdown / ScheduledShutdown as logind has them. Each also
 * refuses the way polkit does (AccessDenied), and an absent logind is a clear service-missing.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import dbus from 'dbus-next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { callMethod } from '../../electron/backends/dbus/call';
import { BusConnection } from '../../electron/backends/dbus/connection';
import { LogindRestartAdapter } from '../../electron/backends/logind/adapter';
import { LOGIND } from '../../electron/backends/logind/proxy';
import { startPrivateBus, type PrivateBus } from '../../electron/demo/private-bus';
import { simulatorScript } from '../../electron/hosts/paths';
import { makeTempDir } from '../harness/tmp';
import { assertBuilt } from './helpers/kairn-process';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
const buses: PrivateBus[] = [];
const conns: BusConnection[] = [];

/** A private system bus with these activatable services, and a connection to it. */
async function systemBus(
  name: string,
  services: { name: string; exec: string }[],
): Promise<BusConnection> {
  const dir = join(tmp.path, name);
  const bus = await startPrivateBus({
    kind: 'system',
    dir,
    services,
    env: { DBUS_SYSTEM_BUS_ADDRESS: `unix:path=${join(dir, 'bus')}` },
  });
  buses.push(bus);
  const saved = process.env.DBUS_SYSTEM_BUS_ADDRESS;
  process.env.DBUS_SYSTEM_BUS_ADDRESS = bus.address;
  const conn = new BusConnection('system');
  conn.get();
  process.env.DBUS_SYSTEM_BUS_ADDRESS = saved;
  conns.push(conn);
  return conn;
}

async function simulatorWith(name: string, state: object): Promise<BusConnection> {
  const stateDir = join(tmp.path, `${name}-state`);
  await mkdir(stateDir, { recursive: true });
  await writeFile(
    join(stateDir, 'logind.json'),
    JSON.stringify({ scheduled: null, reboots: [], ...state }),
  );
  return systemBus(name, [
    {
      name: LOGIND.destination,
      exec: `${process.execPath} ${simulatorScript()} logind --state ${stateDir}`,
    },
  ]);
}

const MOCK = {
  destination: LOGIND.destination,
  path: LOGIND.path,
  interface: 'org.freedesktop.DBus.Mock',
};

/** dbusmock's logind, taught logind's scheduling members (the template has none). */
async function dbusmockLogind(name: string, deny: boolean): Promise<BusConnection> {
  const conn = await systemBus(name, [
    { name: LOGIND.destination, exec: '/usr/bin/python3 -m dbusmock --system --template logind' },
  ]);
  await callMethod(conn, {
    ...MOCK,
    member: 'AddProperty',
    signature: 'ssv',
    body: [LOGIND.interface, 'ScheduledShutdown', new dbus.Variant('(st)', ['', 0n])],
  });
  const refuse =
    'raise dbus.exceptions.DBusException("Permission denied", name="org.freedesktop.DBus.Error.AccessDenied")';
  const set = (value: string): string =>
    `self.Set("${LOGIND.interface}", "ScheduledShutdown", ${value})`;
  const methods: [string, string, string, string][] = [
    [
      'ScheduleShutdown',
      'st',
      '',
      deny ? refuse : set('dbus.Struct((args[0], dbus.UInt64(args[1])), signature="st")'),
    ],
    [
      'CancelScheduledShutdown',
      '',
      'b',
      deny
        ? refuse
        : `ret = self.Get("${LOGIND.interface}", "ScheduledShutdown")[0] != ""\n${set('dbus.Struct(("", dbus.UInt64(0)), signature="st")')}`,
    ],
  ];
  await callMethod(conn, {
    ...MOCK,
    member: 'AddMethods',
    signature: 'sa(ssss)',
    body: [LOGIND.interface, methods],
  });
  return conn;
}

beforeAll(async () => {
  assertBuilt();
  tmp = await makeTempDir('kairn-restart-logind-');
});

afterAll(async () => {
  for (const c of conns) c.close();
  for (const b of buses) await b.stop();
  await tmp?.remove();
});

describe.each([
  [
    'our logind simulator',
    (n: string) => simulatorWith(n, {}),
    (n: string) => simulatorWith(n, { deny: true }),
  ],
  [
    'python-dbusmock logind',
    (n: string) => dbusmockLogind(n, false),
    (n: string) => dbusmockLogind(n, true),
  ],
])('%s', (peer, allowing, denying) => {
  const slug = peer.replace(/\W+/g, '-');

  it('schedules a reboot, reads the exact time back from ScheduledShutdown, and cancels it', async () => {
    const adapter = new LogindRestartAdapter(await allowing(`${slug}-ok`));
    const at = new Date('2031-01-02T03:00:00Z');
    await adapter.schedule('reboot', at);
    expect(await adapter.scheduled()).toEqual({ type: 'reboot', at });
    expect(await adapter.cancel()).toBe(true);
    expect(await adapter.scheduled()).toBeNull();
    expect(await adapter.cancel()).toBe(false);
    expect(await adapter.inhibitors()).toEqual([]);
  });

  it('passes polkit refusing on as access-denied with the restart reason, and nothing is scheduled', async () => {
    const adapter = new LogindRestartAdapter(await denying(`${slug}-deny`));
    await expect(
      adapter.schedule('reboot', new Date('2031-01-02T03:00:00Z')),
    ).rejects.toMatchObject({ code: 'access-denied', reason: 'restart-not-permitted' });
    expect(await adapter.scheduled()).toBeNull();
  });
});

it('lists inhibitors as logind does (a(ssssuu)), from the simulator', async () => {
  const adapter = new LogindRestartAdapter(
    await simulatorWith('inhibit', {
      inhibitors: [['shutdown:sleep', 'Writer', 'Unsaved document', 'delay', 1000, 4242]],
    }),
  );
  expect(await adapter.inhibitors()).toEqual([
    {
      what: 'shutdown:sleep',
      who: 'Writer',
      why: 'Unsaved document',
      mode: 'delay',
      uid: 1000,
      pid: 4242,
    },
  ]);
});

it('an absent logind is service-missing, not a hang', async () => {
  const adapter = new LogindRestartAdapter(await systemBus('empty', []));
  await expect(adapter.schedule('reboot', new Date('2031-01-02T03:00:00Z'))).rejects.toMatchObject({
    code: 'service-missing',
  });
  await expect(adapter.scheduled()).rejects.toMatchObject({ code: 'service-missing' });
});
