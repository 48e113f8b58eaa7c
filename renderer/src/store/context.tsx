import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';

import type { KairnState, KairnStore } from './index';

const StoreContext = createContext<KairnStore | null>(null);

/** Makes the store (created once with its client) available to the tree. */
export function StoreProvider({ store, children }: { store: KairnStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

/** The store itself, for actions and one-off reads. */
export function useKairnStore(): KairnStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useKairn must be used inside <StoreProvider>');
  return store;
}

/** Reads one value from the store; re-renders only when that value changes. */
export function useKairn<T>(selector: (state: KairnState) => T): T {
  return useStore(useKairnStore(), selector);
}
