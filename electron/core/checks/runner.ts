import type { CheckResult } from '../../../shared/schemas/checks';
import { KairnError, toErrorPayload } from '../errors';
import { say, type Check, type CheckOutcome } from './types';
import { englishWords } from './words';

/** Each check gets this long before it shows `unknown` (a hung service must not hold the page). */
export const CHECK_TIME_LIMIT_MS = 5000;

export interface RunOptions {
  timeLimitMs?: number;
  signal?: AbortSignal | undefined;
}

type Ran = { kind: 'outcome'; outcome: CheckOutcome } | { kind: 'skip' };

/** Runs one check under its own time limit; a throw, a hang or a broken answer become `unknown`. */
async function runOne(check: Check, limitMs: number, outer?: AbortSignal): Promise<Ran> {
  const controller = new AbortController();
  const onOuter = (): void => controller.abort();
  outer?.addEventListener('abort', onOuter, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), limitMs);
  });
  try {
    const work = (async (): Promise<Ran> => {
      if (check.applies && !(await check.applies(controller.signal))) return { kind: 'skip' };
      return { kind: 'outcome', outcome: await check.run(controller.signal) };
    })();
    // A check that hangs keeps running in the background; its late answer is dropped.
    work.catch(() => {});
    const first = await Promise.race([work, timeout]);
    if (first === 'timeout') {
      controller.abort();
      return {
        kind: 'outcome',
        outcome: {
          state: 'unknown',
          words: say('common.timeout', { seconds: Math.round(limitMs / 1000) }),
          details: [`${check.id}: no answer within ${String(limitMs)} ms`],
        },
      };
    }
    return first;
  } catch (err) {
    const payload = toErrorPayload(err);
    const details = [`${check.id}: ${payload.code}${payload.detail ? ` (${payload.detail})` : ''}`];
    return { kind: 'outcome', outcome: { state: 'unknown', words: say('common.failed'), details } };
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuter);
  }
}

/** The contract's form of an outcome: English title and sentence, the fix's label if it has one. */
export function toResult(check: Check, outcome: CheckOutcome): CheckResult {
  const title = englishWords(say(`titles.${check.id}`));
  const result: CheckResult = {
    id: check.id,
    title,
    state: outcome.state,
    summary: englishWords(outcome.words),
    words: outcome.words,
    details: outcome.details,
  };
  const fixer =
    outcome.fix === undefined ? undefined : check.fixes?.find((f) => f.id === outcome.fix);
  if (fixer) {
    const words = say(`fixes.${fixer.id}`);
    result.fix = { id: fixer.id, label: englishWords(words), words };
  }
  return result;
}

/** All checks in parallel; the list keeps the checks' order whatever order they finish in. */
export async function runChecks(
  checks: readonly Check[],
  options: RunOptions = {},
): Promise<CheckResult[]> {
  const limit = options.timeLimitMs ?? CHECK_TIME_LIMIT_MS;
  const ran = await Promise.all(checks.map((check) => runOne(check, limit, options.signal)));
  if (options.signal?.aborted) throw new KairnError('cancelled');
  return checks.flatMap((check, i) => {
    const r = ran[i];
    return r?.kind === 'outcome' ? [toResult(check, r.outcome)] : [];
  });
}

/** Runs one check alone (after a fix), with the same rules. */
export async function runCheck(
  check: Check,
  options: RunOptions = {},
): Promise<CheckResult | null> {
  const [result] = await runChecks([check], options);
  return result ?? null;
}
