import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import type { SortKey } from '../../../../shared/schemas/files';
import { useNow } from '../../hooks/use-now';
import { entryAt, shownTotal } from '../../store/folder-slice';
import { useKairn, useKairnStore } from '../../store/context';
import { joinPath } from '../../store/paths';
import { FileRow } from './FileRow';
import { useListKeys } from './use-list-keys';

const ROW_HEIGHT = 36;
/** Height of the sticky column header inside the scroll area (matches .file-header in the CSS). */
const HEADER_HEIGHT = 34;
const rowId = (index: number): string => `file-row-${index}`;

function SortHeader({
  label,
  sortKey,
  className,
}: {
  label: string;
  sortKey: SortKey;
  className: string;
}) {
  const store = useKairnStore();
  const sort = useKairn((s) => s.folder.sort);
  const descending = useKairn((s) => s.folder.descending);
  const active = sort === sortKey;
  return (
    <div
      role="columnheader"
      className={className}
      aria-sort={active ? (descending ? 'descending' : 'ascending') : 'none'}
    >
      <button
        type="button"
        className="sort-button"
        onClick={() => store.getState().setSort(sortKey)}
        data-testid={`sort-${sortKey}`}
      >
        {label}
        <span aria-hidden="true" className="sort-mark">
          {active ? (descending ? '▼' : '▲') : ''}
        </span>
      </button>
    </div>
  );
}

/** The folder as it was, virtualized: only the visible rows exist, pages of 200 are fetched while scrolling. */
export function FileList({ message }: { message: ReactNode }) {
  const { t } = useTranslation();
  const store = useKairnStore();
  const folder = useKairn((s) => s.folder);
  const selection = useKairn((s) => s.selection);
  const selectedPaths = useMemo(() => new Set(selection.map((item) => item.path)), [selection]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const now = useNow();
  const count = shownTotal(folder) ?? 0;
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    scrollMargin: HEADER_HEIGHT,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    if (count > 0) store.getState().ensureRange(first, last);
  }, [store, first, last, count, folder.version, folder.total]);

  useEffect(() => {
    if (folder.revealIndex === null) return;
    virtualizer.scrollToIndex(folder.revealIndex, { align: 'center' });
  }, [folder.revealIndex, virtualizer]);
  const { active, select, open, onKeyDown } = useListKeys({
    count,
    rowHeight: ROW_HEIGHT,
    scrollRef,
    scrollToIndex: (index) => virtualizer.scrollToIndex(index, { align: 'auto' }),
  });

  const activeIndex = active;
  return (
    <div
      ref={scrollRef}
      className="file-grid"
      role="grid"
      tabIndex={0}
      onKeyDown={onKeyDown}
      aria-label={t('ui.browser.listLabel')}
      aria-multiselectable="true"
      aria-rowcount={count + 1}
      aria-colcount={3}
      aria-activedescendant={activeIndex >= 0 ? rowId(activeIndex) : undefined}
      aria-busy={folder.total === null}
      data-testid="file-list"
      data-total={folder.total ?? undefined}
    >
      <div role="rowgroup" className="file-header-group">
        <div role="row" className="file-header" aria-rowindex={1}>
          <SortHeader label={t('ui.browser.colName')} sortKey="name" className="cell-name" />
          <SortHeader label={t('ui.browser.colSize')} sortKey="size" className="cell-size" />
          <SortHeader label={t('ui.browser.colModified')} sortKey="mtime" className="cell-date" />
        </div>
      </div>
      <div role="rowgroup" className="file-canvas" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const entry = entryAt(folder, item.index);
          const selected =
            entry !== undefined && selectedPaths.has(joinPath(folder.path, entry.name));
          return (
            <FileRow
              key={item.key}
              id={rowId(item.index)}
              index={item.index}
              entry={entry}
              selected={selected}
              top={item.start - HEADER_HEIGHT}
              height={ROW_HEIGHT}
              onSelect={select}
              onOpen={open}
              now={now}
            />
          );
        })}
      </div>
      {count === 0 && (
        <div role="row" className="file-message">
          <div role="gridcell">{message}</div>
        </div>
      )}
    </div>
  );
}
