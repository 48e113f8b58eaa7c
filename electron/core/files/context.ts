import { constants } from 'node:fs';
import { posix } from 'node:path';

import type { EventBus } from '../api/events';
import type { KairnEnvironment } from '../env';
import { KairnError, fsError } from '../errors';
import type { JobRunner } from '../jobs/job-runner';
import type { FileSystemPort } from '../ports/file-system';
import type { SnapperPort } from '../ports/snapper';
import type { Location, SnapshotLocator } from '../snapshots/locator';
import { errnoOf } from './util';

/** What the files service and its parts work with (the constructor options of FilesServiceImpl). */
export interface FilesDeps {
  env: KairnEnvironment;
  snapper: SnapperPort;
  locator: SnapshotLocator;
  jobs: JobRunner;
  events: EventBus;
  fs: FileSystemPort;
}

/** snapper keeps every snapshot of a config under `<subvolume>/.snapshots`. */
export function snapshotsDirOf(subvolume: string): string {
  return posix.join(subvolume, '.snapshots');
}

/**
 * True when this process may not enter `<subvolume>/.snapshots` (root-only 0750 until an
 * administrator sets ALLOW_USERS + SYNC_ACL, which makes snapper add an ACL for the user).
 */
export async function snapshotsUnreadable(deps: FilesDeps, subvolume: string): Promise<boolean> {
  try {
    await deps.fs.access(snapshotsDirOf(subvolume), constants.R_OK | constants.X_OK);
    return false;
  } catch (err) {
    const code = errnoOf(err);
    return code === 'EACCES' || code === 'EPERM';
  }
}

/**
 * Turns any failure while reading a snapshot into a KairnError; a permission problem on the
 * snapshot area itself becomes `snapshots-unreadable`, whose sentence tells the helper the fix.
 */
export async function explainFailure(
  deps: FilesDeps,
  config: string,
  snapshot: number,
  err: unknown,
  context: string,
): Promise<KairnError> {
  const error = err instanceof KairnError ? err : fsError(err, context);
  if (error.code !== 'access-denied' || snapshot === 0 || error.reason === 'snapshots-unreadable')
    return error;
  try {
    const info = await deps.locator.config(config);
    if (await snapshotsUnreadable(deps, info.subvolume)) {
      return new KairnError('access-denied', {
        reason: 'snapshots-unreadable',
        detail: error.detail,
        cause: err,
      });
    }
  } catch {
    // The original error explains enough when the config cannot be read again.
  }
  return error;
}

/** locator.locate() with failures explained (path guard errors pass through unchanged). */
export async function locateChecked(
  deps: FilesDeps,
  config: string,
  snapshot: number,
  livePath: string,
  signal?: AbortSignal,
): Promise<Location> {
  try {
    return await deps.locator.locate(config, snapshot, livePath, signal);
  } catch (err) {
    throw await explainFailure(deps, config, snapshot, err, 'locate');
  }
}

/** Hides snapper's own `.snapshots` folder at the top of the subvolume (live and inside snapshots). */
export function hiddenAt(rel: string, name: string): boolean {
  return rel === '' && name === '.snapshots';
}
