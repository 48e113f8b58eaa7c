import { posix } from 'node:path';

import { REPLACED_KEEP_DAYS } from '../../../shared/restore-policy';
import type { FileSystemPort } from '../ports/file-system';
import { removeHoldingDir } from './commit';
import { removeTree } from './copy-tree';
import { checkPlace, isRealFolder } from './dest-guard';
import { HOLDING_DIR } from './plan';
import type { UndoEntry, UndoLog, UndoRecord } from './undo-log';

/**
 * Replaced versions are kept (in `.kairn-replaced`) so a replace can be undone, but not forever:
 * after REPLACED_KEEP_DAYS they are removed together with their undo record. The UI and the
 * README say so where a replace is confirmed.
 */

export { REPLACED_KEEP_DAYS };
const DAY_MS = 24 * 60 * 60 * 1000;

/** True once the record is older than the keep time. */
export function isExpired(record: Pick<UndoRecord, 'createdAt'>, now: Date): boolean {
  const created = Date.parse(record.createdAt);
  return Number.isFinite(created) && now.getTime() - created > REPLACED_KEEP_DAYS * DAY_MS;
}

/** Only `<…>/.kairn-replaced/<id>/<name>` or `<state>/replaced/<id>/<name>`, through real folders, is removed. */
async function removeHeld(fs: FileSystemPort, record: UndoRecord, entry: UndoEntry): Promise<void> {
  const holding = entry.holdingDir;
  const parent = posix.dirname(holding);
  const shapeOk =
    posix.dirname(entry.heldAt) === holding &&
    posix.basename(holding) === record.id &&
    [HOLDING_DIR, 'replaced'].includes(posix.basename(parent));
  if (!shapeOk) return;
  if (record.root !== undefined && posix.basename(parent) === HOLDING_DIR) {
    const missing = await checkPlace(
      fs,
      { root: record.root, dir: posix.dirname(parent) },
      null,
      true,
    );
    if (missing.length > 0) return; // the folder is gone, and the kept version with it
  }
  if (!(await isRealFolder(fs, parent)) || !(await isRealFolder(fs, holding))) return;
  await removeTree(fs, entry.heldAt);
  await removeHoldingDir(fs, holding);
}

/** Removes the replaced versions (and undo records) older than the keep time; returns the expired undo ids. */
export async function expireReplaced(
  fs: FileSystemPort,
  log: UndoLog,
  now: Date,
): Promise<string[]> {
  const expired: string[] = [];
  for (const id of await log.list()) {
    const record = await log.load(id).catch(() => null);
    if (record === null || !isExpired(record, now)) continue;
    try {
      for (const entry of record.entries) await removeHeld(fs, record, entry);
    } catch {
      continue; // a folder on the way is now a link (or unreadable): kept, tried again next time
    }
    await log.remove(id);
    expired.push(id);
  }
  return expired;
}
