import type { ErrorCode, KairnErrorPayload } from '../../shared/api/errors';
import { errorSentence } from '../../shared/i18n/messages';

interface KairnErrorOptions {
  /** i18n key under `reasons.` for a more specific sentence. */
  reason?: string | undefined;
  /** Technical detail for the helper (D-Bus error name, errno). Never shown without "Details". */
  detail?: string | undefined;
  cause?: unknown;
}

/** The only error the core throws: a contract code plus what the user should read. */
export class KairnError extends Error {
  readonly code: ErrorCode;
  readonly reason: string | undefined;
  readonly detail: string | undefined;

  constructor(code: ErrorCode, options: KairnErrorOptions = {}) {
    super(errorSentence(code, options.reason), { cause: options.cause });
    this.name = 'KairnError';
    this.code = code;
    this.reason = options.reason;
    this.detail = options.detail;
  }

  toPayload(): KairnErrorPayload {
    const payload: KairnErrorPayload = { code: this.code, message: this.message };
    if (this.reason !== undefined) payload.reason = this.reason;
    if (this.detail !== undefined) payload.detail = this.detail;
    return payload;
  }
}

/** Any thrown value → a contract error payload; unexpected errors become backend-failed. */
export function toErrorPayload(err: unknown): KairnErrorPayload {
  if (err instanceof KairnError) return err.toPayload();
  const detail = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return { code: 'backend-failed', message: errorSentence('backend-failed'), detail };
}

/** Maps a Node fs error to a contract error; unknown errno → backend-failed. */
export function fsError(err: unknown, context: string): KairnError {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const detail = `${context}: ${code ?? String(err)}`;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new KairnError('not-found', { reason: 'file-missing', detail, cause: err });
    case 'EACCES':
    case 'EPERM':
      return new KairnError('access-denied', { reason: 'unreadable', detail, cause: err });
    case 'ENOSPC':
    case 'EDQUOT':
      return new KairnError('no-space', { detail, cause: err });
    case 'ABORT_ERR':
      return new KairnError('cancelled', { detail, cause: err });
    default:
      return new KairnError('backend-failed', { detail, cause: err });
  }
}
