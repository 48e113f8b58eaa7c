import type { BusConnection } from '../dbus/connection';
import { callMethod } from '../dbus/call';

/** org.freedesktop.login1 exactly as logind spells it (reference §6). */
export const LOGIND = {
  destination: 'org.freedesktop.login1',
  path: '/org/freedesktop/login1',
  interface: 'org.freedesktop.login1.Manager',
} as const;

const PROPERTIES_INTERFACE = 'org.freedesktop.DBus.Properties';
const CALL_TIMEOUT_MS = 3000;

/** The raw (type, usec) pair of the ScheduledShutdown property; ("", 0) when nothing is scheduled. */
export interface ScheduledShutdownRaw {
  type: string;
  usec: bigint;
}

function unwrapVariant(value: unknown): unknown {
  return typeof value === 'object' && value !== null && 'value' in value ? value.value : value;
}

/** Reads ScheduledShutdown `(st)` via Properties.Get (it emits no change signal, so it is polled). */
export async function getScheduledShutdown(
  conn: BusConnection,
  signal?: AbortSignal,
): Promise<ScheduledShutdownRaw> {
  const [variant] = await callMethod(
    conn,
    {
      destination: LOGIND.destination,
      path: LOGIND.path,
      interface: PROPERTIES_INTERFACE,
      member: 'Get',
      signature: 'ss',
      body: [LOGIND.interface, 'ScheduledShutdown'],
    },
    { timeoutMs: CALL_TIMEOUT_MS, signal },
  );
  const value: unknown = unwrapVariant(variant);
  if (!Array.isArray(value)) return { type: '', usec: 0n };
  const [type, usec] = value as unknown[];
  if (typeof type !== 'string') return { type: '', usec: 0n };
  return { type, usec: typeof usec === 'bigint' ? usec : BigInt(Number(usec ?? 0)) };
}
