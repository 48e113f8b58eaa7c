import type { SnapshotSpacePort } from '../../core/ports/systemd';
import { callMethod } from '../dbus/call';
import type { BusConnection } from '../dbus/connection';
import { SNAPPER_ERRORS } from './errors';
import { SNAPPER } from './proxy';

const TIMEOUT_MS = 4000;

function toBytes(value: unknown): number {
  if (typeof value === 'bigint') return Number(value);
  return typeof value === 'number' ? value : 0;
}

/**
 * snapper's used space per snapshot (btrfs quota groups). GetUsedSpace fails until snapper has
 * calculated it, so on the first refusal CalculateUsedSpace runs once per config and it is asked again.
 */
export class SnapperUsedSpaceAdapter implements SnapshotSpacePort {
  private readonly calculated = new Set<string>();

  constructor(private readonly conn: BusConnection) {}

  async usedSpace(config: string, snapshot: number, signal?: AbortSignal): Promise<number> {
    const ask = async (): Promise<number> => {
      const [bytes] = await callMethod(
        this.conn,
        { ...SNAPPER, member: 'GetUsedSpace', signature: 'su', body: [config, snapshot] },
        { timeoutMs: TIMEOUT_MS, signal, errors: SNAPPER_ERRORS },
      );
      return toBytes(bytes);
    };
    try {
      return await ask();
    } catch (err) {
      if (this.calculated.has(config)) throw err;
      this.calculated.add(config);
      await callMethod(
        this.conn,
        { ...SNAPPER, member: 'CalculateUsedSpace', signature: 's', body: [config] },
        { timeoutMs: TIMEOUT_MS, signal, errors: SNAPPER_ERRORS },
      );
      return ask();
    }
  }
}
