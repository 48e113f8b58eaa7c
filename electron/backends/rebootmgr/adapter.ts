import { posix } from 'node:path';

import type { RebootManagerInfo } from '../../../shared/schemas/restart';
import type { RebootManagerPort } from '../../core/ports/restart';
import { callMethod, nameState } from '../dbus/call';
import type { BusConnection } from '../dbus/connection';
import { varlinkCall } from './varlink';

/** rebootmgr ≥ 3.0 socket (mode 0666: Status and FullStatus are open to everyone). */
export const REBOOTMGR_SOCKET = '/run/rebootmgr/rebootmgrd.socket';
const LEGACY = {
  destination: 'org.opensuse.RebootMgr',
  path: '/org/opensuse/RebootMgr',
  interface: 'org.opensuse.RebootMgr',
} as const;

const STRATEGIES: Record<number, RebootManagerInfo['strategy']> = {
  1: 'best-effort',
  2: 'instantly',
  3: 'maint-window',
  4: 'off',
};

const strategyOf = (n: unknown): RebootManagerInfo['strategy'] =>
  STRATEGIES[Number(n)] ?? 'unknown';
const text = (v: unknown): string | null =>
  typeof v === 'string' && v !== '' ? v.slice(0, 128) : null;

/**
 * rebootmgr's strategy and maintenance window, read only: setting them (and Reboot) is for root.
 * 3.x over Varlink first, then the 2.x D-Bus name; null where neither answers.
 */
export class RebootMgrAdapter implements RebootManagerPort {
  constructor(
    private readonly system: BusConnection,
    private readonly sysRoot: string,
  ) {}

  async read(): Promise<RebootManagerInfo | null> {
    return (await this.varlink().catch(() => null)) ?? (await this.legacy().catch(() => null));
  }

  private async varlink(): Promise<RebootManagerInfo> {
    const p = await varlinkCall(
      posix.join(this.sysRoot, REBOOTMGR_SOCKET),
      'org.openSUSE.rebootmgr.FullStatus',
    );
    const duration = p.MaintenanceWindowDuration;
    return {
      api: 'varlink',
      strategy: strategyOf(p.RebootStrategy),
      windowStart: text(p.MaintenanceWindowStart),
      windowDuration:
        typeof duration === 'number' ? `${Math.round(duration / 60)}min` : text(duration),
      requested: Number(p.RebootStatus) > 0,
    };
  }

  private async legacy(): Promise<RebootManagerInfo | null> {
    if ((await nameState(this.system, LEGACY.destination)) === 'missing') return null;
    const call = (member: string): Promise<unknown[]> =>
      callMethod(this.system, { ...LEGACY, member }, { timeoutMs: 3000 });
    const [[strategy], [start, duration], [status]] = await Promise.all([
      call('GetStrategy'),
      call('GetMaintenanceWindow'),
      call('Status'),
    ]);
    return {
      api: 'dbus',
      strategy: strategyOf(strategy),
      windowStart: text(start),
      windowDuration: text(duration),
      requested: Number(status) > 0,
    };
  }
}
