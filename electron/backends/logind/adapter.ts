import type { InhibitorRecord } from '../../core/ports/restart';
import type { RestartPort } from '../../core/ports/system';
import { callMethod } from '../dbus/call';
import type { BusConnection } from '../dbus/connection';
import type { ErrorTable } from '../dbus/errors';
import { getScheduledShutdown, LOGIND } from './proxy';

/** logind's answers in words: polkit said no, or the call needs a password no agent can ask for. */
const LOGIND_ERRORS: ErrorTable = {
  'org.freedesktop.DBus.Error.AccessDenied': {
    code: 'access-denied',
    reason: 'restart-not-permitted',
  },
  'org.freedesktop.DBus.Error.InteractiveAuthorizationRequired': {
    code: 'access-denied',
    reason: 'restart-not-permitted',
  },
  // Another shutdown is already under way (logind: "There's already a shutdown or sleep operation in progress").
  'org.freedesktop.login1.OperationInProgress': { code: 'busy' },
};

const CALL_TIMEOUT_MS = 10_000;

/** RestartPort over logind: the restart the system holds, scheduling it, inhibitors, Reboot. */
export class LogindRestartAdapter implements RestartPort {
  constructor(private readonly conn: BusConnection) {}

  async scheduled(): Promise<{ type: string; at: Date } | null> {
    const raw = await getScheduledShutdown(this.conn);
    if (raw.type === '' || raw.usec === 0n) return null;
    // usec is absolute CLOCK_REALTIME microseconds since the epoch.
    return { type: raw.type, at: new Date(Number(raw.usec / 1000n)) };
  }

  async schedule(type: 'reboot', at: Date): Promise<void> {
    await this.call('ScheduleShutdown', 'st', [type, BigInt(at.getTime()) * 1000n]);
  }

  async cancel(): Promise<boolean> {
    const [cancelled] = await this.call('CancelScheduledShutdown');
    return cancelled === true;
  }

  async inhibitors(): Promise<InhibitorRecord[]> {
    const [list] = await this.call('ListInhibitors');
    if (!Array.isArray(list)) return [];
    return list.flatMap((row: unknown): InhibitorRecord[] => {
      if (!Array.isArray(row)) return [];
      const [what, who, why, mode, uid, pid] = row as unknown[];
      if (
        typeof what !== 'string' ||
        typeof who !== 'string' ||
        typeof why !== 'string' ||
        typeof mode !== 'string'
      )
        return [];
      return [{ what, who, why, mode, uid: Number(uid ?? -1), pid: Number(pid ?? 0) }];
    });
  }

  async rebootNow(): Promise<void> {
    // interactive = true: polkit may ask for a password through the session's agent.
    await this.call('Reboot', 'b', [true]);
  }

  private call(member: string, signature = '', body: unknown[] = []): Promise<unknown[]> {
    return callMethod(
      this.conn,
      { ...LOGIND, member, signature, body },
      { timeoutMs: CALL_TIMEOUT_MS, errors: LOGIND_ERRORS },
    );
  }
}
