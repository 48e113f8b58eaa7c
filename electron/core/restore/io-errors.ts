import { KairnError, fsError } from '../errors';

/**
 * Turns errno errors of a restore into contract errors, telling reading the snapshot apart from
 * writing the destination (both can be EACCES, and the user needs different next steps).
 */

function errno(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | null)?.code;
}

/** An error while reading the snapshot side. */
export function readError(err: unknown, path: string): KairnError {
  if (err instanceof KairnError) return err;
  return fsError(err, `read ${path}`);
}

/** An error while writing the destination side. */
export function writeError(err: unknown, path: string): KairnError {
  if (err instanceof KairnError) return err;
  const code = errno(err);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new KairnError('access-denied', {
      reason: 'dest-not-writable',
      detail: `write ${path}: ${code}`,
      cause: err,
    });
  }
  return fsError(err, `write ${path}`);
}

/** Runs a read of the snapshot, mapping its errors. */
export async function reading<T>(path: string, op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (err) {
    throw readError(err, path);
  }
}

/** Runs a write to the destination, mapping its errors. */
export async function writing<T>(path: string, op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (err) {
    throw writeError(err, path);
  }
}

/** True when the error is "nothing there". */
export function isMissing(err: unknown): boolean {
  return errno(err) === 'ENOENT';
}
