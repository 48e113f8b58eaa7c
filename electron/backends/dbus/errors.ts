import type { ErrorCode } from '../../../shared/api/errors';
import { KairnError } from '../../core/errors';

/** A service's own error names → contract codes (each adapter keeps its own table). */
export type ErrorTable = Readonly<Record<string, { code: ErrorCode; reason?: string }>>;

/** Generic D-Bus error names, true for every service. */
const GENERIC: ErrorTable = {
  'org.freedesktop.DBus.Error.ServiceUnknown': { code: 'service-missing' },
  'org.freedesktop.DBus.Error.NameHasNoOwner': { code: 'service-missing' },
  'org.freedesktop.DBus.Error.Spawn.ExecFailed': { code: 'service-missing' },
  'org.freedesktop.DBus.Error.Spawn.ChildExited': { code: 'service-missing' },
  'org.freedesktop.DBus.Error.Spawn.ServiceNotFound': { code: 'service-missing' },
  'org.freedesktop.DBus.Error.AccessDenied': { code: 'access-denied' },
  'org.freedesktop.DBus.Error.AuthFailed': { code: 'access-denied' },
  'org.freedesktop.DBus.Error.InteractiveAuthorizationRequired': {
    code: 'access-denied',
    reason: 'admin-needed',
  },
  'org.freedesktop.DBus.Error.NoReply': { code: 'backend-failed', reason: 'timeout' },
  'org.freedesktop.DBus.Error.Timeout': { code: 'backend-failed', reason: 'timeout' },
  'org.freedesktop.DBus.Error.TimedOut': { code: 'backend-failed', reason: 'timeout' },
  'org.freedesktop.DBus.Error.Disconnected': { code: 'backend-failed' },
  'org.freedesktop.DBus.Error.LimitsExceeded': { code: 'busy' },
};

interface DBusErrorLike {
  type: string;
  text?: string;
}

function isDBusError(err: unknown): err is DBusErrorLike {
  return typeof err === 'object' && err !== null && typeof (err as DBusErrorLike).type === 'string';
}

/** Turns whatever a D-Bus call rejected with into a KairnError, keeping the raw name as detail. */
export function mapDBusError(err: unknown, service: ErrorTable = {}): KairnError {
  if (err instanceof KairnError) return err;
  if (isDBusError(err)) {
    const entry = service[err.type] ?? GENERIC[err.type];
    const detail =
      err.text && err.text !== 'org.freedesktop.DBus.Error.Failed'
        ? `${err.type}: ${err.text}`
        : err.type;
    if (entry) return new KairnError(entry.code, { reason: entry.reason, detail, cause: err });
    return new KairnError('backend-failed', { detail, cause: err });
  }
  const detail = err instanceof Error ? err.message : String(err);
  return new KairnError('backend-failed', { detail, cause: err });
}
