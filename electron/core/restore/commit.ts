import { posix } from 'node:path';

import { KairnError } from '../errors';
import type { FileSystemPort } from '../ports/file-system';
import { isMissing, writeError, writing } from './io-errors';
import { HOLDING_DIR, holdingPlace, stateHoldingPlace } from './plan';

/**
 * The moves that make a restore visible: renames only (never copies, never overwrites).
 * Node has no rename-without-replace, so the name is checked right before the rename and the
 * next candidate name is used if something is there.
 */

async function exists(fs: FileSystemPort, path: string): Promise<boolean> {
  try {
    await fs.lstat(path);
    return true;
  } catch (err) {
    if (isMissing(err)) return false;
    throw err;
  }
}

/** Renames `from` to the first free name in `destDir`; returns the path it got. */
export async function placeNoOverwrite(fs: FileSystemPort, from: string, destDir: string, names: Iterable<string>): Promise<string> {
  for (const name of names) {
    const final = posix.join(destDir, name);
    if (await writing(final, () => exists(fs, final))) continue;
    await writing(final, () => fs.rename(from, final));
    return final;
  }
  throw new KairnError('busy', { reason: 'restore-conflict', detail: `no free name in ${destDir}` });
}

/** Where a replaced item is kept until undone. */
export interface Held {
  heldAt: string;
  holdingDir: string;
}

async function moveInto(fs: FileSystemPort, path: string, place: Held): Promise<void> {
  await fs.mkdir(place.holdingDir, { recursive: true, mode: 0o700 });
  await fs.rename(path, place.heldAt);
}

/**
 * Moves the current item at `path` into the hidden holding folder beside it (same file system,
 * so a rename); falls back to Kairn's state folder when that is another file system.
 * Returns null when nothing is there.
 */
export async function moveAside(fs: FileSystemPort, path: string, undoId: string, stateDir: string, index: number): Promise<Held | null> {
  if (!(await writing(path, () => exists(fs, path)))) return null;
  const local = holdingPlace(path, undoId);
  try {
    await moveInto(fs, path, local);
    return local;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw writeError(err, path);
  }
  const fallback = stateHoldingPlace(stateDir, path, undoId, index);
  await writing(path, () => moveInto(fs, path, fallback));
  await removeHoldingDir(fs, local.holdingDir);
  return fallback;
}

/** Removes an (empty) holding folder and its `.kairn-replaced` parent if that is empty too. */
export async function removeHoldingDir(fs: FileSystemPort, holdingDir: string): Promise<void> {
  await fs.rmdir(holdingDir).catch(() => undefined);
  const parent = posix.dirname(holdingDir);
  const base = posix.basename(parent);
  if (base === HOLDING_DIR || base === 'replaced') await fs.rmdir(parent).catch(() => undefined);
}
