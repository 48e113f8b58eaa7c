import { useState, type KeyboardEvent, type RefObject } from 'react';

import { useKairn, useKairnStore } from '../../store/context';
import { entryAt, itemFromEntry, itemsInRange } from '../../store/folder-slice';
import { selectHomePath } from '../../store/history-slice';
import { dirname, joinPath } from '../../store/paths';
import { indexAfterKey } from '../../components/list-keys';
import { useDetailsStep } from './details-step';

interface ListKeysOptions {
  count: number;
  rowHeight: number;
  scrollRef: RefObject<HTMLDivElement | null>;
  scrollToIndex: (index: number) => void;
}

/** How a click or key changes the selection: replace it, toggle one row, or extend from the anchor. */
export interface SelectHow {
  toggle?: boolean;
  range?: boolean;
  /** Where a range starts when nothing anchored it yet (the row the keyboard was on). */
  from?: number;
}

/** Ctrl on Linux and Windows, Cmd on a Mac. */
function hasCommand(event: { ctrlKey: boolean; metaKey: boolean }): boolean {
  return event.ctrlKey || event.metaKey;
}

/**
 * Selection and keys of the folder list: arrows/Page/Home/End select; with Shift they extend the
 * selection, with Ctrl they only move; Space or Ctrl+Space toggles a row; Ctrl+A selects all;
 * Enter opens, Backspace goes up. Ctrl-click toggles, Shift-click selects a range.
 */
export function useListKeys({ count, rowHeight, scrollRef, scrollToIndex }: ListKeysOptions) {
  const store = useKairnStore();
  const path = useKairn((s) => s.folder.path);
  const version = useKairn((s) => s.folder.version);
  const revealIndex = useKairn((s) => s.folder.revealIndex);
  const home = useKairn(selectHomePath);
  const details = useDetailsStep();
  const [active, setActive] = useState(-1);
  const [anchor, setAnchor] = useState(-1);
  const [seenVersion, setSeenVersion] = useState(version);
  if (seenVersion !== version) {
    // Another folder or point in time: the keyboard position starts over.
    setSeenVersion(version);
    setActive(-1);
    setAnchor(-1);
  }
  const select = (index: number, how: SelectHow = {}): void => {
    setActive(index);
    const state = store.getState();
    const entry = entryAt(state.folder, index);
    if (!entry) return;
    const item = itemFromEntry(path, entry);
    const from = how.range ? (anchor >= 0 ? anchor : (how.from ?? -1)) : -1;
    if (from >= 0) {
      state.setSelection(itemsInRange(state.folder, from, index));
      return;
    }
    setAnchor(index);
    if (how.toggle) {
      const chosen = state.selection;
      const has = chosen.some((c) => c.path === item.path);
      state.setSelection(has ? chosen.filter((c) => c.path !== item.path) : [...chosen, item]);
      return;
    }
    state.selectItem(item);
  };
  const open = (index: number): void => {
    const entry = entryAt(store.getState().folder, index);
    if (entry?.kind === 'dir') store.getState().openFolder(joinPath(path, entry.name));
    else if (entry) details.show(); // A file "opens" into its details (the second step when narrow).
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.target !== event.currentTarget) return; // Keys on the sort buttons are theirs.
    const current = active >= 0 ? active : (revealIndex ?? -1);
    if (event.key === 'Enter' && current >= 0) {
      open(current);
      return;
    }
    if (event.key === 'Backspace' || (event.altKey && event.key === 'ArrowUp')) {
      event.preventDefault();
      if (home && path !== home) store.getState().openFolder(dirname(path));
      return;
    }
    if (hasCommand(event) && event.key.toLowerCase() === 'a') {
      event.preventDefault();
      void store.getState().selectAll();
      return;
    }
    if (event.key === ' ') {
      event.preventDefault();
      if (current >= 0) select(current, { toggle: true });
      return;
    }
    const pageRows = Math.max(
      1,
      Math.floor((scrollRef.current?.clientHeight ?? 360) / rowHeight) - 1,
    );
    const next = indexAfterKey(event.key, current, count, pageRows);
    if (next === null || count === 0) return;
    event.preventDefault();
    const target = current < 0 && event.key === 'ArrowDown' ? 0 : next;
    scrollToIndex(target);
    if (hasCommand(event) && !event.shiftKey) {
      setActive(target); // Ctrl+arrow moves the focus only; Ctrl+Space then toggles.
      return;
    }
    if (event.shiftKey && anchor < 0 && current >= 0) setAnchor(current);
    select(target, { range: event.shiftKey, from: current });
  };
  return { active: active >= 0 ? active : (revealIndex ?? -1), select, open, onKeyDown };
}
