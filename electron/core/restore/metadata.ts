import type { Stats } from 'node:fs';

import type { FileSystemPort } from '../ports/file-system';

/**
 * Carries an entry's metadata over to its restored copy: extended attributes, owner, mode and
 * times, each "where the user may set them". A refused attribute is skipped, never fatal;
 * anything else (ENOSPC) still fails the restore.
 */

/** Errors meaning "this attribute cannot be set here/by you": skip it. */
const SKIPPABLE = new Set([
  'EPERM',
  'EACCES',
  'ENOTSUP',
  'EOPNOTSUPP',
  'ENODATA',
  'ERANGE',
  'E2BIG',
  'EINVAL',
]);

function errno(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | null)?.code;
}

async function skipRefused(op: () => Promise<unknown>): Promise<void> {
  try {
    await op();
  } catch (err) {
    if (!SKIPPABLE.has(errno(err) ?? '')) throw err;
  }
}

/** Which attributes to carry: user.* and POSIX ACLs always; trusted/security only as root. */
export function xattrWanted(name: string, uid: number): boolean {
  if (name.startsWith('user.')) return true;
  if (name === 'system.posix_acl_access' || name === 'system.posix_acl_default') return true;
  return uid === 0 && (name.startsWith('trusted.') || name.startsWith('security.'));
}

/** Copies extended attributes of a file or folder (never of a symlink: the port would follow it). */
export async function copyXattrs(
  fs: FileSystemPort,
  src: string,
  dst: string,
  uid: number,
): Promise<void> {
  let names: string[] = [];
  await skipRefused(async () => {
    names = await fs.listXattrs(src);
  });
  for (const name of names) {
    if (!xattrWanted(name, uid)) continue;
    await skipRefused(async () => fs.setXattr(dst, name, await fs.getXattr(src, name)));
  }
}

/** Owner (when root, or the same user: then only the group can change), then mode, then times. */
export async function applyOwnerModeTimes(
  fs: FileSystemPort,
  dst: string,
  st: Stats,
  uid: number,
): Promise<void> {
  const link = st.isSymbolicLink();
  if (uid === 0 || st.uid === uid) await skipRefused(() => fs.lchown(dst, st.uid, st.gid));
  // chown clears set-id bits, so the mode comes after it; symlinks have no mode of their own.
  if (!link) await fs.chmod(dst, st.mode & 0o7777);
  const atime = st.atimeMs / 1000;
  const mtime = st.mtimeMs / 1000;
  if (link) await skipRefused(() => fs.lutimes(dst, atime, mtime));
  else await fs.utimes(dst, atime, mtime);
}
