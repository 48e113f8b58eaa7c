import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { callMethod } from '../../electron/backends/dbus/call';
import { BusConnection } from '../../electron/backends/dbus/connection';
import { LogindRestartAdapter } from '../../electron/backends/logind/adapter';
import { LOGIND } from '../../electron/backends/logind/proxy';
import { startPrivateBus, type PrivateBus } from '../../electron/demo/private-bus';
import { waitForProcessesGone } from '../../electron/demo/teardown';
import { simulatorScript } from '../../electron/hosts/paths';
import { makeTempDir } from '../harness/tmp';
import { assertBuilt } from './helpers/kairn-process';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let bus: PrivateBus;
let conn: BusConnection;

/** "direction type" of each argument of one method in introspection XML. */
function methodArgs(xml: string, name: string): string[] {
  const body = new RegExp(`<method name="${name}">([\\s\\S]*?)</method>`).exec(xml)?.[1] ?? '';
  return [...body.matchAll(/<arg ([^>]*)\/>/g)].map(([, attrs]) => {
    const direction = /direction="(\w+)"/.exec(attrs ?? '')?.[1] ?? 'in';
    const type = /type="([^"]+)"/.exec(attrs ?? '')?.[1] ?? '?';
    return `${direction} ${type}`;
  });
}

function manager(member: string, signature = '', body: unknown[] = []): Promise<unknown[]> {
  return callMethod(conn, { ...LOGIND, member, signature, body }, { timeoutMs: 10_000 });
}

beforeAll(async () => {
  assertBuilt();
  tmp = await makeTempDir('kairn-logind-');
  const busDir = join(tmp.path, 'bus');
  bus = await startPrivateBus({
    kind: 'system',
    dir: busDir,
    services: [
      {
        name: LOGIND.destination,
        exec: `${process.execPath} ${simulatorScript()} logind --state ${join(tmp.path, 'state')}`,
      },
    ],
    env: { DBUS_SYSTEM_BUS_ADDRESS: `unix:path=${join(busDir, 'bus')}` },
  });
  const saved = process.env.DBUS_SYSTEM_BUS_ADDRESS;
  process.env.DBUS_SYSTEM_BUS_ADDRESS = bus.address;
  conn = new BusConnection('system');
  conn.get();
  process.env.DBUS_SYSTEM_BUS_ADDRESS = saved;
});

afterAll(async () => {
  conn?.close();
  if (bus) {
    await bus.stop();
    await waitForProcessesGone([bus.pid]);
  }
  await tmp?.remove();
});

describe('logind simulator + LogindRestartAdapter', () => {
  const adapter = (): LogindRestartAdapter => new LogindRestartAdapter(conn);

  it('has logind’s member names and signatures', async () => {
    const [xml] = await callMethod(conn, {
      destination: LOGIND.destination,
      path: LOGIND.path,
      interface: 'org.freedesktop.DBus.Introspectable',
      member: 'Introspect',
    });
    const text = String(xml);
    expect(text).toContain(`<interface name="${LOGIND.interface}">`);
    expect(methodArgs(text, 'ScheduleShutdown')).toEqual(['in s', 'in t']);
    expect(methodArgs(text, 'CancelScheduledShutdown')).toEqual(['out b']);
    expect(methodArgs(text, 'CanReboot')).toEqual(['out s']);
    expect(methodArgs(text, 'Reboot')).toEqual(['in b']);
    const property = /<property [^>]*name="ScheduledShutdown"[^>]*>/.exec(text)?.[0] ?? '';
    expect(property).toContain('type="(st)"');
    expect(property).toContain('access="read"');
  });

  it('reads ("", 0) as nothing scheduled', async () => {
    expect(await adapter().scheduled()).toBeNull();
  });

  it('reads back a scheduled reboot as a date', async () => {
    const at = new Date('2026-11-24T02:30:00Z');
    await manager('ScheduleShutdown', 'st', ['reboot', BigInt(at.getTime()) * 1000n]);
    expect(await adapter().scheduled()).toEqual({ type: 'reboot', at });
  });

  it('rejects an unknown shutdown type with InvalidArgs', async () => {
    const error: unknown = await manager('ScheduleShutdown', 'st', ['explode', 1n]).catch(
      (err: unknown) => err,
    );
    expect(error).toMatchObject({ code: 'backend-failed' });
    expect((error as { detail?: string }).detail).toContain(
      'org.freedesktop.DBus.Error.InvalidArgs',
    );
  });

  it('cancels (true once, then false)', async () => {
    expect(await manager('CancelScheduledShutdown')).toEqual([true]);
    expect(await manager('CancelScheduledShutdown')).toEqual([false]);
    expect(await adapter().scheduled()).toBeNull();
  });

  it('records Reboot instead of rebooting', async () => {
    expect(await manager('CanReboot')).toEqual(['yes']);
    await manager('Reboot', 'b', [false]);
    const state = JSON.parse(await readFile(join(tmp.path, 'state', 'logind.json'), 'utf8')) as {
      reboots: { interactive: boolean }[];
    };
    expect(state.reboots).toEqual([expect.objectContaining({ interactive: false })]);
  });
});
