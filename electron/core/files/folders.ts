import { posix } from 'node:path';

import type { FolderList } from '../../../shared/schemas/files';
import { KairnError, fsError } from '../errors';
import { isInside } from '../paths/path-guard';
import type { FilesDeps } from './context';
import { throwIfAborted } from './util';

/** A folder chooser shows this many subfolders at most (a folder with more is not browsed by eye). */
export const MAX_FOLDERS = 2000;

/**
 * The subfolders of a live folder inside the home, for the in-app folder chooser ("Restore
 * to…" on the browser host). The path must lie inside the home after links are resolved;
 * hidden folders and links are left out, names sorted as people read them.
 */
export async function listFolders(
  deps: FilesDeps,
  path: string,
  signal?: AbortSignal,
): Promise<FolderList> {
  const home = posix.normalize(deps.env.home).replace(/(.)\/+$/, '$1');
  if (path.split('/').includes('..'))
    throw new KairnError('invalid-input', { reason: 'path-escape', detail: path });
  const wanted = posix.normalize(path).replace(/(.)\/+$/, '$1');
  if (!isInside(home, wanted))
    throw new KairnError('invalid-input', { reason: 'path-outside-home', detail: path });
  let names: string[];
  try {
    const [realHome, real] = await Promise.all([deps.fs.realpath(home), deps.fs.realpath(wanted)]);
    if (!isInside(realHome, real))
      throw new KairnError('invalid-input', { reason: 'symlink-outside', detail: path });
    const stats = await deps.fs.stat(real);
    if (!stats.isDirectory())
      throw new KairnError('invalid-input', { reason: 'not-a-folder', detail: path });
    throwIfAborted(signal);
    const entries = await deps.fs.readdir(real, { withFileTypes: true });
    names = entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name);
  } catch (err) {
    throw err instanceof KairnError ? err : fsError(err, 'folders');
  }
  names.sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base', numeric: true }));
  return {
    path: wanted,
    home,
    parent: wanted === home ? null : posix.dirname(wanted),
    folders: names.slice(0, MAX_FOLDERS).map((name) => ({ name, path: posix.join(wanted, name) })),
    truncated: names.length > MAX_FOLDERS,
  };
}
