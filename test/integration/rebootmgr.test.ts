/**
 * The rebootmgr reader against stand-ins written from the upstream interfaces: rebootmgr 3.x's
 * Varlink socket (test/fakes/rebootmgr-varlink.ts) under KAIRN_SYSROOT, and rebootmgr 2.x's
 * D-Bus object as a python-dbusmock mock on a private system bus (bus-activated, like the real
 * rebootmgrd). Bad peers: absent, a socket that refuses, silence, hang-ups, garbage, wrong types.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { callMethod } from '../../electron/backends/dbus/call';
import { BusConnection } from '../../electron/backends/dbus/connection';
import {
  REBOOTMGR_LEGACY,
  REBOOTMGR_SOCKET,
  RebootMgrAdapter,
} from '../../electron/backends/rebootmgr/adapter';
import { varlinkCall } from '../../electron/backends/rebootmgr/varlink';
import { startPrivateBus, type PrivateBus } from '../../electron/demo/private-bus';
import { RebootmgrVarlinkStandIn } from '../fakes/rebootmgr-varlink';
import { makeTempDir } from '../harness/tmp';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let bus: PrivateBus;
let conn: BusConnection;
let sysRoot: string;
const savedAddress = process.env.DBUS_SYSTEM_BUS_ADDRESS;

beforeAll(async () => {
  tmp = await makeTempDir();
  sysRoot = join(tmp.path, 'root');
  bus = await startPrivateBus({
    kind: 'system',
    dir: join(tmp.path, 'bus'),
    services: [
      {
        name: REBOOTMGR_LEGACY.destination,
        // A bare dbusmock object: its methods are added below from rebootmgr 2.6's XML.
        exec: `/usr/bin/python3 -m dbusmock --system ${REBOOTMGR_LEGACY.destination} ${REBOOTMGR_LEGACY.path} ${REBOOTMGR_LEGACY.interface}`,
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

/** An adapter whose D-Bus side finds no bus (only the Varlink side counts); closed after the read. */
async function readVarlinkOnly(timeoutMs = 3000): Promise<unknown> {
  const none = new BusConnection('system');
  try {
    return await new RebootMgrAdapter(none, sysRoot, timeoutMs).read();
  } finally {
    none.close();
  }
}

describe('rebootmgr 3.x over Varlink', () => {
  let standIn: RebootmgrVarlinkStandIn;
  let noLegacy: string;

  beforeAll(() => {
    // A D-Bus address where nothing listens: the 2.x fallback finds no bus, as on a 3.x system.
    noLegacy = `unix:path=${join(tmp.path, 'no-bus')}`;
  });

  const withoutLegacy = async <T>(run: () => Promise<T>): Promise<T> => {
    process.env.DBUS_SYSTEM_BUS_ADDRESS = noLegacy;
    try {
      return await run();
    } finally {
      process.env.DBUS_SYSTEM_BUS_ADDRESS = bus.address;
    }
  };

  afterEach(async () => {
    await standIn.stop();
  });

  it('reads strategy, window and a requested restart from FullStatus', async () => {
    standIn = new RebootmgrVarlinkStandIn(join(sysRoot, REBOOTMGR_SOCKET));
    await standIn.start();
    await expect(withoutLegacy(() => readVarlinkOnly())).resolves.toEqual({
      api: 'varlink',
      strategy: 'best-effort',
      windowStart: '03:30',
      windowDuration: '90min',
      windowMinutes: 90,
      dailyStart: '03:30',
      requested: false,
      rebootTime: null,
    });
    standIn.state = {
      status: 2,
      strategy: 3,
      method: 1,
      rebootTime: 'Wed 2026-12-02 03:30:00 CET',
      windowStart: 'Mon..Fri 22:00',
      windowSeconds: 3600,
    };
    await expect(withoutLegacy(() => readVarlinkOnly())).resolves.toMatchObject({
      strategy: 'maint-window',
      windowStart: 'Mon..Fri 22:00',
      windowMinutes: 60,
      // Not every night: no "Tonight" time is taken from it.
      dailyStart: null,
      requested: true,
      rebootTime: 'Wed 2026-12-02 03:30:00 CET',
    });
    expect(standIn.calls.every((m) => m === 'org.openSUSE.rebootmgr.FullStatus')).toBe(true);
  });

  it('without a window, and with strategy off', async () => {
    standIn = new RebootmgrVarlinkStandIn(join(sysRoot, REBOOTMGR_SOCKET));
    standIn.state = { ...standIn.state, strategy: 4, windowStart: null, windowSeconds: null };
    await standIn.start();
    await expect(withoutLegacy(() => readVarlinkOnly())).resolves.toMatchObject({
      strategy: 'off',
      windowStart: null,
      windowDuration: null,
      windowMinutes: null,
      dailyStart: null,
    });
  });

  it('the root-only methods answer PermissionDenied to a normal user (the stand-in is faithful)', async () => {
    standIn = new RebootmgrVarlinkStandIn(join(sysRoot, REBOOTMGR_SOCKET));
    await standIn.start();
    await expect(
      varlinkCall(join(sysRoot, REBOOTMGR_SOCKET), 'org.openSUSE.rebootmgr.Reboot', { Reboot: 1 }),
    ).rejects.toThrow('org.varlink.service.PermissionDenied');
  });

  it.each([
    ['garbage', 'garbage'],
    ['fields of the wrong type', 'wrong-shape'],
    ['a hang-up before the reply', 'hang-up'],
    ['a reply that never ends', 'endless'],
    ['silence', 'silent'],
  ] as const)('%s → nothing is said about rebootmgr (null), quickly', async (_name, mode) => {
    standIn = new RebootmgrVarlinkStandIn(join(sysRoot, REBOOTMGR_SOCKET));
    standIn.mode = mode;
    await standIn.start();
    const started = performance.now();
    await expect(withoutLegacy(() => readVarlinkOnly(500))).resolves.toBeNull();
    // Silence ends at the timeout, the rest at once; nothing waits for the 25 s D-Bus default.
    expect(performance.now() - started).toBeLessThan(mode === 'silent' ? 3000 : 1500);
  });

  it('a socket file nobody listens on (refused) and no socket at all → null', async () => {
    standIn = new RebootmgrVarlinkStandIn(join(sysRoot, REBOOTMGR_SOCKET));
    await standIn.start();
    await standIn.stop();
    await expect(withoutLegacy(() => readVarlinkOnly())).resolves.toBeNull();
    // A leftover plain file where the socket was: connect() is refused.
    await writeFile(join(sysRoot, REBOOTMGR_SOCKET), '');
    await expect(withoutLegacy(() => readVarlinkOnly())).resolves.toBeNull();
  });
});

describe('rebootmgr 2.x over D-Bus (python-dbusmock, methods from the 2.6 XML)', () => {
  const addMethod = (name: string, outSig: string, code: string): Promise<unknown[]> =>
    callMethod(conn, {
      destination: REBOOTMGR_LEGACY.destination,
      path: REBOOTMGR_LEGACY.path,
      interface: 'org.freedesktop.DBus.Mock',
      member: 'AddMethod',
      signature: 'sssss',
      body: [REBOOTMGR_LEGACY.interface, name, '', outSig, code],
    });

  it('reads GetStrategy, GetMaintenanceWindow and Status when no Varlink socket is there', async () => {
    await addMethod('GetStrategy', 'u', 'ret = dbus.UInt32(3)');
    await addMethod('GetMaintenanceWindow', 'ss', 'ret = ("03:30", "1h30m")');
    await addMethod('Status', 'u', 'ret = dbus.UInt32(2)');
    await expect(new RebootMgrAdapter(conn, sysRoot).read()).resolves.toEqual({
      api: 'dbus',
      strategy: 'maint-window',
      windowStart: '03:30',
      windowDuration: '1h30m',
      windowMinutes: 90,
      dailyStart: '03:30',
      requested: true,
      rebootTime: null,
    });
  });

  it('prefers the 3.x socket where both answer', async () => {
    const standIn = new RebootmgrVarlinkStandIn(join(sysRoot, REBOOTMGR_SOCKET));
    await standIn.start();
    try {
      await expect(new RebootMgrAdapter(conn, sysRoot).read()).resolves.toMatchObject({
        api: 'varlink',
      });
    } finally {
      await standIn.stop();
    }
  });

  it('a 2.x daemon answering with the wrong types → null, not a guess', async () => {
    await addMethod('GetStrategy', 's', 'ret = "maint-window"');
    await expect(new RebootMgrAdapter(conn, sysRoot).read()).resolves.toBeNull();
  });
});
