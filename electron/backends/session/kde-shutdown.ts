import type { SessionShutdownPort } from '../../core/ports/restart';
import { callMethod, nameState } from '../dbus/call';
import type { BusConnection } from '../dbus/connection';

/** Plasma's session shutdown on the session bus (reference §7.3). */
export const KDE_SHUTDOWN = {
  destination: 'org.kde.Shutdown',
  path: '/Shutdown',
  interface: 'org.kde.Shutdown',
} as const;

/**
 * Restart through Plasma: the session asks every app to save (an app may cancel, then nothing
 * happens). logind alone would end the session without those prompts and lose unsaved work.
 */
export class KdeShutdownAdapter implements SessionShutdownPort {
  constructor(private readonly conn: BusConnection) {}

  async available(): Promise<boolean> {
    return (await nameState(this.conn, KDE_SHUTDOWN.destination)) !== 'missing';
  }

  async logoutAndReboot(): Promise<void> {
    // Returns when the session has started logging out; a cancelled logout just leaves us running.
    await callMethod(
      this.conn,
      { ...KDE_SHUTDOWN, member: 'logoutAndReboot' },
      { timeoutMs: 10_000 },
    );
  }
}
