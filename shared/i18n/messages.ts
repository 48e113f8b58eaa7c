import type { ErrorCode } from '../api/errors';
import en from './en.json';

/** The plain English sentence for an error (used by the CLI and in logs; the UI translates itself). */
export function errorSentence(code: ErrorCode, reason?: string): string {
  const reasons: Record<string, string> = en.reasons;
  if (reason !== undefined && reasons[reason] !== undefined) return reasons[reason];
  return en.errors[code];
}
