/** POSIX path helpers for live paths (the renderer has no node:path). */

/** `dir` + `name` with exactly one slash between. */
export function joinPath(dir: string, name: string): string {
  return dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;
}

/** The folder holding `path` ("/" for top-level items). */
export function dirname(path: string): string {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  const at = trimmed.lastIndexOf('/');
  return at <= 0 ? '/' : trimmed.slice(0, at);
}

/** The last part of `path`. */
export function basename(path: string): string {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** True when `path` is `root` or inside it. */
export function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith('/') ? root : `${root}/`);
}

/**
 * Paths from search and changes are live paths; should a backend report them relative to the
 * history's subvolume instead, they are mapped back into the home here.
 */
export function toLivePath(path: string, home: string, subvolume: string | null): string {
  if (isInside(home, path)) return path;
  if (subvolume) {
    const mapped =
      subvolume === '/' ? path : `${subvolume}${path.startsWith('/') ? '' : '/'}${path}`;
    if (isInside(home, mapped)) return mapped;
  }
  return path.startsWith('/') ? path : joinPath(home, path);
}

/** Breadcrumb parts of `path` starting at the home: [{ path: home, name: null }, …]. */
export function crumbs(home: string, path: string): { path: string; name: string | null }[] {
  const parts: { path: string; name: string | null }[] = [{ path: home, name: null }];
  if (!isInside(home, path) || path === home) return parts;
  let current = home;
  for (const name of path.slice(home.length).split('/').filter(Boolean)) {
    current = joinPath(current, name);
    parts.push({ path: current, name });
  }
  return parts;
}

/** A folder as people read it: "Home/Documents" inside the home, the full path elsewhere. */
export function friendlyFolder(home: string | null, folder: string, homeWord: string): string {
  if (!home || !isInside(home, folder)) return folder;
  return homeWord + folder.slice(home.length);
}

/** Separator between folder names in a place ("Documents › Recipes"), as file managers' breadcrumbs show it. */
export const PLACE_SEPARATOR = ' › ';

/**
 * Where something is, as people say it: the folders below the home ("Documents › Recipes"),
 * null for the home itself (each sentence names it in its own words), and outside the home
 * the folder's own name. Full paths are only for Details.
 */
export function placeOf(home: string | null, path: string): string | null {
  if (home && isInside(home, path)) {
    const parts = path.slice(home.length).split('/').filter(Boolean);
    return parts.length === 0 ? null : parts.join(PLACE_SEPARATOR);
  }
  return basename(path) || path;
}

/** True for names a file manager hides unless asked (".config"), and for anything inside them. */
export function isHiddenName(name: string): boolean {
  return name.startsWith('.');
}

/** True when `path` is, or lies inside, a hidden item below the home (".config/kairn/x" is). */
export function isHiddenPath(home: string, path: string): boolean {
  if (!isInside(home, path)) return false;
  return path
    .slice(home.length)
    .split('/')
    .some((part) => part !== '' && isHiddenName(part));
}
