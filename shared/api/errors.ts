/** Every error a Kairn API call can end with. Stable: scripts and the UI key on these. */
export const ERROR_CODES = [
  'invalid-input',
  'not-found',
  'access-denied',
  'service-missing',
  'busy',
  'backend-failed',
  'cancelled',
  'no-space',
  'not-yet-available',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The error half of the wire envelope. `reason` names a more specific sentence (i18n key under `reasons.`). */
export interface KairnErrorPayload {
  code: ErrorCode;
  /** One plain English sentence for logs and the CLI; the UI translates `reason ?? code` itself. */
  message: string;
  reason?: string;
  /** Technical detail for the helper (D-Bus error name, errno): shown only behind "Details". */
  detail?: string;
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
