import { KairnError } from '../../core/errors';

/**
 * The D-Bus layer and the transaction follower name their reasons for going back; for an update
 * the person reads update words. Codes stay as they are, the action goes into Details.
 */
export function asUpdateError(err: unknown, what: string): unknown {
  if (!(err instanceof KairnError)) return err;
  const detail = `${what}: ${err.detail ?? ''}`;
  if (err.code === 'access-denied')
    return new KairnError('access-denied', { reason: 'update-not-allowed', detail, cause: err });
  if (err.code === 'busy')
    return new KairnError('busy', { reason: 'update-busy', detail, cause: err });
  if (err.code === 'backend-failed' && err.reason === 'rollback-timeout')
    return new KairnError('backend-failed', { reason: 'update-timeout', detail, cause: err });
  if (err.code === 'backend-failed' && /NoReply|Disconnected/.test(err.detail ?? ''))
    return new KairnError('backend-failed', { reason: 'update-failed', detail, cause: err });
  if (err.code === 'backend-failed' && err.reason !== 'rpm-ostree-stopped')
    return new KairnError('backend-failed', { reason: 'update-failed', detail, cause: err });
  return err;
}
