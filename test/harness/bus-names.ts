import type dbus from 'dbus-next';
import { readFile } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';

import { callMethod } from '../../electron/backends/dbus/call';
import type { BusConnection } from '../../electron/backends/dbus/connection';

const DBUS = {
  destination: 'org.freedesktop.DBus',
  path: '/org/freedesktop/DBus',
  interface: 'org.freedesktop.DBus',
};

/** Pid of the process owning a bus name, or null when nobody owns it. */
export async function busPidOf(conn: BusConnection, name: string): Promise<number | null> {
  try {
    const [pid] = await callMethod(
      conn,
      { ...DBUS, member: 'GetConnectionUnixProcessID', signature: 's', body: [name] },
      { timeoutMs: 5000 },
    );
    return typeof pid === 'number' ? pid : null;
  } catch {
    return null;
  }
}

/** Resolves once `name` has no owner (NameOwnerChanged), rejects after `timeoutMs`. */
export async function waitNameGone(
  conn: BusConnection,
  name: string,
  timeoutMs: number,
): Promise<void> {
  const bus = conn.get();
  const rule = `type='signal',sender='org.freedesktop.DBus',member='NameOwnerChanged',arg0='${name}'`;
  let onMessage: ((msg: dbus.Message) => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  const gone = new Promise<void>((resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${name} still owned after ${timeoutMs} ms`)),
      timeoutMs,
    );
    onMessage = (msg) => {
      const [changed, , owner] = msg.body as unknown[];
      if (msg.member === 'NameOwnerChanged' && changed === name && owner === '') resolve();
    };
    bus.on('message', onMessage);
  });
  try {
    await callMethod(
      conn,
      { ...DBUS, member: 'AddMatch', signature: 's', body: [rule] },
      { timeoutMs: 5000 },
    );
    const [owned] = await callMethod(
      conn,
      { ...DBUS, member: 'NameHasOwner', signature: 's', body: [name] },
      { timeoutMs: 5000 },
    );
    if (owned !== true) return;
    await gone;
  } finally {
    clearTimeout(timer);
    if (onMessage) bus.off('message', onMessage);
    gone.catch(() => undefined);
  }
}

/** Is the process running (a zombie waiting to be reaped counts as ended)? */
export async function processRunning(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (stat === null) return false;
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
}

/** Waits (polling /proc, bounded) until the process has ended. */
export async function waitProcessEnded(pid: number, timeoutMs: number): Promise<void> {
  for (let waited = 0; await processRunning(pid); waited += 20) {
    if (waited >= timeoutMs) throw new Error(`process ${pid} still running after ${timeoutMs} ms`);
    await delay(20);
  }
}
