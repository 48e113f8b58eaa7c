/**
 * The systemd adapter against a peer we did not write: python-dbusmock's `systemd` template on a
 * private system bus, and its `polkitd` template for the permission question. The template has
 * Manager.StartUnit/StopUnit/GetUnit and Mock.AddMockUnit, but neither ListUnits nor
 * ListUnitsFiltered nor RestartUnit: so first that must be a clear error, then the listing
 * methods are added through dbusmock's own Mock.AddMethod, reading the units AddMockUnit made.
 */
import dbus from 'dbus-next';
import { afterAll, beforeAll, expect, test } from 'vitest';

import { callMethod } from '../../electron/backends/dbus/call';
import { BusConnection } from '../../electron/backends/dbus/connection';
import { MANAGE_UNITS, SystemdDBusAdapter } from '../../electron/backends/systemd/adapter';
import { failedServicesCheck } from '../../electron/core/checks/failed-services';
import { runChecks } from '../../electron/core/checks/runner';
import { startPrivateBus, type PrivateBus } from '../../electron/demo/private-bus';
import { makeTempDir } from '../harness/tmp';

let bus: PrivateBus;
let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let conn: BusConnection;
const savedAddress = process.env.DBUS_SYSTEM_BUS_ADDRESS;

const SD = { destination: 'org.freedesktop.systemd1', path: '/org/freedesktop/systemd1' };
const MOCK = 'org.freedesktop.DBus.Mock';
const UNIT = 'org.freedesktop.systemd1.Unit';

function mock(
  member: string,
  signature: string,
  body: unknown[],
  path = SD.path,
  destination = SD.destination,
) {
  return callMethod(conn, { destination, path, interface: MOCK, member, signature, body });
}

/** The unit rows ListUnits would give, built in the mock from the objects AddMockUnit made. */
const LIST_CODE = [
  'import dbusmock.mockobject as mo',
  'rows = []',
  'for name, path in sorted(self.units.items()):',
  "    props = mo.objects[path].props['org.freedesktop.systemd1.Unit']",
  "    rows.append((name, props.get('Description', ''), props['LoadState'], props['ActiveState'], props.get('SubState', ''), '', dbus.ObjectPath(path), dbus.UInt32(0), '', dbus.ObjectPath('/')))",
].join('\n');

beforeAll(async () => {
  tmp = await makeTempDir();
  bus = await startPrivateBus({
    kind: 'system',
    dir: tmp.path,
    services: [
      {
        name: 'org.freedesktop.systemd1',
        exec: '/usr/bin/python3 -m dbusmock --system --template systemd',
      },
      {
        name: 'org.freedesktop.PolicyKit1',
        exec: '/usr/bin/python3 -m dbusmock --system --template polkitd',
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

test('a systemd that lists no units (the bare template) is an error, which the check shows as unknown', async () => {
  const adapter = new SystemdDBusAdapter(conn);
  await expect(adapter.failedUnits()).rejects.toMatchObject({
    name: 'KairnError',
    detail: expect.stringContaining('UnknownMethod') as unknown,
  });
  const [result] = await runChecks([failedServicesCheck(adapter)]);
  expect(result?.state).toBe('unknown');
});

test('failed units come back named by their Description, via the ListUnits fallback', async () => {
  await mock('AddMockUnit', 's', ['cups.service']);
  await mock('AddMockUnit', 's', ['fine.service']);
  await mock('AddMockUnit', 's', ['nodesc.service']);
  const cups = `${SD.path}/unit/cups_service`;
  await mock(
    'AddProperty',
    'ssv',
    [UNIT, 'Description', new dbus.Variant('s', 'CUPS Scheduler')],
    cups,
  );
  await mock(
    'UpdateProperties',
    'sa{sv}',
    [UNIT, { ActiveState: new dbus.Variant('s', 'failed') }],
    cups,
  );
  await mock(
    'UpdateProperties',
    'sa{sv}',
    [UNIT, { ActiveState: new dbus.Variant('s', 'failed') }],
    `${SD.path}/unit/nodesc_service`,
  );
  await mock(
    'UpdateProperties',
    'sa{sv}',
    [UNIT, { ActiveState: new dbus.Variant('s', 'active') }],
    `${SD.path}/unit/fine_service`,
  );
  await mock('AddMethod', 'sssss', [
    'org.freedesktop.systemd1.Manager',
    'ListUnits',
    '',
    'a(ssssssouso)',
    `${LIST_CODE}\nret = rows`,
  ]);

  const units = await new SystemdDBusAdapter(conn).failedUnits();
  expect(units.map((u) => [u.name, u.description, u.activeState])).toEqual([
    ['cups.service', 'CUPS Scheduler', 'failed'],
    ['nodesc.service', '', 'failed'],
  ]);
  const [result] = await runChecks([failedServicesCheck(new SystemdDBusAdapter(conn))]);
  expect(result?.summary).toBe(
    '2 system services have stopped with an error: CUPS Scheduler, nodesc.service.',
  );
  // polkitd's template refuses every action by default: no fix is offered.
  expect(result?.fix).toBeUndefined();
});

test('ListUnitsFiltered is used where systemd has it', async () => {
  // A plain loop: exec'd code cannot see `args` inside a comprehension's own scope.
  const filtered = `${LIST_CODE}\nwanted = args[0]\nret = []\nfor r in rows:\n    if r[3] in wanted:\n        ret.append(r)`;
  await mock('AddMethod', 'sssss', [
    'org.freedesktop.systemd1.Manager',
    'ListUnitsFiltered',
    'as',
    'a(ssssssouso)',
    filtered,
  ]);
  // ListUnits now fails loudly, so only the filtered call can produce the answer.
  await mock('AddMethod', 'sssss', [
    'org.freedesktop.systemd1.Manager',
    'ListUnits',
    '',
    'a(ssssssouso)',
    "raise dbus.exceptions.DBusException('not this one', name='org.freedesktop.DBus.Error.Failed')",
  ]);
  const units = await new SystemdDBusAdapter(conn).failedUnits();
  expect(units.map((u) => u.name)).toEqual(['cups.service', 'nodesc.service']);
});

test('where polkit allows manage-units the fix is offered, and a refused RestartUnit is a clear sentence', async () => {
  await mock(
    'SetAllowed',
    'as',
    [[MANAGE_UNITS]],
    '/org/freedesktop/PolicyKit1/Authority',
    'org.freedesktop.PolicyKit1',
  );
  const adapter = new SystemdDBusAdapter(conn);
  expect(await adapter.mayRestartUnits()).toBe(true);
  const check = failedServicesCheck(adapter);
  const [result] = await runChecks([check]);
  expect(result?.fix).toMatchObject({ id: 'restart-service', label: 'Restart the failed service' });

  await mock('AddMethod', 'sssss', [
    'org.freedesktop.systemd1.Manager',
    'RestartUnit',
    'ss',
    'o',
    "raise dbus.exceptions.DBusException('Interactive authentication required.', name='org.freedesktop.DBus.Error.InteractiveAuthorizationRequired')",
  ]);
  await expect(check.fixes?.[0]?.run(new AbortController().signal)).rejects.toMatchObject({
    code: 'access-denied',
    reason: 'restart-unit-refused',
    message: 'The system did not allow restarting the service. An administrator can restart it.',
  });
});

test('RestartUnit reaches systemd with the unit name and mode', async () => {
  await mock('AddMethod', 'sssss', [
    'org.freedesktop.systemd1.Manager',
    'RestartUnit',
    'ss',
    'o',
    "self.restarted = getattr(self, 'restarted', []) + [args[0] + ':' + args[1]]\nret = dbus.ObjectPath('/org/freedesktop/systemd1/job/1')",
  ]);
  await new SystemdDBusAdapter(conn).restartUnit('cups.service');
  const [calls] = await mock('GetMethodCalls', 's', ['RestartUnit']);
  expect(
    JSON.stringify(calls, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)),
  ).toContain('cups.service');
});
