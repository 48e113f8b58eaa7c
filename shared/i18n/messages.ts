import type { ErrorCode } from '../api/errors';
import en from './en.json';

/** The plain English sentence for an error (used by the CLI and in logs; the UI translates itself). */
export function errorSentence(code: ErrorCode, reason?: string): string {
  const reasons: Record<string, string> = en.reasons;
  if (reason !== undefined && reasons[reason] !== undefined) return reasons[reason];
  return en.errors[code];
}

/** A reason sentence that names a count ("3 items cannot be read…"), from its `_one`/`_other` forms. */
export function countedSentence(reason: string, count: number): string | undefined {
  const reasons: Record<string, string> = en.reasons;
  const form = new Intl.PluralRules('en').select(count) === 'one' ? 'one' : 'other';
  return reasons[`${reason}_${form}`]?.replaceAll('{{count}}', String(count));
}
