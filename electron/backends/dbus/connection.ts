import { EventEmitter } from 'node:events';

import dbus from 'dbus-next';

export type BusKind = 'system' | 'session';

// dbus-next's sessionBus() passes its options on to the connection, which reads negotiateUnixFd;
// only its type declarations leave the field out.
const SESSION_OPTIONS: dbus.SessionBusOptions & { negotiateUnixFd: boolean } = {
  negotiateUnixFd: true,
};

/**
 * One lazily opened bus connection that reopens itself after the bus went away.
 * Addresses come from DBUS_SYSTEM_BUS_ADDRESS / DBUS_SESSION_BUS_ADDRESS (dbus-next reads them).
 * Fd passing is negotiated so snapper's GetFilesByPipe can hand us a pipe.
 */
export class BusConnection {
  private bus: dbus.MessageBus | null = null;
  private readonly onReopen = new Set<() => void>();

  constructor(readonly kind: BusKind) {}

  get(): dbus.MessageBus {
    if (this.bus) return this.bus;
    const bus =
      this.kind === 'system'
        ? dbus.systemBus({ negotiateUnixFd: true })
        : dbus.sessionBus(SESSION_OPTIONS);
    // Every call in flight listens for the bus breaking (callMethod), and a page load runs dozens
    // at once: many 'error' listeners are expected here, not a leak.
    bus.setMaxListeners(256);
    bus.on('error', () => {
      // The stream broke (bus daemon gone): drop it so the next call reconnects.
      if (this.bus === bus) this.bus = null;
      try {
        bus.disconnect();
      } catch {
        // already closed
      }
    });
    const conn = (bus as unknown as { _connection?: NodeJS.EventEmitter })._connection;
    conn?.on('end', () => {
      if (this.bus === bus) this.bus = null;
    });
    this.bus = bus;
    for (const listener of this.onReopen) listener();
    return bus;
  }

  /** Called each time a new underlying connection is opened (re-add signal matches there). */
  onConnect(listener: () => void): () => void {
    this.onReopen.add(listener);
    return () => this.onReopen.delete(listener);
  }

  /**
   * Closes the connection once its socket is safe to shut down. dbus-next's disconnect() ends
   * the stream, and usocket's end() on a socket whose connect() is still running in the thread
   * pool calls uv_poll_start on a poll handle that was never initialised: SIGSEGV. That happens
   * whenever a host boots (the snapper watch opens the bus at once) and stops again before the
   * socket is up, e.g. a CLI call the core rejects without D-Bus. So wait for 'connected' (or
   * the connect error, after which usocket has already let go of the socket) before ending.
   */
  close(): void {
    const bus = this.bus;
    this.bus = null;
    if (!bus) return;
    const stream = busStream(bus);
    if (stream === null || isConnected(stream)) {
      disconnect(bus);
      return;
    }
    const settle = (): void => {
      stream.off('connected', settle);
      stream.off('connect', settle);
      stream.off('error', settle);
      disconnect(bus);
    };
    stream.once('connected', settle);
    stream.once('connect', settle);
    stream.once('error', settle);
  }
}

function disconnect(bus: dbus.MessageBus): void {
  try {
    bus.disconnect();
  } catch {
    // already closed
  }
}

/** The socket under a MessageBus (dbus-next keeps it on a private field). */
function busStream(bus: dbus.MessageBus): EventEmitter | null {
  const connection: unknown = Reflect.get(bus, '_connection');
  if (!(connection instanceof EventEmitter)) return null;
  const stream: unknown = Reflect.get(connection, 'stream');
  return stream instanceof EventEmitter ? stream : null;
}

/**
 * The socket finished connecting (or failed and was released). usocket sets `fd` when its
 * connect completes and drops `_wrap` on error; a net.Socket is safe to end at any time.
 */
function isConnected(stream: EventEmitter): boolean {
  if (!Reflect.has(stream, '_wrap')) return true;
  return Reflect.get(stream, '_wrap') === null || typeof Reflect.get(stream, 'fd') === 'number';
}

/** The process's shared connections (one per bus kind). */
export class BusConnections {
  readonly system = new BusConnection('system');
  readonly session = new BusConnection('session');

  close(): void {
    this.system.close();
    this.session.close();
  }
}
