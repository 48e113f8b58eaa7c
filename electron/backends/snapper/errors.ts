import type { ErrorTable } from '../dbus/errors';
import { SNAPPER_ERROR } from './proxy';

const SNAPPER_MISSING = { code: 'service-missing', reason: 'snapper-missing' } as const;

/** snapperd's error names (and activation failures of its bus name) → contract codes; others map to backend-failed. */
export const SNAPPER_ERRORS: ErrorTable = {
  [SNAPPER_ERROR.unknownConfig]: { code: 'not-found', reason: 'config-missing' },
  [SNAPPER_ERROR.illegalSnapshot]: { code: 'not-found', reason: 'snapshot-missing' },
  [SNAPPER_ERROR.noPermissions]: { code: 'access-denied', reason: 'snapper-not-allowed' },
  [SNAPPER_ERROR.configLocked]: { code: 'busy' },
  [SNAPPER_ERROR.configInUse]: { code: 'busy' },
  [SNAPPER_ERROR.snapshotInUse]: { code: 'busy' },
  'org.freedesktop.DBus.Error.ServiceUnknown': SNAPPER_MISSING,
  'org.freedesktop.DBus.Error.NameHasNoOwner': SNAPPER_MISSING,
  'org.freedesktop.DBus.Error.Spawn.ExecFailed': SNAPPER_MISSING,
  'org.freedesktop.DBus.Error.Spawn.ChildExited': SNAPPER_MISSING,
  'org.freedesktop.DBus.Error.Spawn.ServiceNotFound': SNAPPER_MISSING,
};

/** Error names meaning "this snapperd does not have that method" (snapperd's own, or a generic bus one). */
export const UNKNOWN_METHOD_ERRORS: ReadonlySet<string> = new Set([
  SNAPPER_ERROR.unknownMethod,
  'org.freedesktop.DBus.Error.UnknownMethod',
]);
