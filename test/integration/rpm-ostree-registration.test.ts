/**
 * Kairn registers with rpm-ostreed (Sysroot.RegisterClient) around its transactions, for going
 * back and for switching editions alike, and gives the registration back afterwards
 * (UnregisterClient), so the daemon can idle-exit once Kairn is done (reference §4.1). Seen from
 * the daemon: the running transaction names Kairn's client id, and the daemon leaves when idle.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import dbus from 'dbus-next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { callMethod } from '../../electron/backends/dbus/call';
import { BusConnection } from '../../electron/backends/dbus/connection';
import { PeerClient } from '../../electron/backends/dbus/p2p/client';
import { Variant as PeerVariant } from '../../electron/backends/dbus/p2p/codec';
import { RpmOstreeRebase } from '../../electron/backends/editions/rpm-ostree-rebase';
import { RpmOstreeRestorePoints } from '../../electron/backends/restore-points/rpm-ostree';
import { RpmOstreeRegistration } from '../../electron/backends/rpm-ostree/registration';
import { startPrivateBus, type PrivateBus } from '../../electron/demo/private-bus';
import { waitForProcessesGone } from '../../electron/demo/teardown';
import { simulatorScript } from '../../electron/hosts/paths';
import { seedScene } from '../../electron/simulators/rpm-ostree/scenes';
import {
  RpmOstreeStateSchema,
  type RpmOstreeState,
} from '../../electron/simulators/rpm-ostree/state';
import { makeTempDir } from '../harness/tmp';
import { assertBuilt } from './helpers/kairn-process';

const NAME = 'org.projectatomic.rpmostree1';
const SYSROOT = '/org/projectatomic/rpmostree1/Sysroot';
const SYSROOT_IFACE = 'org.projectatomic.rpmostree1.Sysroot';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let bus: PrivateBus;
let conn: BusConnection;
let watcher: dbus.MessageBus;
let stateFile: string;
let previousAddress: string | undefined;
const seed = seedScene('kinoite', { idleExitTimeout: 0 });
seed.config.stepMs = 10;

async function editState(change: (s: RpmOstreeState) => void): Promise<void> {
  const state = RpmOstreeStateSchema.parse(JSON.parse(await readFile(stateFile, 'utf8')));
  change(state);
  await writeFile(stateFile, JSON.stringify(state));
}

/** The seeded system with a transaction that never finishes and a one-second idle exit. */
async function hangingTransactionsAndQuickIdleExit(): Promise<void> {
  await writeFile(stateFile, JSON.stringify(seed));
  await editState((s) => {
    s.config.idleExitTimeout = 1;
    s.faults.neverFinish = true;
  });
}

/** Resolves when rpm-ostreed leaves the bus (idle exit); bounded so a registration left behind fails. */
function daemonLeaves(timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      watcher.removeListener('message', onMessage);
      reject(new Error(`rpm-ostreed still on the bus after ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (m: dbus.Message): void => {
      if (m.member !== 'NameOwnerChanged' || m.body[0] !== NAME || m.body[2] !== '') return;
      clearTimeout(timer);
      watcher.removeListener('message', onMessage);
      resolve();
    };
    watcher.on('message', onMessage);
  });
}

/** The running transaction's InitiatingClientDescription, read on its private socket. */
async function initiator(): Promise<string> {
  const [path] = await callMethod(conn, {
    destination: NAME,
    path: SYSROOT,
    interface: 'org.freedesktop.DBus.Properties',
    member: 'Get',
    signature: 'ss',
    body: [SYSROOT_IFACE, 'ActiveTransactionPath'],
  });
  const address = path instanceof dbus.Variant ? (path.value as unknown) : path;
  const peer = await PeerClient.open(String(address));
  try {
    const [value] = await peer.call(
      '/',
      'org.freedesktop.DBus.Properties',
      'Get',
      'ss',
      ['org.projectatomic.rpmostree1.Transaction', 'InitiatingClientDescription'],
      5000,
    );
    const text: unknown = value instanceof PeerVariant ? value.value : value;
    if (typeof text !== 'string') throw new Error('InitiatingClientDescription is not a string');
    return text;
  } finally {
    peer.close();
  }
}

/** Runs `work` until its transaction reports progress, checks who started it, then cancels it. */
async function initiatorOf(
  work: (signal: AbortSignal, progressed: () => void) => Promise<void>,
): Promise<string> {
  const abort = new AbortController();
  let progressed!: () => void;
  const started = new Promise<void>((resolve) => (progressed = resolve));
  const running = work(abort.signal, () => progressed());
  running.catch(() => undefined);
  await started;
  const description = await initiator();
  abort.abort();
  await expect(running).rejects.toMatchObject({ code: 'cancelled' });
  return description;
}

beforeAll(async () => {
  assertBuilt();
  tmp = await makeTempDir('kairn-rpm-ostree-registration-');
  const stateDir = join(tmp.path, 'state');
  stateFile = join(stateDir, 'rpm-ostree.json');
  await mkdir(stateDir, { recursive: true });
  await writeFile(stateFile, JSON.stringify(seed));
  const busDir = join(tmp.path, 'bus');
  bus = await startPrivateBus({
    kind: 'system',
    dir: busDir,
    services: [
      {
        name: NAME,
        exec: `${process.execPath} ${simulatorScript()} rpm-ostree --state ${stateDir}`,
      },
    ],
    env: { DBUS_SYSTEM_BUS_ADDRESS: `unix:path=${join(busDir, 'bus')}` },
  });
  previousAddress = process.env.DBUS_SYSTEM_BUS_ADDRESS;
  process.env.DBUS_SYSTEM_BUS_ADDRESS = bus.address;
  conn = new BusConnection('system');
  // Reads keep the registration only briefly here, so the idle exit comes soon after the work.
  RpmOstreeRegistration.of(conn, { lingerMs: 100 });
  watcher = dbus.sessionBus({ busAddress: bus.address });
  await watcher.call(
    new dbus.Message({
      destination: 'org.freedesktop.DBus',
      path: '/org/freedesktop/DBus',
      interface: 'org.freedesktop.DBus',
      member: 'AddMatch',
      signature: 's',
      body: ["type='signal',member='NameOwnerChanged'"],
    }),
  );
}, 60_000);

afterAll(async () => {
  watcher?.disconnect();
  conn?.close();
  if (previousAddress === undefined) delete process.env.DBUS_SYSTEM_BUS_ADDRESS;
  else process.env.DBUS_SYSTEM_BUS_ADDRESS = previousAddress;
  if (bus) {
    await bus.stop();
    await waitForProcessesGone([bus.pid]);
  }
  await tmp?.remove();
});

describe('Kairn’s registration with rpm-ostreed', () => {
  it('going back runs as a registered client, and the daemon may leave once it is over', async () => {
    await hangingTransactionsAndQuickIdleExit();
    const points = new RpmOstreeRestorePoints(conn);
    const [, rollback] = await points.list();
    if (!rollback) throw new Error('the seed has no second restore point');
    const left = daemonLeaves();
    left.catch(() => undefined);
    const description = await initiatorOf((signal, progressed) =>
      points.goBack(rollback.id, signal, progressed),
    );
    expect(description).toMatch(/^client\(id:kairn dbus:1\.\d+ uid:\d+\)$/);
    await left;
  }, 30_000);

  it('switching editions runs as a registered client, and the daemon may leave once it is over', async () => {
    await hangingTransactionsAndQuickIdleExit();
    const rebase = new RpmOstreeRebase(conn);
    const left = daemonLeaves();
    left.catch(() => undefined);
    const description = await initiatorOf((signal, progressed) =>
      rebase.rebase('fedora:fedora/44/x86_64/kinoite', signal, progressed),
    );
    expect(description).toMatch(/^client\(id:kairn dbus:1\.\d+ uid:\d+\)$/);
    await left;
  }, 30_000);
});
