/**
 * The long-running notifier against peers on private buses: our logind simulator (system bus),
 * python-dbusmock's notification_daemon template (a peer we did not write) and a
 * StatusNotifierWatcher stand-in (session bus). Waits are on real events (dbusmock's
 * MethodCalled signal, the watcher's registration, a finished API call), each bounded.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import dbus from 'dbus-next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createPorts } from '../../electron/backends/compose';
import { callMethod } from '../../electron/backends/dbus/call';
import { BusConnection, BusConnections } from '../../electron/backends/dbus/connection';
import { LogindRestartAdapter } from '../../electron/backends/logind/adapter';
import { LOGIND } from '../../electron/backends/logind/proxy';
import { createCore, type Core } from '../../electron/core/compose';
import type { KairnEnvironment } from '../../electron/core/env';
import { nextLocalTime } from '../../electron/core/restart/when';
import { startPrivateBus, type PrivateBus } from '../../electron/demo/private-bus';
import { inProcessTransport } from '../../electron/hosts/in-process-transport';
import { simulatorScript } from '../../electron/hosts/paths';
import { MemoryStore } from '../../electron/notifier/memory';
import { Notifier } from '../../electron/notifier/notifier';
import { NOTIFICATIONS, NotificationsClient } from '../../electron/notifier/notifications';
import { runLongLived } from '../../electron/notifier/run';
import { ITEM_PATH, MENU_PATH, WATCHER } from '../../electron/notifier/tray';
import { createClient, type KairnClient } from '../../shared/api/client';
import { makeTempDir } from '../harness/tmp';
import { assertBuilt } from './helpers/kairn-process';

const TIMEOUT = 10_000;
const KALPA =
  'NAME="openSUSE Kalpa"\nID="opensuse-kalpa"\nID_LIKE="opensuse suse"\nPRETTY_NAME="openSUSE Kalpa"\n';
const MOCK_IFACE = 'org.freedesktop.DBus.Mock';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let system: PrivateBus;
let session: PrivateBus;
let conns: BusConnections;
let core: Core;
let env: KairnEnvironment;
const calls = new EventEmitter();
let client: KairnClient;
const saved = {
  system: process.env.DBUS_SYSTEM_BUS_ADDRESS,
  session: process.env.DBUS_SESSION_BUS_ADDRESS,
};

/** Rejects after `ms`, so every wait is bounded. */
function within<T>(promise: Promise<T>, what: string, ms = TIMEOUT): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms)),
  );
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

/** A raw session-bus connection of the test's own (peer side). */
function peer(address: string): dbus.MessageBus {
  return dbus.sessionBus({ busAddress: address });
}

/** dbusmock's MethodCalled(s name, av args) for `member`, as a queue of argument lists. */
function methodCalls(
  bus: dbus.MessageBus,
  member: string,
): { next(): Promise<unknown[]>; all(): unknown[][] } {
  const seen: unknown[][] = [];
  const waiting: ((args: unknown[]) => void)[] = [];
  bus.on('message', (msg: dbus.Message) => {
    if (
      msg.type !== dbus.MessageType.SIGNAL ||
      msg.interface !== MOCK_IFACE ||
      msg.member !== 'MethodCalled'
    )
      return;
    if (msg.body[0] !== member) return;
    const args = (msg.body[1] as dbus.Variant[]).map((v): unknown => v.value);
    seen.push(args);
    waiting.shift()?.(args);
  });
  let taken = 0;
  return {
    next: () => {
      const ready = seen[taken];
      taken += 1;
      return ready
        ? Promise.resolve(ready)
        : within(new Promise((resolve) => waiting.push(resolve)), `${member} call`);
    },
    all: () => seen,
  };
}

async function addMatch(bus: dbus.MessageBus, rule: string): Promise<void> {
  await bus.call(
    new dbus.Message({
      destination: 'org.freedesktop.DBus',
      path: '/org/freedesktop/DBus',
      interface: 'org.freedesktop.DBus',
      member: 'AddMatch',
      signature: 's',
      body: [rule],
    }),
  );
}

/** org.kde.StatusNotifierWatcher, as the panel would own it: records each registration. */
class WatcherStandIn extends dbus.interface.Interface {
  readonly registrations = new EventEmitter();
  constructor() {
    super('org.kde.StatusNotifierWatcher');
  }
  RegisterStatusNotifierItem(service: string): void {
    this.registrations.emit('item', service);
  }
}
WatcherStandIn.configureMembers({
  methods: { RegisterStatusNotifierItem: { inSignature: 's', outSignature: '' } },
});

async function startWatcher(): Promise<{ bus: dbus.MessageBus; watcher: WatcherStandIn }> {
  const bus = peer(session.address);
  const watcher = new WatcherStandIn();
  bus.export(WATCHER.path, watcher);
  await bus.requestName(WATCHER.destination, dbus.NameFlag.DO_NOT_QUEUE);
  return { bus, watcher };
}

beforeAll(async () => {
  assertBuilt();
  tmp = await makeTempDir('kairn-notifier-');
  const sysRoot = join(tmp.path, 'root');
  await mkdir(join(sysRoot, 'run'), { recursive: true });
  await writeFile(join(sysRoot, 'run', 'reboot-needed'), 'reboot\n');
  await writeFile(join(tmp.path, 'os-release'), KALPA);
  const sysDir = join(tmp.path, 'system');
  system = await startPrivateBus({
    kind: 'system',
    dir: sysDir,
    services: [
      {
        name: LOGIND.destination,
        exec: `${process.execPath} ${simulatorScript()} logind --state ${join(tmp.path, 'logind')}`,
      },
    ],
    env: { DBUS_SYSTEM_BUS_ADDRESS: `unix:path=${join(sysDir, 'bus')}` },
  });
  session = await startPrivateBus({
    kind: 'session',
    dir: join(tmp.path, 'session'),
    services: [
      {
        name: NOTIFICATIONS.destination,
        exec: '/usr/bin/python3 -m dbusmock --session --template notification_daemon',
      },
    ],
  });
  process.env.DBUS_SYSTEM_BUS_ADDRESS = system.address;
  process.env.DBUS_SESSION_BUS_ADDRESS = session.address;
  env = {
    home: tmp.path,
    uid: 1000,
    gid: 1000,
    userName: 'alex',
    osReleasePath: join(tmp.path, 'os-release'),
    stateDir: join(tmp.path, 'state'),
    demo: false,
    sysRoot,
  };
  conns = new BusConnections();
  core = createCore(env, createPorts(conns, env));
  const inner = createClient(inProcessTransport(core));
  client = {
    on: inner.on.bind(inner),
    call: async (method, params) => {
      const result = await inner.call(method, params);
      calls.emit(method, params);
      return result;
    },
  };
});

afterAll(async () => {
  await core?.shutdown();
  conns?.close();
  await session?.stop();
  await system?.stop();
  await tmp?.remove();
  process.env.DBUS_SYSTEM_BUS_ADDRESS = saved.system;
  process.env.DBUS_SESSION_BUS_ADDRESS = saved.session;
  if (saved.system === undefined) delete process.env.DBUS_SYSTEM_BUS_ADDRESS;
  if (saved.session === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
});

describe('kairn notifier (long-running)', () => {
  it('notifies once, shows a tray icon for a late and a restarted watcher, and acts only on its own buttons', async () => {
    const observer = peer(session.address);
    await addMatch(observer, `type='signal',interface='${MOCK_IFACE}',member='MethodCalled'`);
    const notifies = methodCalls(observer, 'Notify');
    let stop: () => void = () => {};
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const sessionConn = new BusConnection('session');
    const systemConn = new BusConnection('system');
    const logs: string[] = [];
    const running = runLongLived({
      client,
      session: sessionConn,
      system: systemConn,
      stateDir: env.stateDir,
      sysRoot: env.sysRoot ?? '/',
      log: (l) => logs.push(l),
      stop: stopped,
      open: () => calls.emit('open'),
      // No system notifier on these buses; the login hold has its own test (notifier-clock).
      holdAnnouncementsMs: 0,
    });
    let watcherA: Awaited<ReturnType<typeof startWatcher>> | null = null;
    let watcherB: Awaited<ReturnType<typeof startWatcher>> | null = null;
    try {
      // One notification, in plain words, with the three actions and the hints.
      const [app, replaces, , summary, , actions, hints, timeout] = await notifies.next();
      expect(app).toBe('Kairn');
      expect(replaces).toBe(0);
      expect(summary).toBe('Restart to finish the update');
      expect(actions).toEqual([
        'restart-now',
        'Restart now',
        'tonight',
        'Tonight (03:00)',
        'later',
        'Later',
      ]);
      expect((hints as Record<string, dbus.Variant>)['desktop-entry']?.value).toBe('kairn');
      expect((hints as Record<string, dbus.Variant>).urgency?.value).toBe(1);
      expect(timeout).toBe(0);

      // The watcher appears only now: the item registers with it.
      watcherA = await startWatcher();
      const [registered] = (await within(
        once(watcherA.watcher.registrations, 'item'),
        'registration',
      )) as [string];
      const get = async (iface: string, path: string, prop: string): Promise<unknown> => {
        const [value] = await callMethod(new BusConnectionFor(watcherA!.bus), {
          destination: registered,
          path,
          interface: 'org.freedesktop.DBus.Properties',
          member: 'Get',
          signature: 'ss',
          body: [iface, prop],
        });
        return (value as dbus.Variant).value;
      };
      expect(await get('org.kde.StatusNotifierItem', ITEM_PATH, 'Status')).toBe('NeedsAttention');
      expect(await get('org.kde.StatusNotifierItem', ITEM_PATH, 'Title')).toBe(
        'Kairn: restart needed',
      );
      expect(await get('org.kde.StatusNotifierItem', ITEM_PATH, 'Menu')).toBe(MENU_PATH);
      const [, layout] = await callMethod(new BusConnectionFor(watcherA.bus), {
        destination: registered,
        path: MENU_PATH,
        interface: 'com.canonical.dbusmenu',
        member: 'GetLayout',
        signature: 'iias',
        body: [0, -1, []],
      });
      const labels = (layout as [number, unknown, dbus.Variant[]])[2].map(
        (c): unknown => (c.value as [number, Record<string, dbus.Variant>])[1].label?.value,
      );
      expect(labels).toEqual(['Restart now', 'Tonight (03:00)', 'Later', 'Open Kairn']);

      // The panel restarts: a new watcher, a new registration.
      watcherA.bus.disconnect();
      watcherA = null;
      watcherB = await startWatcher();
      await within(once(watcherB.watcher.registrations, 'item'), 're-registration');

      // A button of a notification that is not ours: nothing happens. Then Tonight on ours.
      const [id] = await callMethod(new BusConnectionFor(observer), {
        ...NOTIFICATIONS,
        member: 'Notify',
        signature: 'susssasa{sv}i',
        body: ['other', 0, '', 'x', 'y', [], {}, -1],
      });
      const emit = (nid: number, key: string): Promise<unknown[]> =>
        callMethod(new BusConnectionFor(observer), {
          ...NOTIFICATIONS,
          interface: MOCK_IFACE,
          member: 'EmitSignal',
          signature: 'sssav',
          body: [
            NOTIFICATIONS.interface,
            'ActionInvoked',
            'us',
            [new dbus.Variant('u', nid), new dbus.Variant('s', key)],
          ],
        });
      const restartNow: unknown[] = [];
      calls.on('restart.now', (p: unknown) => restartNow.push(p));
      await emit(Number(id), 'restart-now');
      const scheduled = once(calls, 'restart.schedule');
      await emit(1, 'tonight');
      await within(scheduled, 'restart.schedule');
      const held = await new LogindRestartAdapter(systemConn).scheduled();
      expect(held).toEqual({ type: 'reboot', at: nextLocalTime('03:00', new Date()) });
      expect(restartNow).toEqual([]);
      // The state changed (scheduled): still the one notification.
      expect(notifies.all().filter((args) => args[0] === 'Kairn')).toHaveLength(1);
      stop();
      await running;
      const remembered = JSON.parse(
        await readFile(join(env.stateDir, 'notifier.json'), 'utf8'),
      ) as { notifiedKey: string };
      expect(remembered.notifiedKey).toContain('reboot-needed');
    } finally {
      stop();
      await running;
      watcherA?.bus.disconnect();
      watcherB?.bus.disconnect();
      observer.disconnect();
      sessionConn.close();
      systemConn.close();
      await new LogindRestartAdapter(conns.system).cancel().catch(() => false);
    }
  });
});

describe('kairn notifier without a notification server', () => {
  it('logs once, keeps going, and notifies when the server starts', async () => {
    const dir = join(tmp.path, 'bare');
    const bare = await startPrivateBus({ kind: 'session', dir });
    const saved2 = process.env.DBUS_SESSION_BUS_ADDRESS;
    process.env.DBUS_SESSION_BUS_ADDRESS = bare.address;
    const conn = new BusConnection('session');
    conn.get();
    process.env.DBUS_SESSION_BUS_ADDRESS = saved2;
    let daemon: ChildProcess | null = null;
    const observer = peer(bare.address);
    try {
      const logs: string[] = [];
      const memory = new MemoryStore(join(tmp.path, 'bare-state'));
      const notifier = new Notifier({
        client,
        notifications: new NotificationsClient(conn),
        tray: null,
        memory,
        open: () => {},
        log: (l) => logs.push(l),
      });
      await notifier.evaluate();
      await notifier.evaluate();
      expect(logs.filter((l) => l.includes('no notification server'))).toHaveLength(1);
      // Not remembered as told: the person has not heard it yet.
      expect((await memory.read()).notifiedKey).toBeNull();

      await addMatch(
        observer,
        `type='signal',sender='org.freedesktop.DBus',member='NameOwnerChanged',arg0='${NOTIFICATIONS.destination}'`,
      );
      const appeared = new Promise<void>((resolve) =>
        observer.on('message', (m: dbus.Message) => {
          if (
            m.member === 'NameOwnerChanged' &&
            m.body[0] === NOTIFICATIONS.destination &&
            m.body[2] !== ''
          )
            resolve();
        }),
      );
      daemon = spawn(
        '/usr/bin/python3',
        ['-m', 'dbusmock', '--session', '--template', 'notification_daemon'],
        { env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: bare.address }, stdio: 'ignore' },
      );
      await within(appeared, 'notification server');
      await notifier.evaluate();
      expect((await memory.read()).notifiedKey).toContain('reboot-needed');
    } finally {
      observer.disconnect();
      conn.close();
      if (daemon?.pid !== undefined && daemon.exitCode === null) {
        const gone = once(daemon, 'exit');
        daemon.kill('SIGTERM');
        await gone;
      }
      await bare.stop();
    }
  });
});

/** callMethod wants a BusConnection; this wraps a test-side MessageBus in one. */
class BusConnectionFor extends BusConnection {
  constructor(private readonly peerBus: dbus.MessageBus) {
    super('session');
  }
  override get(): dbus.MessageBus {
    return this.peerBus;
  }
}
