import type { KairnClient } from '../../../shared/api/client';

/** Queries without parameters that the first screen shows. */
export type EarlyMethod = 'status.get' | 'checks.run';

/** An early answer older than this is not handed out: the caller asks afresh. */
export const EARLY_ANSWER_MAX_AGE_MS = 5000;

/**
 * Asks `methods` in turn, before the app's own code has loaded, and hands each answer to the
 * first caller of that method (the store, once the app is up), so the round trip overlaps with
 * loading the app instead of following it. Later callers, and a first caller that comes too
 * late, get a fresh call.
 */
export function withEarlyCalls(
  client: KairnClient,
  methods: readonly EarlyMethod[],
  now: () => number = () => performance.now(),
): KairnClient {
  const early = new Map<string, { at: number; answer: Promise<unknown> }>();
  // One after the other, the first screen's first: a later query must not slow the first answer.
  let before: Promise<unknown> = Promise.resolve();
  for (const method of methods) {
    const answer: Promise<unknown> = before.then(
      () => client.call(method, {}),
      () => client.call(method, {}),
    );
    // Handled by whoever takes it; one nobody takes must not be an unhandled rejection.
    answer.catch(() => {});
    early.set(method, { at: now(), answer });
    before = answer;
  }
  return {
    call(method, params) {
      const found = early.get(method);
      early.delete(method);
      if (found && now() - found.at <= EARLY_ANSWER_MAX_AGE_MS)
        return found.answer as ReturnType<typeof client.call<typeof method>>;
      return client.call(method, params);
    },
    on: (event, listener) => client.on(event, listener),
  };
}
