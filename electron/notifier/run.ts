import { spawn } from 'node:child_process';
import { watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';

import type { KairnClient } from '../../shared/api/client';
import { subscribeSignals } from '../backends/dbus/call';
import type { BusConnection } from '../backends/dbus/connection';
import { MemoryStore } from './memory';
import { MIN_PERIOD_MS, Notifier } from './notifier';
import { NOTIFICATIONS, NotificationsClient } from './notifications';
import { systemNotifierFor } from './system-notifiers';
import { systemNotifierProbe } from './system-notifiers-probe';
import { TrayIcon } from './tray';

export interface NotifierRunOptions {
  client: KairnClient;
  session: BusConnection;
  system: BusConnection;
  stateDir: string;
  /** KAIRN_SYSROOT: the marker files are watched under it. */
  sysRoot: string;
  log: (line: string) => void;
  /** Regular look at the state; never below a minute. */
  periodMs?: number;
  /** Ends the long-running notifier. */
  stop?: Promise<unknown>;
  open?: () => void;
  env?: NodeJS.ProcessEnv;
  /** Long-running only: no announcement this long after start (the system's notifier may still be starting). */
  holdAnnouncementsMs?: number;
}

/** At login the system's own notifier takes its bus name within seconds (Discover: at once, checks after 20 s). */
export const LOGIN_HOLD_MS = 30_000;

/** Folders whose files say "restart needed" (restart-check.ts's flags live there). */
const MARKER_DIRS = ['/run', '/run/ostree'];

/** System bus signals after which the restart state may have changed (an update finished). */
const SYSTEM_SIGNALS = [
  {
    sender: 'org.projectatomic.rpmostree1',
    interface: 'org.freedesktop.DBus.Properties',
    member: 'PropertiesChanged',
  },
  { interface: 'org.opensuse.tukit.Transaction' },
  { sender: 'org.freedesktop.sysupdate1', interface: 'org.freedesktop.sysupdate1.Manager' },
  {
    sender: 'org.freedesktop.login1',
    interface: 'org.freedesktop.login1.Manager',
    member: 'PrepareForShutdown',
  },
  // Waking up: timers stood still while asleep; logind's schedule is read again at once.
  {
    sender: 'org.freedesktop.login1',
    interface: 'org.freedesktop.login1.Manager',
    member: 'PrepareForSleep',
  },
];

/** Opens Kairn on its Updates & Restart page: the desktop app where installed, else the browser host. */
export function defaultOpener(
  log: (line: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): () => void {
  return () => {
    const url = env.KAIRN_URL;
    const [cmd, args] = url
      ? ['xdg-open', [`${url.replace(/#.*$/, '')}#/updates`]]
      : ['gtk-launch', ['kairn']];
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
    child.once('error', (err) => log(`could not open Kairn (${cmd}): ${err.message}`));
    child.unref();
  };
}

function makeNotifier(
  o: NotifierRunOptions,
  tray: TrayIcon | null,
  notifications: NotificationsClient,
  holdAnnouncementsMs = 0,
): Notifier {
  const probe = systemNotifierProbe(o.session, o.sysRoot, o.env ?? process.env);
  return new Notifier({
    systemNotifier: (reasons) => systemNotifierFor(reasons, probe),
    holdAnnouncementsMs,
    client: o.client,
    notifications,
    tray,
    memory: new MemoryStore(o.stateDir),
    open: o.open ?? defaultOpener(o.log, o.env),
    log: o.log,
    ...(o.env ? { env: o.env } : {}),
  });
}

/** `kairn notifier --once`: evaluate, notify if needed, done. */
export async function runOnce(o: NotifierRunOptions): Promise<void> {
  await makeNotifier(o, null, new NotificationsClient(o.session)).evaluate();
}

/**
 * `kairn notifier`: follows D-Bus signals and the marker files, and looks again at least once a
 * minute (never more often on its own). Keeps running when there is no notification server.
 */
export async function runLongLived(o: NotifierRunOptions): Promise<void> {
  const notifications = new NotificationsClient(o.session);
  let notifier: Notifier | null = null;
  const tray = new TrayIcon(
    o.session,
    {
      activate: () => void notifier?.onAction('tray', 'open'),
      action: (key) => void notifier?.onAction('tray', key),
    },
    o.log,
  );
  const hold = o.holdAnnouncementsMs ?? LOGIN_HOLD_MS;
  notifier = makeNotifier(o, tray, notifications, hold);
  const current = notifier;
  const look = (): void => {
    current
      .evaluate()
      .catch((err: unknown) =>
        o.log(
          `could not read the restart state: ${err instanceof Error ? err.message : String(err)}`,
        ),
      );
  };
  current.listen();
  let debounce: NodeJS.Timeout | undefined;
  const soon = (): void => {
    clearTimeout(debounce);
    debounce = setTimeout(look, 1000);
  };
  const stops: (() => void)[] = [];
  for (const dir of MARKER_DIRS) {
    try {
      const watcher: FSWatcher = watch(join(o.sysRoot, dir), { persistent: false }, soon);
      watcher.on('error', () => watcher.close());
      stops.push(() => watcher.close());
    } catch {
      // The folder is not there on this system (no ostree): nothing to follow.
    }
  }
  for (const match of SYSTEM_SIGNALS) stops.push(subscribeSignals(o.system, match, soon));
  // The notification server (re)started: what it missed is shown now.
  stops.push(
    subscribeSignals(
      o.session,
      {
        sender: 'org.freedesktop.DBus',
        interface: 'org.freedesktop.DBus',
        member: 'NameOwnerChanged',
      },
      (_m, body) => {
        if (body[0] === NOTIFICATIONS.destination && body[2] !== '') soon();
      },
    ),
  );
  const period = Math.max(MIN_PERIOD_MS, o.periodMs ?? MIN_PERIOD_MS);
  // Timers run on the monotonic clock: a wall clock jump neither fires nor delays them.
  const timer = setInterval(look, period);
  // The look that may speak once the login hold is over (the period alone could be a minute later).
  const afterHold = hold > 0 ? setTimeout(look, hold) : undefined;
  look();
  try {
    await (o.stop ?? new Promise<never>(() => {}));
  } finally {
    clearInterval(timer);
    clearTimeout(afterHold);
    clearTimeout(debounce);
    for (const stop of stops) stop();
    await current.idle();
    current.close();
  }
}
