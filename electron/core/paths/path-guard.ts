import { dirname, posix } from 'node:path';

import { KairnError, fsError } from '../errors';
import type { FileSystemPort } from '../ports/file-system';

/** snapper keeps its snapshots inside the subvolume; they are never browsed as ordinary folders. */
const SNAPSHOTS_DIR = '/.snapshots';

function isInside(root: string, candidate: string): boolean {
  const base = root.endsWith('/') ? root : `${root}/`;
  return candidate === root || candidate.startsWith(base);
}

/**
 * A live path (where the item is or was in the home) → its path relative to the config's
 * subvolume, with a leading '/' ('' for the subvolume itself). Rejects `..` and anything outside.
 */
export function toSubvolumePath(subvolume: string, livePath: string): string {
  if (!livePath.startsWith('/') || livePath.includes('\0')) {
    throw new KairnError('invalid-input', {
      reason: 'bad-params',
      detail: 'path must be absolute',
    });
  }
  if (livePath.split('/').some((part) => part === '..')) {
    throw new KairnError('invalid-input', { reason: 'path-escape', detail: livePath });
  }
  const normal = posix.normalize(livePath).replace(/\/+$/, '') || '/';
  const root = posix.normalize(subvolume).replace(/\/+$/, '') || '/';
  if (!isInside(root, normal)) {
    throw new KairnError('invalid-input', { reason: 'path-outside-home', detail: livePath });
  }
  const rel = root === '/' ? (normal === '/' ? '' : normal) : normal.slice(root.length);
  if (rel === SNAPSHOTS_DIR || rel.startsWith(`${SNAPSHOTS_DIR}/`)) {
    throw new KairnError('invalid-input', { reason: 'path-outside-home', detail: livePath });
  }
  return rel;
}

/** Joins a subvolume-relative path onto a root directory (the snapshot dir or the live subvolume). */
export function joinUnder(root: string, rel: string): string {
  return rel === '' ? root : posix.join(root, rel);
}

/**
 * Checks that every folder on the way to `target` stays inside `root` after symlinks are resolved.
 * The last component itself is not followed: a symlink there is treated as a symlink.
 */
export async function assertParentsInside(
  fs: Pick<FileSystemPort, 'realpath'>,
  root: string,
  target: string,
): Promise<void> {
  let realRoot: string;
  let realParent: string;
  try {
    realRoot = await fs.realpath(root);
  } catch (err) {
    throw fsError(err, 'snapshot root');
  }
  if (target === root) return;
  try {
    realParent = await fs.realpath(dirname(target));
  } catch (err) {
    throw fsError(err, 'parent folder');
  }
  if (!isInside(realRoot, realParent)) {
    throw new KairnError('invalid-input', { reason: 'symlink-outside', detail: target });
  }
}

export { isInside };
