import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';

import { KairnError } from '../errors';
import type { FileSystemPort } from '../ports/file-system';
import { placeNoOverwrite, removeHoldingDir } from './commit';
import { removeTree } from './copy-tree';
import { checkPlace } from './dest-guard';
import { isMissing, writing } from './io-errors';
import { candidateNames, tempName } from './naming';
import { type UndoEntry, type UndoLog, treeSignature } from './undo-log';

/**
 * Undo of a replace: the restored copy goes, the kept version comes back to its place. Refuses
 * (changing nothing) when a restored copy was changed after the restore, so that change is never
 * lost; both versions then stay (the earlier one in the holding folder, named in the error).
 */

/** Name suffix if the original place got taken meanwhile: `report (before restore).odt`. */
const PUT_BACK_LABEL = 'before restore';

async function lstatOrNull(fs: FileSystemPort, path: string) {
  try {
    return await fs.lstat(path);
  } catch (err) {
    if (isMissing(err)) return null;
    throw err;
  }
}

/** Refuses if any restored copy differs from how the restore left it. */
async function assertUnchanged(fs: FileSystemPort, entries: UndoEntry[]): Promise<void> {
  for (const entry of entries) {
    if (entry.restoredAt === null) continue;
    const now = await treeSignature(fs, entry.restoredAt);
    if (now !== null && now !== entry.signature) {
      throw new KairnError('busy', {
        reason: 'undo-changed-since',
        detail: `${entry.restoredAt} was changed after the restore; the earlier version is kept at ${entry.heldAt}`,
      });
    }
  }
}

/** Puts one kept version back; returns where it went. */
async function putBack(fs: FileSystemPort, entry: UndoEntry): Promise<string> {
  let undone: string | null = null;
  if (entry.restoredAt !== null && (await lstatOrNull(fs, entry.restoredAt)) !== null) {
    // Out of the way first (a rename in its own folder), removed only once the old one is back.
    const from = entry.restoredAt;
    const aside = posix.join(
      posix.dirname(from),
      tempName(posix.basename(from), randomBytes(4).toString('hex')),
    );
    undone = aside;
    await writing(from, () => fs.rename(from, aside));
  }
  const held = await lstatOrNull(fs, entry.heldAt);
  const isDir = held?.isDirectory() ?? false;
  const name = posix.basename(entry.path);
  const final = await placeNoOverwrite(
    fs,
    entry.heldAt,
    posix.dirname(entry.path),
    candidateNames(name, isDir, PUT_BACK_LABEL),
    { isDir },
  );
  if (undone !== null) await removeTree(fs, undone);
  await removeHoldingDir(fs, entry.holdingDir);
  return final;
}

/** Undoes the replace recorded under `undoId`; returns the paths put back. */
export async function undoReplace(
  fs: FileSystemPort,
  log: UndoLog,
  undoId: string,
): Promise<string[]> {
  const record = await log.load(undoId);
  // Nothing is looked up or put back through a folder that is now a link elsewhere (checked
  // before "gone" is concluded, so the record survives); records before `root` cannot be checked.
  if (record.root !== undefined) {
    for (const entry of record.entries)
      await checkPlace(fs, { root: record.root, dir: posix.dirname(entry.path) }, null, true);
  }
  const entries: UndoEntry[] = [];
  for (const entry of record.entries)
    if ((await lstatOrNull(fs, entry.heldAt)) !== null) entries.push(entry);
  if (entries.length === 0) {
    await log.remove(undoId);
    throw new KairnError('not-found', {
      reason: 'undo-not-found',
      detail: 'the kept versions are gone',
    });
  }
  await assertUnchanged(fs, entries);
  const restored: string[] = [];
  for (const entry of entries) restored.push(await putBack(fs, entry));
  await log.remove(undoId);
  return restored;
}
