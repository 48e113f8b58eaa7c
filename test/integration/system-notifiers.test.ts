/**
 * The system-notifier rule on a real (private) session bus: a peer takes Discover's notifier name
 * as KDBusService does (org.kde.discover.notifier), and the probe sees it come and go.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import dbus from 'dbus-next';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { BusConnection } from '../../electron/backends/dbus/connection';
import { startPrivateBus, type PrivateBus } from '../../electron/demo/private-bus';
import {
  DISCOVER_NOTIFIER_NAME,
  systemNotifierFor,
} from '../../electron/notifier/system-notifiers';
import { systemNotifierProbe } from '../../electron/notifier/system-notifiers-probe';
import { makeTempDir } from '../harness/tmp';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let bus: PrivateBus;
let conn: BusConnection;
const saved = process.env.DBUS_SESSION_BUS_ADDRESS;

beforeAll(async () => {
  tmp = await makeTempDir();
  bus = await startPrivateBus({ kind: 'session', dir: join(tmp.path, 'bus') });
  process.env.DBUS_SESSION_BUS_ADDRESS = bus.address;
  conn = new BusConnection('session');
  await mkdir(join(tmp.path, 'root/run'), { recursive: true });
  await writeFile(join(tmp.path, 'root/run/ostree-booted'), '');
});

afterAll(async () => {
  conn?.close();
  await bus?.stop();
  await tmp?.remove();
  if (saved === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
  else process.env.DBUS_SESSION_BUS_ADDRESS = saved;
});

it("sees Discover's notifier take and drop its name", async () => {
  const probe = systemNotifierProbe(conn, join(tmp.path, 'root'), {
    HOME: tmp.path,
    XDG_RUNTIME_DIR: join(tmp.path, 'run-user'),
  });
  const staged = ['staged-deployment'];
  expect(await systemNotifierFor(staged, probe)).toBeNull();
  const discover = dbus.sessionBus({ busAddress: bus.address });
  try {
    await discover.requestName(DISCOVER_NOTIFIER_NAME, 0);
    expect(await systemNotifierFor(staged, probe)).toBe('discover');
    await discover.releaseName(DISCOVER_NOTIFIER_NAME);
    expect(await systemNotifierFor(staged, probe)).toBeNull();
  } finally {
    discover.disconnect();
  }
});
