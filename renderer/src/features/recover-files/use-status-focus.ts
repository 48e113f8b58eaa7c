import { useEffect, useRef, type RefObject } from 'react';

/** Where focus goes inside the status region: a marked target, else the notice's title. */
const TARGETS = '[data-focus-target], .notice-title';

/**
 * Moves keyboard focus into the restore status region whenever its phase changes (starting,
 * running, done, undone, failed), so focus never falls to the page body when the button that
 * started it is disabled or removed; on close it goes back to where it was before.
 */
export function useStatusFocus(region: RefObject<HTMLElement | null>, phase: string | null): void {
  const before = useRef<HTMLElement | null>(null);
  useEffect(() => {
    const root = region.current;
    if (!root) return;
    if (phase === null) {
      const back = before.current;
      before.current = null;
      // Only when focus was ours: closing must not pull focus from wherever the person went.
      if (back?.isConnected && (root.contains(document.activeElement) || focusIsLost()))
        back.focus({ preventScroll: true });
      return;
    }
    const active = document.activeElement;
    if (before.current === null && active instanceof HTMLElement && !root.contains(active))
      before.current = active;
    const target = root.querySelector<HTMLElement>(TARGETS) ?? root;
    if (!target.hasAttribute('tabindex')) target.tabIndex = -1;
    target.focus({ preventScroll: true });
  }, [region, phase]);
}

function focusIsLost(): boolean {
  return document.activeElement === null || document.activeElement === document.body;
}
