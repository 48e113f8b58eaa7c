import dbus from 'dbus-next';

import { KairnError } from '../../core/errors';
import type { BusConnection } from './connection';
import { mapDBusError, type ErrorTable } from './errors';

export interface MethodCall {
  destination: string;
  path: string;
  interface: string;
  member: string;
  signature?: string;
  body?: unknown[];
}

export interface CallOptions {
  /** Default 25 s (libdbus' default reply timeout). */
  timeoutMs?: number;
  signal?: AbortSignal | undefined;
  /** The service's own error names → contract codes. */
  errors?: ErrorTable;
}

export const DEFAULT_TIMEOUT_MS = 25_000;

/**
 * Every D-Bus method call goes through here: it always ends (reply, error, timeout or abort),
 * and errors come out as KairnError with the raw D-Bus name kept as detail.
 */
export async function callMethod(
  conn: BusConnection,
  call: MethodCall,
  options: CallOptions = {},
): Promise<unknown[]> {
  const { timeoutMs = DEFAULT_TIMEOUT_MS, signal } = options;
  if (signal?.aborted) throw new KairnError('cancelled');
  const message = new dbus.Message({
    destination: call.destination,
    path: call.path,
    interface: call.interface,
    member: call.member,
    signature: call.signature ?? '',
    body: call.body ?? [],
  });
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new KairnError('backend-failed', {
            reason: 'timeout',
            detail: `${call.interface}.${call.member} timed out after ${timeoutMs} ms`,
          }),
        ),
      timeoutMs,
    );
    onAbort = () => reject(new KairnError('cancelled'));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  let bus: dbus.MessageBus | undefined;
  let onBusError: ((err: unknown) => void) | undefined;
  try {
    bus = conn.get();
    // A bus that cannot be reached (no socket, daemon gone) fails the call at once, not at the timeout.
    const broken = new Promise<never>((_, reject) => {
      onBusError = (err) =>
        reject(
          new KairnError('service-missing', {
            detail: `${conn.kind} bus: ${err instanceof Error ? err.message : String(err)}`,
          }),
        );
      bus?.once('error', onBusError);
    });
    const reply = await Promise.race([bus.call(message), guard, broken]);
    return (reply?.body ?? []) as unknown[];
  } catch (err) {
    throw mapDBusError(err, options.errors);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
    if (onBusError) bus?.off('error', onBusError);
  }
}

const DBUS = {
  destination: 'org.freedesktop.DBus',
  path: '/org/freedesktop/DBus',
  interface: 'org.freedesktop.DBus',
};

/** Is the name owned right now, or can the bus start it on demand? */
export async function nameState(
  conn: BusConnection,
  name: string,
): Promise<'running' | 'activatable' | 'missing'> {
  try {
    const [owned] = await callMethod(
      conn,
      { ...DBUS, member: 'NameHasOwner', signature: 's', body: [name] },
      { timeoutMs: 3000 },
    );
    if (owned === true) return 'running';
    const [names] = await callMethod(
      conn,
      { ...DBUS, member: 'ListActivatableNames' },
      { timeoutMs: 3000 },
    );
    return Array.isArray(names) && names.includes(name) ? 'activatable' : 'missing';
  } catch {
    return 'missing';
  }
}

export interface SignalMatch {
  sender?: string;
  path?: string;
  interface: string;
  member?: string;
}

/**
 * Subscribes to signals; the match rule is re-added whenever the connection reopens,
 * so a bus restart does not silently end the subscription.
 */
export function subscribeSignals(
  conn: BusConnection,
  match: SignalMatch,
  listener: (member: string, body: unknown[]) => void,
): () => void {
  const rule = [
    "type='signal'",
    match.sender ? `sender='${match.sender}'` : '',
    match.path ? `path='${match.path}'` : '',
    `interface='${match.interface}'`,
    match.member ? `member='${match.member}'` : '',
  ]
    .filter(Boolean)
    .join(',');
  let current: dbus.MessageBus | null = null;
  const onMessage = (msg: dbus.Message): void => {
    if (msg.type !== dbus.MessageType.SIGNAL || msg.interface !== match.interface) return;
    if (match.member && msg.member !== match.member) return;
    if (match.path && msg.path !== match.path) return;
    listener(msg.member, msg.body);
  };
  const attach = (): void => {
    let bus: dbus.MessageBus;
    try {
      bus = conn.get();
    } catch {
      // No such bus here (e.g. no session bus for the CLI over SSH): nothing to hear now; the
      // connect hook attaches when a later call opens it.
      return;
    }
    if (current === bus) return;
    current = bus;
    bus.on('message', onMessage);
    void callMethod(
      conn,
      { ...DBUS, member: 'AddMatch', signature: 's', body: [rule] },
      { timeoutMs: 3000 },
    ).catch(() => {
      // Signals are a hint only (callers also re-list); a failed match is not fatal.
    });
  };
  const detachReopen = conn.onConnect(() => queueMicrotask(attach));
  attach();
  return () => {
    detachReopen();
    current?.off('message', onMessage);
    current = null;
  };
}
