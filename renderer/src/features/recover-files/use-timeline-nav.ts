import { useState, type KeyboardEvent } from 'react';

import { useKairn, useKairnStore } from '../../store/context';
import type { TimelineRow } from './timeline-model';
import { indexAfterKey } from '../../components/list-keys';

/** Listbox keys of the timeline: Up/Down move in time, Home/End jump, Enter or Space chooses (or opens a group). */
export function useTimelineNav(rows: TimelineRow[], toggleGroup: (key: string) => void) {
  const store = useKairnStore();
  const point = useKairn((s) => s.point);
  const selectedKey = point === 0 ? 'now' : `s:${point}`;
  const [activeKey, setActiveKey] = useState(selectedKey);
  const [lastSelectedKey, setLastSelectedKey] = useState(selectedKey);
  if (lastSelectedKey !== selectedKey) {
    // Choosing a point elsewhere (versions, search) moves the keyboard position with it.
    setLastSelectedKey(selectedKey);
    setActiveKey(selectedKey);
  }
  const activeIndex = Math.max(
    0,
    rows.findIndex((r) => r.key === activeKey),
  );
  const active = rows[activeIndex] ?? rows[rows.length - 1];
  const choose = (row: TimelineRow): void => {
    setActiveKey(row.key);
    if (row.type === 'group') toggleGroup(row.key);
    else store.getState().selectPoint(row.snapshot);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if ((event.key === 'Enter' || event.key === ' ') && active) {
      event.preventDefault();
      choose(active);
      return;
    }
    const index = indexAfterKey(event.key, activeIndex, rows.length, 10);
    if (index === null) return;
    event.preventDefault();
    setActiveKey(rows[index]?.key ?? 'now');
  };
  return { active, selectedKey, choose, onKeyDown };
}
