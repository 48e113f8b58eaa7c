import type { FileSystemPort } from '../ports/file-system';
import type { SnapperPort } from '../ports/snapper';
import type { SnapshotSpacePort } from '../ports/systemd';
import type { SnapshotsService } from '../services';
import type { HistoryReader } from './history';
import { say, type Check } from './types';

/** File history taking more than this share of its disk is worth a look (cleanup may be too generous). */
export const HISTORY_SHARE_ATTENTION = 0.25;

/**
 * How much room file history's points take. Only btrfs quota groups can say (snapper's QGROUP
 * setting and GetUsedSpace); without them the honest answer is "cannot be measured".
 */
export function historySpaceCheck(
  history: HistoryReader,
  snapshots: SnapshotsService,
  snapper: SnapperPort,
  space: SnapshotSpacePort,
  fs: FileSystemPort,
): Check {
  return {
    id: 'history-space',
    async run(signal) {
      const home = await history.home(signal);
      if (home.problem === 'snapper-missing')
        return {
          state: 'unknown',
          words: say('common.snapperMissing'),
          details: ['snapper is not on the system bus'],
        };
      if (home.config === null || home.problem !== null)
        return {
          state: 'unknown',
          words: say('history-space.noHistory'),
          details: [`no usable snapper config for ${home.home}`],
        };
      const config = await snapper.getConfig(home.config.name, signal);
      const qgroup = config.values.QGROUP ?? '';
      const details = [
        `config: ${config.name}`,
        `QGROUP=${qgroup}`,
        `FSTYPE=${config.values.FSTYPE ?? ''}`,
      ];
      if (config.values.FSTYPE !== undefined && config.values.FSTYPE !== 'btrfs')
        return {
          state: 'unknown',
          words: say('history-space.notMeasurable'),
          details: [...details, 'not btrfs: no per-snapshot space accounting'],
        };
      if (qgroup === '')
        return {
          state: 'unknown',
          words: say('history-space.notMeasurable'),
          details: [
            ...details,
            'btrfs quotas are off for this config, so used space cannot be measured',
          ],
        };
      const snaps = await snapshots.list(config.name, signal);
      let usedBytes = 0;
      for (const snap of snaps)
        usedBytes += await space.usedSpace(config.name, snap.number, signal);
      const stats = await fs.statfs(home.home);
      const sizeBytes = stats.blocks * stats.bsize;
      const share = sizeBytes > 0 ? usedBytes / sizeBytes : 0;
      details.push(
        `points: ${String(snaps.length)}, used (exclusive): ${String(usedBytes)} bytes of ${String(sizeBytes)}`,
      );
      const state = share > HISTORY_SHARE_ATTENTION ? 'attention' : 'ok';
      return {
        state,
        words: say(`history-space.${state}`, {
          usedBytes,
          count: snaps.length,
          percent: Math.round(share * 100),
        }),
        details,
      };
    },
  };
}
