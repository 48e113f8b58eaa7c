import { z } from 'zod';

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

export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** The error half of the wire envelope, and a failed job's outcome. */
export const KairnErrorPayload = z.object({
  code: ErrorCode,
  /** One plain English sentence for logs and the CLI; the UI translates `reason ?? code` itself. */
  message: z.string(),
  /** Names a more specific sentence (i18n key under `reasons.`). */
  reason: z.string().optional(),
  /** Technical detail for the helper (D-Bus error name, errno): shown only behind "Details". */
  detail: z.string().optional(),
});
export type KairnErrorPayload = z.infer<typeof KairnErrorPayload>;

export function isErrorCode(value: unknown): value is ErrorCode {
  return ErrorCode.safeParse(value).success;
}
