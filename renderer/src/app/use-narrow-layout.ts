import { useSyncExternalStore } from 'react';

/**
 * Below this width Recover files has no room for three columns: the selected item's panel
 * becomes a second step laid over the folder (the same number is in recover.css).
 */
export const NARROW_QUERY = '(max-width: 999px)';

function subscribe(onChange: () => void): () => void {
  const query = window.matchMedia(NARROW_QUERY);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

/** True while the window is narrow enough for the one-step-at-a-time layout. */
export function useNarrowLayout(): boolean {
  return useSyncExternalStore(subscribe, () => window.matchMedia(NARROW_QUERY).matches);
}
