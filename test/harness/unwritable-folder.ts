import { execFileSync } from 'node:child_process';
import { chmod, mkdir } from 'node:fs/promises';

/**
 * A folder this process may not write into, for real: root may write anywhere a mode allows,
 * so as root it is a read-only tmpfs (EROFS), otherwise mode 0500 (EACCES). `release` undoes it.
 */
export async function makeUnwritableFolder(
  path: string,
): Promise<{ path: string; release: () => Promise<void> }> {
  await mkdir(path, { recursive: true });
  if (process.getuid?.() === 0) {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'kairn-test-read-only', path]);
    return { path, release: () => Promise.resolve(execFileSync('umount', [path])).then(() => {}) };
  }
  await chmod(path, 0o500);
  return { path, release: () => chmod(path, 0o700) };
}
