import dbus from 'dbus-next';

export type BusKind = 'system' | 'session';

// dbus-next's sessionBus() passes its options on to the connection, which reads negotiateUnixFd;
// only its type declarations leave the field out.
const SESSION_OPTIONS: dbus.SessionBusOptions & { negotiateUnixFd: boolean } = { negotiateUnixFd: true };

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

  close(): void {
    const bus = this.bus;
    this.bus = null;
    if (bus) {
      try {
        bus.disconnect();
      } catch {
        // already closed
      }
    }
  }
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
