/**
 * logind's one-shot boot entry (reference §6.2): first the logind simulator's members, exactly as
 * logind spells them; then LogindBootEntries against a peer we did not write, python-dbusmock's
 * logind template, which lacks these members (so an older logind is a normal state) until the test
 * adds them through dbusmock's own Mock interface.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import dbus from 'dbus-next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { callMethod } from '../../electron/backends/dbus/call';
import { BusConnection } from '../../electron/backends/dbus/connection';
import {
  LogindBootEntries,
  SET_BOOT_ENTRY_ACTION,
} from '../../electron/backends/logind/boot-entries';
import { LOGIND } from '../../electron/backends/logind/proxy';
import { startPrivateBus, type PrivateBus } from '../../electron/demo/private-bus';
import { waitForProcessesGone } from '../../electron/demo/teardown';
import { simulatorScript } from '../../electron/hosts/paths';
import { KairnError } from '../../electron/core/errors';
import { makeTempDir } from '../harness/tmp';
import { assertBuilt } from './helpers/kairn-process';
import { interfaceMembers, methodArgs } from './helpers/simulated-service';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;

async function privateSystemBus(
  dir: string,
  exec: string,
): Promise<{ bus: PrivateBus; conn: BusConnection }> {
  const bus = await startPrivateBus({
    kind: 'system',
    dir,
    services: [{ name: LOGIND.destination, exec }],
    env: { DBUS_SYSTEM_BUS_ADDRESS: `unix:path=${join(dir, 'bus')}` },
  });
  const saved = process.env.DBUS_SYSTEM_BUS_ADDRESS;
  process.env.DBUS_SYSTEM_BUS_ADDRESS = bus.address;
  const conn = new BusConnection('system');
  conn.get();
  if (saved === undefined) delete process.env.DBUS_SYSTEM_BUS_ADDRESS;
  else process.env.DBUS_SYSTEM_BUS_ADDRESS = saved;
  return { bus, conn };
}

async function failure(promise: Promise<unknown>): Promise<KairnError> {
  const err: unknown = await promise.then(
    () => new Error('the call succeeded'),
    (e: unknown) => e,
  );
  if (!(err instanceof KairnError)) throw err;
  return err;
}

beforeAll(async () => {
  tmp = await makeTempDir('kairn-logind-boot-');
});
afterAll(() => tmp?.remove());

describe('the logind simulator', () => {
  let bus: PrivateBus;
  let conn: BusConnection;
  let stateDir: string;

  beforeAll(async () => {
    assertBuilt();
    stateDir = join(tmp.path, 'sim-state');
    await mkdir(stateDir, { recursive: true });
    ({ bus, conn } = await privateSystemBus(
      join(tmp.path, 'sim-bus'),
      [process.execPath, simulatorScript(), 'logind', '--state', stateDir].join(' '),
    ));
  });
  afterAll(async () => {
    conn?.close();
    await bus?.stop();
    if (bus) await waitForProcessesGone([bus.pid]);
  });

  const bootLoader = (state: object): Promise<void> =>
    writeFile(join(stateDir, 'bootloader.json'), JSON.stringify(state));

  it('has the boot-entry members with logind’s signatures', async () => {
    const [xml] = await callMethod(conn, {
      ...LOGIND,
      interface: 'org.freedesktop.DBus.Introspectable',
      member: 'Introspect',
    });
    expect(methodArgs(String(xml), 'CanRebootToBootLoaderEntry')).toEqual(['out s']);
    expect(methodArgs(String(xml), 'SetRebootToBootLoaderEntry')).toEqual(['in s']);
    expect(interfaceMembers(String(xml), LOGIND.interface, 'property')).toEqual(
      expect.arrayContaining(['BootLoaderEntries', 'RebootToBootLoaderEntry']),
    );
    expect(String(xml)).toMatch(/<property name="BootLoaderEntries" type="as"/);
    expect(String(xml)).toMatch(/<property name="RebootToBootLoaderEntry" type="s"/);
  });

  it('without boot loader support: "na", and setting fails as logind does', async () => {
    const entries = new LogindBootEntries(conn);
    expect(await entries.can()).toBe('na');
    expect(await entries.entries()).toEqual([]);
    const err = await failure(entries.set(''));
    expect(err.detail).toBe(
      'org.freedesktop.DBus.Error.NotSupported: Loader does not support boot into boot loader entry.',
    );
  });

  it('sets and clears the one-shot entry; unknown and invalid names are refused', async () => {
    await bootLoader({ entries: ['kde-linux_1.efi'], oneShotSupported: true });
    const entries = new LogindBootEntries(conn);
    expect(await entries.can()).toBe('yes');
    await entries.set('kde-linux_1.efi');
    expect(await entries.oneShot()).toBe('kde-linux_1.efi');
    await entries.set('');
    expect(await entries.oneShot()).toBe('');
    const unknown = await failure(entries.set('kde-linux_2.efi'));
    expect(unknown).toMatchObject({ code: 'not-found', reason: 'boot-entry-missing' });
    expect(unknown.detail).toBe(
      "org.freedesktop.DBus.Error.NotSupported: Boot loader entry 'kde-linux_2.efi' is not known.",
    );
    const invalid = await failure(entries.set('../x'));
    expect(invalid.detail).toContain('org.freedesktop.DBus.Error.InvalidArgs');
  });

  it('polkit refusing: CanReboot… says "no" and the call is access-denied naming the action', async () => {
    await bootLoader({
      entries: ['kde-linux_1.efi'],
      oneShotSupported: true,
      polkitDenied: [SET_BOOT_ENTRY_ACTION],
    });
    const entries = new LogindBootEntries(conn);
    expect(await entries.can()).toBe('no');
    const err = await failure(entries.set('kde-linux_1.efi'));
    expect(err).toMatchObject({ code: 'access-denied', reason: 'boot-entry-not-allowed' });
    expect(err.detail).toBe(
      `${SET_BOOT_ENTRY_ACTION}: org.freedesktop.DBus.Error.AccessDenied: Permission denied`,
    );
    expect(await entries.oneShot()).toBe('');
  });
});

describe("python-dbusmock's logind template", () => {
  let bus: PrivateBus;
  let conn: BusConnection;

  const mock = (member: string, signature: string, body: unknown[]): Promise<unknown[]> =>
    callMethod(conn, {
      ...LOGIND,
      interface: 'org.freedesktop.DBus.Mock',
      member,
      signature,
      body,
    });

  beforeAll(async () => {
    // Debian's python3 has the dbusmock module; another python3 first on PATH may not.
    ({ bus, conn } = await privateSystemBus(
      join(tmp.path, 'mock-bus'),
      '/usr/bin/python3 -m dbusmock --system --template logind',
    ));
  });
  afterAll(async () => {
    conn?.close();
    await bus?.stop();
  });

  it('a logind without the boot-entry properties lists no entries and no one-shot entry', async () => {
    const entries = new LogindBootEntries(conn);
    expect(await entries.entries()).toEqual([]);
    expect(await entries.oneShot()).toBe('');
  });

  it('with the members added as logind has them: read, set, clear, refuse', async () => {
    await mock('AddProperty', 'ssv', [
      LOGIND.interface,
      'BootLoaderEntries',
      new dbus.Variant('as', ['kde-linux_7.efi', 'kde-linux_8.efi']),
    ]);
    await mock('AddProperty', 'ssv', [
      LOGIND.interface,
      'RebootToBootLoaderEntry',
      new dbus.Variant('s', ''),
    ]);
    // Written from reference §6.2 and logind-dbus.c's messages, not from our simulator.
    await mock('AddMethods', 'sa(ssss)', [
      LOGIND.interface,
      [
        ['CanRebootToBootLoaderEntry', '', 's', 'ret = "yes"'],
        [
          'SetRebootToBootLoaderEntry',
          's',
          '',
          [
            "if args[0] == 'denied.efi':",
            "    raise dbus.exceptions.DBusException('Permission denied', name='org.freedesktop.DBus.Error.AccessDenied')",
            "if args[0] and args[0] not in self.Get('org.freedesktop.login1.Manager', 'BootLoaderEntries'):",
            "    raise dbus.exceptions.DBusException(\"Boot loader entry '%s' is not known.\" % args[0], name='org.freedesktop.DBus.Error.NotSupported')",
            "self.Set('org.freedesktop.login1.Manager', 'RebootToBootLoaderEntry', args[0])",
          ].join('\n'),
        ],
      ],
    ]);
    const entries = new LogindBootEntries(conn);
    expect(await entries.can()).toBe('yes');
    expect(await entries.entries()).toEqual(['kde-linux_7.efi', 'kde-linux_8.efi']);
    await entries.set('kde-linux_7.efi');
    expect(await entries.oneShot()).toBe('kde-linux_7.efi');
    await entries.set('');
    expect(await entries.oneShot()).toBe('');
    await expect(entries.set('kde-linux_6.efi')).rejects.toMatchObject({
      code: 'not-found',
      reason: 'boot-entry-missing',
    });
    const denied = await failure(entries.set('denied.efi'));
    expect(denied).toMatchObject({ code: 'access-denied', reason: 'boot-entry-not-allowed' });
    expect(denied.detail).toContain(SET_BOOT_ENTRY_ACTION);
  });
});
