import type { KairnErrorPayload } from '../../../shared/api/errors';
import type { Envelope } from '../../../shared/api/wire';

/** A failed envelope produced on this side of the wire (the core never saw the call). */
export function transportFailure(reason: string, detail: string): Envelope<never> {
  const error: KairnErrorPayload = {
    code: 'backend-failed',
    message: 'Kairn could not reach its background service.',
    reason,
    detail,
  };
  return { ok: false, error };
}
