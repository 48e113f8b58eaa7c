import { posix } from 'node:path';

import type { Changes, EntryKind } from '../../../shared/schemas/files';
import { definedAt } from '../../../shared/util/defined';
import { isInside, joinUnder } from '../paths/path-guard';
import type { FilesDeps } from './context';
import { compareNames } from './order';
import { kindOf, mapLimit } from './util';

/** More changes than this are not shown one by one (the result says it was cut). */
export const CHANGES_LIMIT = 20_000;
const LSTAT_CONCURRENCY = 32;

type Group = 'created' | 'modified' | 'deleted';
interface Item {
  rel: string;
  group: Group;
}

/** snapper's status bits: 1 created, 2 deleted; anything else (content, type, owner, …) is a modification. */
function groupOf(status: number): Group {
  if (status & 1) return 'created';
  if (status & 2) return 'deleted';
  return 'modified';
}

/** Paths in folder order: segment by segment, so a folder's items follow the folder. */
export function comparePaths(a: string, b: string): number {
  const pa = a.split('/');
  const pb = b.split('/');
  for (let i = 0; i < Math.min(pa.length, pb.length); i += 1) {
    const c = compareNames(
      definedAt(pa, i, 'i < both lengths'),
      definedAt(pb, i, 'i < both lengths'),
    );
    if (c !== 0) return c;
  }
  return pa.length - pb.length;
}

/** What was created, modified and deleted between two points (0 = now), as live paths. */
export async function listChanges(
  deps: FilesDeps,
  config: string,
  from: number,
  to: number,
  signal?: AbortSignal,
): Promise<Changes> {
  const info = await deps.locator.config(config, signal);
  const roots = {
    from: await deps.locator.root(config, from, signal),
    to: await deps.locator.root(config, to, signal),
  };
  const empty: Changes = { from, to, created: [], modified: [], deleted: [], truncated: false };
  if (from === to) return empty;
  const result = await deps.snapper.compare(config, from, to, { signal, limit: CHANGES_LIMIT });
  const items = result.changes
    .filter((c) => c.path !== '/.snapshots' && !c.path.startsWith('/.snapshots/'))
    .map((c): Item => ({ rel: c.path, group: groupOf(c.status) }))
    .sort((a, b) => comparePaths(a.rel, b.rel));
  const kinds = await kindsOf(deps, items, roots, signal);
  const out = { ...empty, truncated: result.truncated };
  items.forEach((item, i) =>
    out[item.group].push({ path: joinUnder(info.subvolume, item.rel), kind: kinds[i] ?? null }),
  );
  return out;
}

/**
 * The kind of each item on the side where it exists. A parent folder that is a link leading out
 * of the snapshot is not followed: the kind stays unknown.
 */
async function kindsOf(
  deps: FilesDeps,
  items: readonly Item[],
  roots: { from: string; to: string },
  signal?: AbortSignal,
): Promise<(EntryKind | null)[]> {
  const realRoots = new Map<string, Promise<string | null>>();
  const parentsOk = new Map<string, Promise<boolean>>();
  const realRoot = (root: string): Promise<string | null> => {
    let found = realRoots.get(root);
    if (!found) realRoots.set(root, (found = deps.fs.realpath(root).catch(() => null)));
    return found;
  };
  const insideCheck = async (root: string, parentRel: string): Promise<boolean> => {
    const real = await realRoot(root);
    if (real === null) return false;
    if (parentRel === '/') return true;
    const parent = await deps.fs.realpath(root + parentRel).catch(() => null);
    return parent !== null && isInside(real, parent);
  };
  return mapLimit(
    items,
    LSTAT_CONCURRENCY,
    async (item) => {
      const root = item.group === 'deleted' ? roots.from : roots.to;
      const parentRel = posix.dirname(item.rel);
      const key = `${root}\u0000${parentRel}`;
      let ok = parentsOk.get(key);
      if (!ok) parentsOk.set(key, (ok = insideCheck(root, parentRel)));
      if (!(await ok)) return null;
      return deps.fs.lstat(joinUnder(root, item.rel)).then(kindOf, () => null);
    },
    signal,
  );
}
