import { posix } from 'node:path';

import type { RestoreMode } from '../../../shared/schemas/jobs';
import { isInside } from '../paths/path-guard';

/**
 * Pure planning of a restore: which selected paths to copy, where each one goes, which parent
 * folders it needs, and where replace keeps the current version. No file system access here.
 */

/** Folder (next to the replaced item) that holds replaced versions until they are undone. */
export const HOLDING_DIR = '.kairn-replaced';

export interface Target {
  /** Folder the restored item is written into. */
  destDir: string;
  /** The name it should get there if that name is free. */
  name: string;
}

/** Drops duplicates and paths inside another selected folder (copied with it anyway); keeps order. */
export function dedupeNested(paths: readonly string[]): string[] {
  const unique = [...new Set(paths)];
  return unique.filter((p) => !unique.some((other) => other !== p && isInside(other, p)));
}

/** Where an item goes: beside itself (keep-both, replace) or into `dest` (to). */
export function planTarget(
  mode: RestoreMode,
  livePath: string,
  subvolume: string,
  dest?: string,
): Target {
  const name = posix.basename(livePath === subvolume ? subvolume : livePath);
  if (mode === 'to') {
    if (dest === undefined) throw new Error('planTarget: dest is required with mode "to"');
    return { destDir: posix.normalize(dest).replace(/(.)\/+$/, '$1'), name };
  }
  return { destDir: posix.dirname(livePath), name };
}

/** Folders strictly below `top` down to `dir` (inclusive), outermost first; [] if dir is top or outside. */
export function parentChain(top: string, dir: string): string[] {
  if (dir === top || !isInside(top, dir)) return [];
  const rest = dir
    .slice(top.length + (top.endsWith('/') ? 0 : 1))
    .split('/')
    .filter(Boolean);
  const chain: string[] = [];
  let current = top;
  for (const part of rest) {
    current = posix.join(current, part);
    chain.push(current);
  }
  return chain;
}

/** The same place inside another root: a live folder → its counterpart in the snapshot. */
export function rebase(path: string, fromRoot: string, toRoot: string): string {
  if (!isInside(fromRoot, path)) throw new Error(`rebase: ${path} is not inside ${fromRoot}`);
  return path === fromRoot ? toRoot : posix.join(toRoot, path.slice(fromRoot.length));
}

/** Where replace moves the current version: `<dir>/.kairn-replaced/<undoId>/<name>` (same file system). */
export function holdingPlace(
  livePath: string,
  undoId: string,
): { holdingDir: string; heldAt: string } {
  const holdingDir = posix.join(posix.dirname(livePath), HOLDING_DIR, undoId);
  return { holdingDir, heldAt: posix.join(holdingDir, posix.basename(livePath)) };
}

/** Fallback holding place under Kairn's state folder, for when the item's own folder cannot hold it. */
export function stateHoldingPlace(
  stateDir: string,
  livePath: string,
  undoId: string,
  index: number,
): { holdingDir: string; heldAt: string } {
  const holdingDir = posix.join(stateDir, 'replaced', undoId);
  return { holdingDir, heldAt: posix.join(holdingDir, `${index}-${posix.basename(livePath)}`) };
}
