import dbus from 'dbus-next';

import { KairnError } from '../../core/errors';
import type { FailedUnit, SystemdPort } from '../../core/ports/systemd';
import { callMethod } from '../dbus/call';
import type { BusConnection } from '../dbus/connection';

/** org.freedesktop.systemd1 as systemd spells it (systemd's org.freedesktop.systemd1(5)). */
export const SYSTEMD = {
  destination: 'org.freedesktop.systemd1',
  path: '/org/freedesktop/systemd1',
  interface: 'org.freedesktop.systemd1.Manager',
} as const;

const POLKIT = {
  destination: 'org.freedesktop.PolicyKit1',
  path: '/org/freedesktop/PolicyKit1/Authority',
  interface: 'org.freedesktop.PolicyKit1.Authority',
} as const;

/** The polkit action systemd checks for StartUnit/RestartUnit of system units. */
export const MANAGE_UNITS = 'org.freedesktop.systemd1.manage-units';
const UNKNOWN_METHOD = 'org.freedesktop.DBus.Error.UnknownMethod';
const CALL_TIMEOUT_MS = 4000;

/** One row of ListUnits/ListUnitsFiltered: a(ssssssouso) → the fields Kairn uses. */
export function parseUnitRows(rows: unknown): FailedUnit[] {
  if (!Array.isArray(rows))
    throw new KairnError('backend-failed', { detail: 'ListUnits: reply is not an array' });
  return rows.flatMap((row: unknown) => {
    if (!Array.isArray(row)) return [];
    const [name, description, loadState, activeState, subState] = row as unknown[];
    if (typeof name !== 'string' || typeof activeState !== 'string') return [];
    const text = (v: unknown): string => (typeof v === 'string' ? v : '');
    return [
      {
        name,
        description: text(description),
        loadState: text(loadState),
        activeState,
        subState: text(subState),
      },
    ];
  });
}

function isUnknownMethod(err: unknown): boolean {
  return err instanceof KairnError && (err.detail ?? '').startsWith(UNKNOWN_METHOD);
}

/** SystemdPort over D-Bus: failed units (ListUnitsFiltered, or ListUnits on systemd before v230), restart, polkit. */
export class SystemdDBusAdapter implements SystemdPort {
  constructor(
    private readonly conn: BusConnection,
    private readonly timeoutMs = CALL_TIMEOUT_MS,
  ) {}

  async failedUnits(signal?: AbortSignal): Promise<FailedUnit[]> {
    const options = { timeoutMs: this.timeoutMs, signal };
    try {
      const [rows] = await callMethod(
        this.conn,
        { ...SYSTEMD, member: 'ListUnitsFiltered', signature: 'as', body: [['failed']] },
        options,
      );
      return parseUnitRows(rows).filter((u) => u.activeState === 'failed');
    } catch (err) {
      if (!isUnknownMethod(err)) throw err;
    }
    const [rows] = await callMethod(this.conn, { ...SYSTEMD, member: 'ListUnits' }, options);
    return parseUnitRows(rows).filter((u) => u.activeState === 'failed');
  }

  /** Asks polkit without interaction: only a plain "yes" counts (a password prompt is not "allowed"). */
  async mayRestartUnits(signal?: AbortSignal): Promise<boolean> {
    // dbus-next keeps the unique name it got from Hello on the bus object (not in its types).
    const name: unknown = Reflect.get(this.conn.get(), 'name');
    if (typeof name !== 'string' || name === '') return false;
    const subject = ['system-bus-name', { name: new dbus.Variant('s', name) }];
    const [answer] = await callMethod(
      this.conn,
      {
        ...POLKIT,
        member: 'CheckAuthorization',
        signature: '(sa{sv})sa{ss}us',
        body: [subject, MANAGE_UNITS, {}, 0, ''],
      },
      { timeoutMs: this.timeoutMs, signal },
    );
    return Array.isArray(answer) && answer[0] === true;
  }

  async restartUnit(name: string, signal?: AbortSignal): Promise<void> {
    await callMethod(
      this.conn,
      { ...SYSTEMD, member: 'RestartUnit', signature: 'ss', body: [name, 'replace'] },
      { timeoutMs: 25_000, signal },
    );
  }
}
