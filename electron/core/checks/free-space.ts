import { fsError } from '../errors';
import type { FileSystemPort } from '../ports/file-system';
import { say, type Check, type CheckOutcome } from './types';

const GB = 1_000_000_000;

/**
 * Thresholds. An atomic update writes a whole new system image or snapshot next to the running
 * one (a few GB), so below 5 GB (or 10 % of the disk) is worth a look, and below 1 GB (or 5 %)
 * the next update or point in time may fail.
 */
export const FREE_SPACE = {
  problemBytes: 1 * GB,
  problemShare: 0.05,
  attentionBytes: 5 * GB,
  attentionShare: 0.1,
} as const;

/** ok / attention / problem from what is free for an unprivileged user (bavail) and the disk's size. */
export function judgeSpace(freeBytes: number, sizeBytes: number): CheckOutcome['state'] {
  const share = sizeBytes > 0 ? freeBytes / sizeBytes : 0;
  if (freeBytes < FREE_SPACE.problemBytes || share < FREE_SPACE.problemShare) return 'problem';
  if (freeBytes < FREE_SPACE.attentionBytes || share < FREE_SPACE.attentionShare)
    return 'attention';
  return 'ok';
}

/** Free space where `path` lives, measured for real with statfs(2). */
export function freeSpaceCheck(
  id: 'free-space-system' | 'free-space-home',
  fs: FileSystemPort,
  path: string,
): Check {
  return {
    id,
    async run() {
      let stats: Awaited<ReturnType<FileSystemPort['statfs']>>;
      try {
        stats = await fs.statfs(path);
      } catch (err) {
        throw fsError(err, `statfs ${path}`);
      }
      const sizeBytes = stats.blocks * stats.bsize;
      const freeBytes = stats.bavail * stats.bsize;
      const state = judgeSpace(freeBytes, sizeBytes);
      const percent = sizeBytes > 0 ? Math.round((freeBytes / sizeBytes) * 100) : 0;
      return {
        state,
        words: say(`${id}.${state}`, { freeBytes, sizeBytes, percent }),
        details: [
          `path: ${path}`,
          `size: ${String(sizeBytes)} bytes, free for users: ${String(freeBytes)} bytes (${String(percent)} %)`,
          `block size ${String(stats.bsize)}, file system type 0x${stats.type.toString(16)}`,
          `thresholds: problem below ${String(FREE_SPACE.problemBytes)} bytes or ${String(FREE_SPACE.problemShare * 100)} %, attention below ${String(FREE_SPACE.attentionBytes)} bytes or ${String(FREE_SPACE.attentionShare * 100)} %`,
        ],
      };
    },
  };
}
