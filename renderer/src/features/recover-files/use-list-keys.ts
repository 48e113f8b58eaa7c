import { useState, type KeyboardEvent, type RefObject } from 'react';

import { useKairn, useKairnStore } from '../../store/context';
import { entryAt, itemFromEntry } from '../../store/folder-slice';
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

/** Selection and keys of the folder list: arrows/Page/Home/End select, Enter opens, Backspace goes up. */
export function useListKeys({ count, rowHeight, scrollRef, scrollToIndex }: ListKeysOptions) {
  const store = useKairnStore();
  const path = useKairn((s) => s.folder.path);
  const version = useKairn((s) => s.folder.version);
  const revealIndex = useKairn((s) => s.folder.revealIndex);
  const home = useKairn(selectHomePath);
  const details = useDetailsStep();
  const [active, setActive] = useState(-1);
  const [seenVersion, setSeenVersion] = useState(version);
  if (seenVersion !== version) {
    // Another folder or point in time: the keyboard position starts over.
    setSeenVersion(version);
    setActive(-1);
  }
  const select = (index: number): void => {
    setActive(index);
    const entry = entryAt(store.getState().folder, index);
    if (entry) store.getState().selectItem(itemFromEntry(path, entry));
  };
  const open = (index: number): void => {
    const entry = entryAt(store.getState().folder, index);
    if (entry?.kind === 'dir') store.getState().openFolder(joinPath(path, entry.name));
    else if (entry) details.show(); // A file "opens" into its details (the second step when narrow).
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.target !== event.currentTarget) return; // Keys on the sort buttons are theirs.
    if (event.key === 'Enter' && active >= 0) {
      open(active);
      return;
    }
    if (event.key === 'Backspace' || (event.altKey && event.key === 'ArrowUp')) {
      event.preventDefault();
      if (home && path !== home) store.getState().openFolder(dirname(path));
      return;
    }
    const pageRows = Math.max(
      1,
      Math.floor((scrollRef.current?.clientHeight ?? 360) / rowHeight) - 1,
    );
    const next = indexAfterKey(event.key, active, count, pageRows);
    if (next === null || count === 0) return;
    event.preventDefault();
    const target = active < 0 && event.key === 'ArrowDown' ? 0 : next;
    scrollToIndex(target);
    select(target);
  };
  return { active: active >= 0 ? active : (revealIndex ?? -1), select, open, onKeyDown };
}
