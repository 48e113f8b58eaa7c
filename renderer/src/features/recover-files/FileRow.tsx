import { useTranslation } from 'react-i18next';

import type { DirEntry } from '../../../../shared/schemas/files';
import { Icon } from '../../components/Icon';
import { formatBytes, formatShortDateTime, parseDate } from '../../i18n/format';
import { userLocale } from '../../i18n';
import { iconFor, visualKind } from './file-kind';
import type { SelectHow } from './use-list-keys';

interface FileRowProps {
  id: string;
  index: number;
  entry: DirEntry | undefined;
  selected: boolean;
  top: number;
  height: number;
  onSelect: (index: number, how: SelectHow) => void;
  onOpen: (index: number) => void;
  now: Date;
}

/** One row of the folder list (absolutely placed by the virtualizer); a placeholder while its page loads. */
export function FileRow({
  id,
  index,
  entry,
  selected,
  top,
  height,
  onSelect,
  onOpen,
  now,
}: FileRowProps) {
  const { t } = useTranslation();
  const style = { transform: `translateY(${top}px)`, height };
  if (!entry) {
    return (
      <div
        id={id}
        role="row"
        aria-rowindex={index + 2}
        aria-busy="true"
        className="file-row placeholder"
        style={style}
      >
        <div role="gridcell" className="cell-name muted">
          {t('ui.browser.rowLoading')}
        </div>
      </div>
    );
  }
  const kind = visualKind(entry.name, entry.kind);
  const mtime = parseDate(entry.mtime);
  return (
    <div
      id={id}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={`file-row${selected ? ' selected' : ''}${entry.deletedSince ? ' deleted' : ''}`}
      style={style}
      onClick={(event) =>
        onSelect(index, { toggle: event.ctrlKey || event.metaKey, range: event.shiftKey })
      }
      onMouseDown={(event) => {
        // Shift-click selects a range; it should not also select the text in between.
        if (event.shiftKey) event.preventDefault();
      }}
      onDoubleClick={() => onOpen(index)}
      data-testid="file-row"
      data-name={entry.name}
      data-kind={entry.kind}
      data-deleted={entry.deletedSince ? 'true' : undefined}
    >
      <div role="gridcell" className="cell-name">
        <Icon name={iconFor(kind)} className={`kind kind-${kind}`} label={t(`ui.kinds.${kind}`)} />
        {/* The badge goes under the name, so it never covers it. */}
        <span className="name-stack">
          <span className="file-name" title={entry.name} data-testid="file-name">
            {entry.name}
          </span>
          {entry.deletedSince && (
            <span className="badge badge-deleted" data-testid="deleted-badge">
              {t('ui.browser.deletedSince')}
            </span>
          )}
        </span>
      </div>
      <div role="gridcell" className="cell-size">
        {entry.kind === 'dir' ? '' : formatBytes(entry.size, userLocale())}
      </div>
      <div role="gridcell" className="cell-date">
        {mtime ? formatShortDateTime(mtime, now, userLocale()) : ''}
      </div>
    </div>
  );
}
