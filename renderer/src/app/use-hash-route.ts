import { useSyncExternalStore } from 'react';

import { routeFromHash, type RouteId } from './routes';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** The current area from the address (#/recover …); back and forward work because the hash is the route. */
export function useHashRoute(): RouteId {
  return useSyncExternalStore(subscribe, () => routeFromHash(window.location.hash));
}
