import { constants } from 'node:fs';
import { posix } from 'node:path';

import type { RestoreMode } from '../../../shared/schemas/jobs';
import { KairnError } from '../errors';
import type { FileSystemPort } from '../ports/file-system';
import type { SnapperPort } from '../ports/snapper';
import type { Location, SnapshotLocator } from '../snapshots/locator';
import { type DestPlace, type FolderId, checkPlace, folderId as folderIdOf } from './dest-guard';
import { readError } from './io-errors';
import { restoredLabel } from './naming';
import { type Target, dedupeNested, planTarget } from './plan';

/**
 * Everything checked before a restore job exists, so a bad request is refused by restore.start
 * itself: config, snapshot, paths (through the locator's path guard), that each source exists,
 * and that each destination folder is (or can become) a real folder inside the allowed root.
 */

/** One selected item: where it is read from and where it goes. */
export interface RestoreItem {
  loc: Location;
  isDir: boolean;
  target: Target;
  /** The allowed root (the subvolume, or the Restore to… folder) and the folder written into. */
  place: DestPlace;
  /** The root's identity when planned: checked again before anything is put in place. */
  rootId: FolderId;
}

/** A validated restore, ready to run as a job. */
export interface PreparedRestore {
  config: string;
  snapshot: number;
  mode: RestoreMode;
  /** The snapshot's folder and the live subvolume it mirrors. */
  root: string;
  subvolume: string;
  items: RestoreItem[];
  /** "restored from Mon 3 Nov 14.00": the keep-both label of this snapshot. */
  label: string;
  /** Restore what can be read and name the rest, instead of refusing. */
  skipUnreadable: boolean;
}

/** What validation reads from. */
export interface PrepareDeps {
  fs: FileSystemPort;
  locator: SnapshotLocator;
  snapper?: Pick<SnapperPort, 'getSnapshot'>;
}

/** restore.start's parameters after parsing. */
export interface RestoreRequest {
  config: string;
  snapshot: number;
  paths: string[];
  mode: RestoreMode;
  dest?: string | undefined;
  skipUnreadable?: boolean | undefined;
  /** The copy label in the user's language (already checked by the contract); English otherwise. */
  label?: string | undefined;
}

/** An unreadable snapshot folder itself gets its own sentence (the admin must allow access). */
export async function accessReason(
  fs: FileSystemPort,
  err: KairnError,
  root: string,
): Promise<KairnError> {
  if (err.code !== 'access-denied' || err.reason !== 'unreadable') return err;
  const rootReadable = await fs.access(root, constants.R_OK | constants.X_OK).then(
    () => true,
    () => false,
  );
  if (rootReadable) return err;
  return new KairnError('access-denied', {
    reason: 'snapshots-unreadable',
    detail: err.detail,
    cause: err,
  });
}

/** The snapshot's time: from snapper, else from snapper's info.xml beside the snapshot folder. */
async function snapshotDate(
  deps: PrepareDeps,
  config: string,
  snapshot: number,
  root: string,
): Promise<Date | null> {
  if (deps.snapper) return new Date((await deps.snapper.getSnapshot(config, snapshot)).date * 1000);
  try {
    const xml = await deps.fs.readFile(posix.join(posix.dirname(root), 'info.xml'), 'utf8');
    const match = /<date>(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)<\/date>/.exec(xml);
    return match ? new Date(`${match[1]}T${match[2]}Z`) : null;
  } catch {
    return null;
  }
}

async function locateAll(
  deps: PrepareDeps,
  req: RestoreRequest,
  root: string,
): Promise<Location[]> {
  const locations: Location[] = [];
  for (const path of req.paths) {
    try {
      locations.push(await deps.locator.locate(req.config, req.snapshot, path));
    } catch (err) {
      throw err instanceof KairnError ? await accessReason(deps.fs, err, root) : err;
    }
  }
  const keep = new Set(dedupeNested(locations.map((l) => l.livePath)));
  return locations.filter((l) => keep.delete(l.livePath));
}

async function sourceItem(
  deps: PrepareDeps,
  req: RestoreRequest,
  loc: Location,
): Promise<Omit<RestoreItem, 'rootId'>> {
  if (loc.rel === '' && req.mode !== 'to') {
    throw new KairnError('invalid-input', { reason: 'restore-whole-home', detail: loc.livePath });
  }
  let st;
  try {
    st = await deps.fs.lstat(loc.target);
  } catch (err) {
    throw await accessReason(deps.fs, readError(err, loc.livePath), loc.root);
  }
  if (!st.isFile() && !st.isDirectory() && !st.isSymbolicLink()) {
    throw new KairnError('invalid-input', { reason: 'special-file', detail: loc.livePath });
  }
  const target = planTarget(req.mode, loc.livePath, loc.subvolume, req.dest);
  // Beside itself: inside the home, every folder below it real. Restore to…: the chosen folder itself.
  const place = { root: req.mode === 'to' ? target.destDir : loc.subvolume, dir: target.destDir };
  return { loc, isDir: st.isDirectory(), target, place };
}

/** Existing folders on the way must be real folders (never links); missing ones are created by the job. */
async function checkDestination(fs: FileSystemPort, place: DestPlace): Promise<FolderId> {
  await checkPlace(fs, place, null, true);
  return folderIdOf(fs, place.root);
}

/** Validates a restore request and resolves what to copy where; throws the contract error if not. */
export async function prepareRestore(
  deps: PrepareDeps,
  req: RestoreRequest,
): Promise<PreparedRestore> {
  const info = await deps.locator.config(req.config);
  const root = await deps.locator.root(req.config, req.snapshot);
  const sources: Omit<RestoreItem, 'rootId'>[] = [];
  for (const loc of await locateAll(deps, req, root))
    sources.push(await sourceItem(deps, req, loc));
  const items: RestoreItem[] = [];
  for (const source of sources)
    items.push({ ...source, rootId: await checkDestination(deps.fs, source.place) });
  const label =
    req.label ?? restoredLabel(await snapshotDate(deps, req.config, req.snapshot, root));
  return {
    config: req.config,
    snapshot: req.snapshot,
    mode: req.mode,
    root,
    subvolume: info.subvolume,
    items,
    label,
    skipUnreadable: req.skipUnreadable ?? false,
  };
}
