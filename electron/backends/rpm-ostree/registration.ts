import dbus from 'dbus-next';

import { callMethod } from '../dbus/call';
import type { BusConnection } from '../dbus/connection';
import { SYSROOT_IFACE, SYSROOT_PATH } from './sysroot';

const RPM_OSTREE = 'org.projectatomic.rpmostree1';
/** How long a registration made for reading outlives the last read (GNOME Software lets go when idle, too). */
const DEFAULT_LINGER_MS = 60_000;

export interface RegistrationOptions {
  lingerMs?: number;
}

/**
 * Kairn's one registration with rpm-ostreed (Sysroot.RegisterClient / UnregisterClient, reference
 * §4.1), as upstream's clients do: held around every transaction (restore points, editions) and
 * for a quiet while after reading its state, so the daemon does not idle-exit midway, and given
 * back when Kairn is done. One per bus connection: the daemon keeps one entry per bus name, so two
 * adapters registering on their own would unregister each other. Best effort: a refusal only
 * means the daemon may exit and be activated again.
 */
export class RpmOstreeRegistration {
  private static readonly byConnection = new WeakMap<BusConnection, RpmOstreeRegistration>();

  /** The registration shared by every adapter on this connection. */
  static of(conn: BusConnection, options: RegistrationOptions = {}): RpmOstreeRegistration {
    let found = RpmOstreeRegistration.byConnection.get(conn);
    if (!found) {
      found = new RpmOstreeRegistration(conn, options.lingerMs ?? DEFAULT_LINGER_MS);
      RpmOstreeRegistration.byConnection.set(conn, found);
    }
    return found;
  }

  private holders = 0;
  private lingering: NodeJS.Timeout | undefined;
  /** The daemon's unique name we registered with: a restarted daemon forgot us. */
  private registeredWith: string | null = null;
  /** Register and unregister run one after the other, never interleaved. */
  private queue: Promise<void> = Promise.resolve();

  private constructor(
    private readonly conn: BusConnection,
    private readonly lingerMs: number,
  ) {}

  /** Registered while `work` runs (a transaction from its request to its Finished and Reload). */
  async during<T>(work: () => Promise<T>): Promise<T> {
    this.holders++;
    await this.serial(() => this.ensure());
    try {
      return await work();
    } finally {
      this.holders--;
      await this.serial(() => this.releaseIfIdle());
    }
  }

  /** Before reading the daemon's state: registered now, let go after a quiet while. */
  async touch(): Promise<void> {
    clearTimeout(this.lingering);
    this.lingering = setTimeout(() => {
      this.lingering = undefined;
      void this.serial(() => this.releaseIfIdle());
    }, this.lingerMs);
    // A CLI run must not wait for it: the bus forgets the registration when the process ends.
    this.lingering.unref();
    await this.serial(() => this.ensure());
  }

  private serial(step: () => Promise<void>): Promise<void> {
    const next = this.queue.then(step, step).catch(() => undefined);
    this.queue = next;
    return next;
  }

  private async ensure(): Promise<void> {
    const owner = await this.owner();
    if (owner !== null && owner === this.registeredWith) return;
    try {
      await this.sysroot(RPM_OSTREE, 'RegisterClient', [{ id: new dbus.Variant('s', 'kairn') }]);
      this.registeredWith = await this.owner();
    } catch {
      this.registeredWith = null;
    }
  }

  private async releaseIfIdle(): Promise<void> {
    const daemon = this.registeredWith;
    if (this.holders > 0 || this.lingering !== undefined || daemon === null) return;
    this.registeredWith = null;
    // To the unique name: a daemon that exited meanwhile must not be activated just to forget us.
    await this.sysroot(daemon, 'UnregisterClient', [{}]).catch(() => undefined);
  }

  private async owner(): Promise<string | null> {
    const [owner] = await callMethod(
      this.conn,
      {
        destination: 'org.freedesktop.DBus',
        path: '/org/freedesktop/DBus',
        interface: 'org.freedesktop.DBus',
        member: 'GetNameOwner',
        signature: 's',
        body: [RPM_OSTREE],
      },
      { timeoutMs: 3000 },
    ).catch(() => [null]);
    return typeof owner === 'string' ? owner : null;
  }

  private async sysroot(destination: string, member: string, body: unknown[]): Promise<void> {
    await callMethod(
      this.conn,
      {
        destination,
        path: SYSROOT_PATH,
        interface: SYSROOT_IFACE,
        member,
        signature: 'a{sv}',
        body,
      },
      { timeoutMs: 3000 },
    );
  }
}
