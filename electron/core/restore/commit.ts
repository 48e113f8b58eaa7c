import { posix } from 'node:path';

import { KairnError } from '../errors';
import type { FileSystemPort } from '../ports/file-system';
import { destinationIsLink, isRealFolder } from './dest-guard';
import { isMissing, writeError, writing } from './io-errors';
import { HOLDING_DIR, holdingPlace, stateHoldingPlace } from './plan';

/**
 * The moves that make a restore visible, atomic and never over anything: a file or symlink gets
 * its final name with link() (EEXIST if the name is taken, even if it was taken a moment ago),
 * then loses its temp name; a folder first takes its final name as an own empty folder (mkdir
 * is exclusive) and is then renamed onto that. A taken name means: try the next candidate.
 */

/** link() says "this file system has no hard links" (vfat, exfat, some FUSE) rather than "taken". */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK']);

function errno(err: unknown): string {
  return (err as NodeJS.ErrnoException | null)?.code ?? '';
}

/**
 * Without hard links: an own empty placeholder is created exclusively, then replaced by the
 * rename. Only the placeholder can be replaced (unless another program removes it in between).
 */
async function placeOverPlaceholder(
  fs: FileSystemPort,
  from: string,
  final: string,
): Promise<boolean> {
  try {
    await fs.writeFile(final, '', { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if (errno(err) === 'EEXIST') return false;
    throw writeError(err, final);
  }
  try {
    await fs.rename(from, final);
  } catch (err) {
    await fs.unlink(final).catch(() => undefined);
    throw writeError(err, final);
  }
  return true;
}

/** A file or symlink to `final`, or false if that name is taken. */
async function placeEntry(fs: FileSystemPort, from: string, final: string): Promise<boolean> {
  try {
    await fs.link(from, final);
  } catch (err) {
    if (errno(err) === 'EEXIST') return false;
    if (NO_HARD_LINKS.has(errno(err))) return placeOverPlaceholder(fs, from, final);
    throw writeError(err, final);
  }
  // The copy is in place; a temp name left by a failed unlink is swept with the job's journal.
  await fs.unlink(from).catch(() => undefined);
  return true;
}

/** A folder to `final`, or false if that name is taken (or filled by someone else meanwhile). */
async function placeFolder(fs: FileSystemPort, from: string, final: string): Promise<boolean> {
  try {
    await fs.mkdir(final, { mode: 0o700 });
  } catch (err) {
    if (errno(err) === 'EEXIST') return false;
    throw writeError(err, final);
  }
  try {
    await fs.rename(from, final);
    return true;
  } catch (err) {
    // Something was put into our empty folder: it is someone else's now, left as it is.
    if (errno(err) === 'ENOTEMPTY' || errno(err) === 'EEXIST') return false;
    await fs.rmdir(final).catch(() => undefined);
    throw writeError(err, final);
  }
}

/** How to place one item. */
export interface PlaceOptions {
  isDir: boolean;
  /** Runs right before each attempt (the destination check); throwing stops the placement. */
  check?: () => Promise<void>;
}

/** Moves `from` to the first free name in `destDir` without ever replacing anything; returns the path it got. */
export async function placeNoOverwrite(
  fs: FileSystemPort,
  from: string,
  destDir: string,
  names: Iterable<string>,
  opts: PlaceOptions,
): Promise<string> {
  for (const name of names) {
    const final = posix.join(destDir, name);
    await opts.check?.();
    if (opts.isDir ? await placeFolder(fs, from, final) : await placeEntry(fs, from, final))
      return final;
  }
  throw new KairnError('busy', {
    reason: 'restore-conflict',
    detail: `no free name in ${destDir}`,
  });
}

/** Where a replaced item is kept until undone. */
export interface Held {
  heldAt: string;
  holdingDir: string;
}

async function exists(fs: FileSystemPort, path: string): Promise<boolean> {
  try {
    await fs.lstat(path);
    return true;
  } catch (err) {
    if (isMissing(err)) return false;
    throw err;
  }
}

/** `<dir>/.kairn-replaced` as a real folder (never a link someone put there), then our own fresh `<id>` in it. */
async function makeLocalHolding(fs: FileSystemPort, place: Held): Promise<void> {
  const parent = posix.dirname(place.holdingDir);
  if (!(await isRealFolder(fs, parent))) {
    await fs.mkdir(parent, { mode: 0o700 }).catch((err: unknown) => {
      if (errno(err) !== 'EEXIST') throw err;
    });
    if (!(await isRealFolder(fs, parent))) throw destinationIsLink(parent, 'vanished');
  }
  await fs.mkdir(place.holdingDir, { mode: 0o700 });
}

/**
 * Moves the current item at `path` into the hidden holding folder beside it (same file system,
 * so a rename); falls back to Kairn's state folder when that is another file system.
 * Returns null when nothing is there.
 */
export async function moveAside(
  fs: FileSystemPort,
  path: string,
  undoId: string,
  stateDir: string,
  index: number,
): Promise<Held | null> {
  if (!(await writing(path, () => exists(fs, path)))) return null;
  const local = holdingPlace(path, undoId);
  try {
    await makeLocalHolding(fs, local);
    await fs.rename(path, local.heldAt);
    return local;
  } catch (err) {
    if (errno(err) !== 'EXDEV') throw writeError(err, path);
  }
  const fallback = stateHoldingPlace(stateDir, path, undoId, index);
  await writing(path, async () => {
    await fs.mkdir(fallback.holdingDir, { recursive: true, mode: 0o700 });
    await fs.rename(path, fallback.heldAt);
  });
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
