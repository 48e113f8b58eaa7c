import type { KairnEnvironment } from '../env';
import type { FileSystemPort } from '../ports/file-system';
import { SYSTEM_FILES, systemPath } from './sysroot';

/** When this system booted: /proc/stat's `btime` (seconds since the epoch), under KAIRN_SYSROOT; null if unknown. */
export async function readBootTime(
  fs: Pick<FileSystemPort, 'readFile'>,
  env: Pick<KairnEnvironment, 'sysRoot'>,
): Promise<Date | null> {
  const text = await fs.readFile(systemPath(env, SYSTEM_FILES.procStat), 'utf8').catch(() => null);
  const match = text === null ? null : /^btime\s+(\d+)\s*$/m.exec(text);
  return match?.[1] === undefined ? null : new Date(Number(match[1]) * 1000);
}
