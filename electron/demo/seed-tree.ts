import {
  chmod,
  link,
  lstat,
  mkdir,
  readdir,
  readlink,
  rm,
  symlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** One item of a seeded tree: a file with content and mtime (Unix seconds), or a symlink. */
export type SeedEntry =
  | { kind: 'file'; data: Buffer; mtime: number; mode?: number }
  | { kind: 'symlink'; target: string };

/** Relative path ('Documents/a.txt') → entry. Directories are implied by the paths. */
export type SeedTree = Map<string, SeedEntry>;

/** Are two entries the same item (so a later snapshot may hard-link the earlier copy)? */
export function sameEntry(a: SeedEntry | undefined, b: SeedEntry | undefined): boolean {
  if (!a || !b || a.kind !== b.kind) return false;
  if (a.kind === 'symlink') return b.kind === 'symlink' && a.target === b.target;
  return (
    b.kind === 'file' &&
    a.mtime === b.mtime &&
    (a.mode ?? 0o644) === (b.mode ?? 0o644) &&
    a.data.equals(b.data)
  );
}

async function writeEntry(path: string, entry: SeedEntry): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  if (entry.kind === 'symlink') {
    await symlink(entry.target, path);
    return;
  }
  await writeFile(path, entry.data);
  await chmod(path, entry.mode ?? 0o644);
  await utimes(path, entry.mtime, entry.mtime);
}

/**
 * Gives every folder the time of the newest file inside it, so the folders of an old point in
 * time show dates from that point, not the moment the demo was seeded. Runs after all writes
 * (adding an entry changes a folder's time); changing a folder's time leaves its parent's alone.
 */
async function settleFolderTimes(dir: string, tree: SeedTree): Promise<void> {
  const newest = new Map<string, number>();
  for (const [rel, entry] of tree) {
    if (entry.kind !== 'file') continue;
    for (let d = dirname(rel); d !== '.' && d !== ''; d = dirname(d)) {
      newest.set(d, Math.max(newest.get(d) ?? 0, entry.mtime));
    }
  }
  for (const [rel, mtime] of newest) await utimes(join(dir, rel), mtime, mtime);
}

/**
 * Writes `tree` into an empty directory. Files unchanged since `previous` are hard links to the
 * previous copy, so a month of snapshots stays small (snapshots are never written to).
 */
export async function writeTree(
  dir: string,
  tree: SeedTree,
  previous?: { dir: string; tree: SeedTree },
): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [rel, entry] of [...tree].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const path = join(dir, rel);
    if (previous && entry.kind === 'file' && sameEntry(previous.tree.get(rel), entry)) {
      await mkdir(dirname(path), { recursive: true });
      await link(join(previous.dir, rel), path);
    } else {
      await writeEntry(path, entry);
    }
  }
  await settleFolderTimes(dir, tree);
}

async function matches(path: string, entry: SeedEntry): Promise<boolean> {
  const info = await lstat(path).catch(() => null);
  if (!info) return false;
  if (entry.kind === 'symlink')
    return info.isSymbolicLink() && (await readlink(path)) === entry.target;
  return (
    info.isFile() &&
    info.size === entry.data.length &&
    Math.floor(info.mtimeMs / 1000) === entry.mtime &&
    (info.mode & 0o7777) === (entry.mode ?? 0o644)
  );
}

function impliedDirs(tree: SeedTree): Set<string> {
  const dirs = new Set<string>();
  for (const rel of tree.keys()) {
    for (let d = dirname(rel); d !== '.' && d !== ''; d = dirname(d)) dirs.add(d);
  }
  return dirs;
}

/** Removes everything under `dir` that `tree` does not have (never the top-level `.snapshots`). */
async function prune(dir: string, rel: string, tree: SeedTree, dirs: Set<string>): Promise<void> {
  for (const name of await readdir(join(dir, rel))) {
    const child = rel ? `${rel}/${name}` : name;
    if (child === '.snapshots') continue;
    const info = await lstat(join(dir, child));
    if (info.isDirectory() && dirs.has(child)) await prune(dir, child, tree, dirs);
    else if (info.isDirectory() || !tree.has(child))
      await rm(join(dir, child), { recursive: true, force: true });
  }
}

/** Makes a live directory hold exactly `tree` (besides `.snapshots`): the real-snapperd seeding path. */
export async function syncTree(dir: string, tree: SeedTree): Promise<void> {
  await prune(dir, '', tree, impliedDirs(tree));
  for (const [rel, entry] of tree) {
    const path = join(dir, rel);
    if (await matches(path, entry)) continue;
    await rm(path, { recursive: true, force: true });
    await writeEntry(path, entry);
  }
  await settleFolderTimes(dir, tree);
}
