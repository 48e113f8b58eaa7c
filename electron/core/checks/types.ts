import type { CheckState, CheckWords } from '../../../shared/schemas/checks';

/** What a check found: its state, the sentence for the person, and the helper's lines. */
export interface CheckOutcome {
  state: CheckState;
  words: CheckWords;
  details: string[];
  /** The id of the one safe fix that fits this outcome (the check's `fix` must handle it). */
  fix?: string;
}

/** One safe fix a check offers; it runs as a job and the check is read again afterwards. */
export interface CheckFixer {
  id: string;
  run(signal: AbortSignal): Promise<void>;
}

/**
 * One health check. Every area adds its checks as one module that returns `Check`s (restart
 * pending, last update, started from an older point come with their areas): the runner gives
 * each a time limit and turns a throw or a hang into `unknown`. A check that cannot be evaluated
 * on this system must answer `unknown` (or leave itself out via `applies`), never `ok`.
 */
export interface Check {
  id: string;
  /** False: the check means nothing on this system and is not listed (not shown as "ok"). */
  applies?(signal: AbortSignal): Promise<boolean>;
  run(signal: AbortSignal): Promise<CheckOutcome>;
  fixes?: readonly CheckFixer[];
}

/** Shorthand for a check's words. */
export function say(key: string, values: Record<string, string | number> = {}): CheckWords {
  return { key, values };
}
