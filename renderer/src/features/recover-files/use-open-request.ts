import { useEffect, useSyncExternalStore } from 'react';

import { useKairnStore } from '../../store/context';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** The item in `#/recover?path=/home/…` (what `kairn open PATH` and the Dolphin menu ask for), or null. */
export function requestedPath(hash: string): string | null {
  const at = hash.indexOf('?');
  if (at < 0) return null;
  const path = new URLSearchParams(hash.slice(at + 1)).get('path');
  return path?.startsWith('/') ? path : null;
}

/** Opens the item the address asks for, once per address. */
export function useOpenRequest(): void {
  const store = useKairnStore();
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  useEffect(() => {
    const path = requestedPath(hash);
    if (path !== null) store.getState().openItem(path);
  }, [store, hash]);
}
