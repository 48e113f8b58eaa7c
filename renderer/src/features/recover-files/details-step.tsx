import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';

/** Whether the selected item's details are open as the second step (narrow windows only). */
export interface DetailsStep {
  open: boolean;
  show: () => void;
  hide: () => void;
}

const NONE: DetailsStep = { open: false, show: () => undefined, hide: () => undefined };
const DetailsStepContext = createContext<DetailsStep>(NONE);

/** Holds the second step's state for one Recover files workspace. */
export function DetailsStepProvider({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const value = useMemo(
    () => ({ open, show: () => setOpen(true), hide: () => setOpen(false) }),
    [open],
  );
  return <DetailsStepContext.Provider value={value}>{children}</DetailsStepContext.Provider>;
}

export function useDetailsStep(): DetailsStep {
  return useContext(DetailsStepContext);
}
