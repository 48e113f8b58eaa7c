import { errorsOf, type MethodName } from '../../../shared/api/contract';
import type { KairnErrorPayload } from '../../../shared/api/errors';
import { errorSentence } from '../../../shared/i18n/messages';

/**
 * The contract lists every error each method (and the job it starts) may end with; scripts and
 * the UI rely on that list. An error outside it is a bug in Kairn, not a state to explain: it
 * leaves as backend-failed, with the original code in the detail, and is logged.
 */
export function enforceListed(
  method: MethodName,
  error: KairnErrorPayload,
  log: (line: string) => void,
): KairnErrorPayload {
  if (errorsOf(method).includes(error.code)) return error;
  const original = `${error.code}${error.reason === undefined ? '' : ` (${error.reason})`}`;
  const detail = `${method} ended with ${original}, which the contract does not list for it`;
  log(`${detail}: ${error.detail ?? error.message}`);
  return {
    code: 'backend-failed',
    message: errorSentence('backend-failed'),
    detail: error.detail === undefined ? detail : `${detail}; ${error.detail}`,
  };
}
