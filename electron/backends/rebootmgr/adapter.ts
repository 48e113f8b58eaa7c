import { posix } from 'node:path';

import type { RebootManagerInfo } from '../../../shared/schemas/restart';
import type { RebootManagerPort } from '../../core/ports/restart';
import { callMethod, nameState } from '../dbus/call';
import type { BusConnection } from '../dbus/connection';
import { fromFullStatus, fromLegacy } from './parse';
import { varlinkCall } from './varlink';

/** rebootmgr ≥ 3.0 socket (mode 0666: Status and FullStatus are open to everyone). */
export const REBOOTMGR_SOCKET = '/run/rebootmgr/rebootmgrd.socket';
export const REBOOTMGR_LEGACY = {
  destination: 'org.opensuse.RebootMgr',
  path: '/org/opensuse/RebootMgr',
  interface: 'org.opensuse.RebootMgr',
} as const;

/**
 * rebootmgr's strategy and maintenance window, read only: setting them (and Reboot) is for root.
 * 3.x over Varlink first, then the 2.x D-Bus name; null where neither answers sensibly (absent,
 * a socket that refuses, a reply of the wrong shape): Kairn then says nothing about rebootmgr
 * rather than guess.
 */
export class RebootMgrAdapter implements RebootManagerPort {
  constructor(
    private readonly system: BusConnection,
    private readonly sysRoot: string,
    private readonly timeoutMs = 3000,
  ) {}

  async read(): Promise<RebootManagerInfo | null> {
    return (await this.varlink().catch(() => null)) ?? (await this.legacy().catch(() => null));
  }

  private async varlink(): Promise<RebootManagerInfo> {
    const reply = await varlinkCall(
      posix.join(this.sysRoot, REBOOTMGR_SOCKET),
      'org.openSUSE.rebootmgr.FullStatus',
      {},
      this.timeoutMs,
    );
    return fromFullStatus(reply);
  }

  private async legacy(): Promise<RebootManagerInfo | null> {
    if ((await nameState(this.system, REBOOTMGR_LEGACY.destination)) === 'missing') return null;
    const call = (member: string): Promise<unknown[]> =>
      callMethod(this.system, { ...REBOOTMGR_LEGACY, member }, { timeoutMs: this.timeoutMs });
    const [[strategy], [start, duration], [status]] = await Promise.all([
      call('GetStrategy'),
      call('GetMaintenanceWindow'),
      call('Status'),
    ]);
    return fromLegacy(strategy, start, duration, status);
  }
}
