import type { Stats } from 'node:fs';

import { KairnError } from '../errors';
import { isInside } from '../paths/path-guard';
import type { FileSystemPort } from '../ports/file-system';
import { isMissing, writeError } from './io-errors';
import { parentChain } from './plan';

/**
 * Keeps every write of a restore inside its allowed folder. Each folder below the allowed root
 * down to the destination is lstat'ed (never followed): a folder that is now a symlink, to
 * anywhere, is refused, since following it could write outside the home. The root itself (the
 * configured subvolume, or the folder chosen with Restore to…) may be reached through a system
 * link such as /home → /var/home; its identity (device + inode) is pinned when the restore is
 * planned, so a root swapped for another folder is refused as well.
 */

/** Where one item is written: `dir`, reached from the trusted `root` through real folders only. */
export interface DestPlace {
  root: string;
  dir: string;
}

/** A folder's identity, to notice it being swapped between two checks. */
export interface FolderId {
  dev: number;
  ino: number;
}

/** The refusal when a folder on the way is (now) a symbolic link. */
export function destinationIsLink(path: string, detail = 'is a symbolic link'): KairnError {
  return new KairnError('invalid-input', {
    reason: 'destination-is-link',
    detail: `${path} ${detail}`,
  });
}

function notFolder(path: string): KairnError {
  return new KairnError('invalid-input', { reason: 'dest-not-folder', detail: path });
}

async function lstatOrNull(fs: FileSystemPort, path: string): Promise<Stats | null> {
  try {
    return await fs.lstat(path);
  } catch (err) {
    if (isMissing(err)) return null;
    throw writeError(err, path);
  }
}

/** True if `path` is a real folder, false if nothing is there; throws for a link or a non-folder. */
export async function isRealFolder(fs: FileSystemPort, path: string): Promise<boolean> {
  const st = await lstatOrNull(fs, path);
  if (st === null) return false;
  if (st.isSymbolicLink()) throw destinationIsLink(path);
  if (!st.isDirectory()) throw notFolder(path);
  return true;
}

/** The root's identity; it must be a folder (followed: the root is trusted as configured). */
export async function folderId(fs: FileSystemPort, root: string): Promise<FolderId> {
  let st: Stats;
  try {
    st = await fs.stat(root);
  } catch (err) {
    if (isMissing(err) || (err as NodeJS.ErrnoException | null)?.code === 'ENOTDIR')
      throw notFolder(root);
    throw writeError(err, root);
  }
  if (!st.isDirectory()) throw notFolder(root);
  return { dev: st.dev, ino: st.ino };
}

/**
 * Checks the way from `place.root` to `place.dir`. Returns the folders that do not exist yet
 * (outermost first; the job creates them); with `allowMissing` false a missing folder is refused.
 */
export async function checkPlace(
  fs: FileSystemPort,
  place: DestPlace,
  pinned: FolderId | null,
  allowMissing: boolean,
): Promise<string[]> {
  if (!isInside(place.root, place.dir)) {
    throw new KairnError('invalid-input', { reason: 'path-outside-home', detail: place.dir });
  }
  const id = await folderId(fs, place.root);
  if (pinned !== null && (id.dev !== pinned.dev || id.ino !== pinned.ino)) {
    throw destinationIsLink(place.root, 'was swapped for another folder');
  }
  const chain = parentChain(place.root, place.dir);
  for (const [index, dir] of chain.entries()) {
    if (await isRealFolder(fs, dir)) continue;
    if (!allowMissing) throw notFolder(dir);
    return chain.slice(index);
  }
  return [];
}
