import type { RestartPort } from '../../core/ports/system';
import type { BusConnection } from '../dbus/connection';
import { getScheduledShutdown } from './proxy';

/** RestartPort over logind: what restart (if any) the system has scheduled. */
export class LogindRestartAdapter implements RestartPort {
  constructor(private readonly conn: BusConnection) {}

  async scheduled(): Promise<{ type: string; at: Date } | null> {
    const raw = await getScheduledShutdown(this.conn);
    if (raw.type === '' || raw.usec === 0n) return null;
    // usec is absolute CLOCK_REALTIME microseconds since the epoch.
    return { type: raw.type, at: new Date(Number(raw.usec / 1000n)) };
  }
}
