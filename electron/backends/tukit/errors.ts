import { KairnError } from '../../core/errors';
import type { ErrorTable } from '../dbus/errors';
import { TUKIT_SNAPSHOT } from './proxy';

const TUKIT_MISSING = { code: 'service-missing', reason: 'tukit-missing' } as const;

/** Bus-level answers about tukit (its own failures share one name and are read by message below). */
export const TUKIT_ERRORS: ErrorTable = {
  'org.freedesktop.DBus.Error.ServiceUnknown': TUKIT_MISSING,
  'org.freedesktop.DBus.Error.NameHasNoOwner': TUKIT_MISSING,
  'org.freedesktop.DBus.Error.Spawn.ExecFailed': TUKIT_MISSING,
  'org.freedesktop.DBus.Error.Spawn.ChildExited': TUKIT_MISSING,
  'org.freedesktop.DBus.Error.Spawn.ServiceNotFound': TUKIT_MISSING,
  // tukitd has no polkit: a refusal is the bus policy (or a distro's polkit in front of it).
  'org.freedesktop.DBus.Error.AccessDenied': {
    code: 'access-denied',
    reason: 'rollback-not-allowed',
  },
  'org.freedesktop.DBus.Error.InteractiveAuthorizationRequired': {
    code: 'access-denied',
    reason: 'rollback-not-allowed',
  },
};

/**
 * org.opensuse.tukit.Error is all tukitd ever sends; its message tells a busy transaction or a
 * refusal apart from a real failure. Other errors: a vanished daemon and a timeout in words.
 */
export function explainTukit(err: unknown, member: string): unknown {
  if (!(err instanceof KairnError)) return err;
  const detail = `${TUKIT_SNAPSHOT.interface}.${member}: ${err.detail ?? err.code}`;
  const raw = err.detail ?? '';
  if (raw.startsWith('org.opensuse.tukit.Error')) {
    if (/in use by another|currently in use|busy|locked/i.test(raw))
      return new KairnError('busy', { reason: 'rollback-running', detail, cause: err });
    if (/permission|not permitted|denied|not authori[sz]ed/i.test(raw))
      return new KairnError('access-denied', {
        reason: 'rollback-not-allowed',
        detail,
        cause: err,
      });
    if (/not exist|no such|invalid snapshot|not found/i.test(raw))
      return new KairnError('not-found', { reason: 'restore-point-missing', detail, cause: err });
    return new KairnError('backend-failed', { reason: 'tukit-failed', detail, cause: err });
  }
  // The bus says NoReply "…disconnected…" when tukitd died before answering; a plain NoReply is a timeout.
  if (/^org\.freedesktop\.DBus\.Error\.(NoReply|Disconnected)/.test(raw) && /disconnect/i.test(raw))
    return new KairnError('backend-failed', { reason: 'tukit-stopped', detail, cause: err });
  if (err.reason === 'timeout')
    return new KairnError('backend-failed', { reason: 'rollback-timeout', detail, cause: err });
  if (err.code === 'access-denied')
    return new KairnError('access-denied', { reason: 'rollback-not-allowed', detail, cause: err });
  return err;
}
