import type { KairnEnvironment } from '../../core/env';
import type { FileSystemPort } from '../../core/ports/file-system';
import { systemPath } from '../../core/system/sysroot';

export type FlagFs = Pick<FileSystemPort, 'readFile' | 'lstat'>;

/** A flag file under KAIRN_SYSROOT: its text (bounded) and time, or null when it is not there. */
export async function readFlag(
  fs: FlagFs,
  env: Pick<KairnEnvironment, 'sysRoot'>,
  path: string,
): Promise<{ text: string; since: Date } | null> {
  const full = systemPath(env, path);
  try {
    const stat = await fs.lstat(full);
    const text = await fs.readFile(full, 'utf8');
    return { text: text.slice(0, 4096), since: stat.mtime };
  } catch {
    return null;
  }
}
