import type { Dispatch } from '../core/api/dispatch';

/** A prefetched status older than this is not handed out: the page asks afresh. */
export const PREFETCH_FRESH_MS = 2000;

/** `status.get` with no parameters, the way the renderer's first script asks it. */
function isPlainStatusCall(method: unknown, params: unknown): boolean {
  if (method !== 'status.get') return false;
  if (params === undefined) return true;
  return typeof params === 'object' && params !== null && Object.keys(params).length === 0;
}

/**
 * The page's first question is always the status, and answering it takes the core longer than
 * loading the page. So the status is asked as soon as the page itself is requested, and that
 * answer goes to the next plain status.get, if it comes within PREFETCH_FRESH_MS. At most one
 * is prefetched at a time, so requests for the page cannot pile up work. Nothing changes for
 * any other call; the answer still only reaches a client through the token-checked WebSocket.
 */
export function prefetchStatus(
  dispatch: Dispatch,
  now: () => number = () => performance.now(),
): { dispatch: Dispatch; pageRequested: () => void } {
  let held: { at: number; reply: ReturnType<Dispatch> } | null = null;
  return {
    pageRequested() {
      if (held !== null && now() - held.at <= PREFETCH_FRESH_MS) return;
      held = { at: now(), reply: dispatch('status.get', {}) };
    },
    dispatch(method, params, ctx) {
      if (held !== null && isPlainStatusCall(method, params)) {
        const taken = held;
        held = null;
        if (now() - taken.at <= PREFETCH_FRESH_MS) return taken.reply;
      }
      return dispatch(method, params, ctx);
    },
  };
}
