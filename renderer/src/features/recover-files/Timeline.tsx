import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { Busy } from '../../components/Busy';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Icon } from '../../components/Icon';
import { useNow } from '../../hooks/use-now';
import { userLocale } from '../../i18n';
import { useKairn, useKairnStore } from '../../store/context';
import { buildTimeline, type TimelineRow } from './timeline-model';

const rowId = (key: string): string => `timeline-${key.replace(/[^A-Za-z0-9_-]/g, '_')}`;

function useTimelineRows(expanded: ReadonlySet<string>): TimelineRow[] {
  const { t } = useTranslation();
  const snapshots = useKairn((s) => s.snapshots.data);
  const point = useKairn((s) => s.point);
  const now = useNow();
  return useMemo(
    () =>
      buildTimeline(snapshots ?? [], {
        now,
        locale: userLocale(),
        expanded,
        selected: point,
        labels: {
          now: t('ui.timeline.now'),
          today: (time) => t('ui.timeline.today', { time }),
          yesterday: (time) => t('ui.timeline.yesterday', { time }),
        },
      }),
    [snapshots, now, expanded, point, t],
  );
}

function TimelineOption({
  row,
  selected,
  active,
  onChoose,
}: {
  row: TimelineRow;
  selected: boolean;
  active: boolean;
  onChoose: () => void;
}) {
  const { t } = useTranslation();
  if (row.type === 'group') {
    return (
      <div
        id={rowId(row.key)}
        role="option"
        aria-selected={false}
        aria-expanded={row.expanded}
        aria-label={t('ui.timeline.groupLabel', { label: row.label, count: row.count })}
        className={`timeline-row timeline-group${active ? ' active' : ''}`}
        data-testid="timeline-group"
        data-group={row.key}
        onClick={onChoose}
      >
        <Icon name={row.expanded ? 'chevronDown' : 'chevronRight'} size={16} />
        <span className="timeline-label">{row.label}</span>
        <span className="count-pill">{row.count}</span>
      </div>
    );
  }
  const kept = row.type === 'point' && row.kept;
  const name = kept ? t('ui.timeline.keptLabel', { label: row.label }) : row.label;
  return (
    <div
      id={rowId(row.key)}
      role="option"
      aria-selected={selected}
      aria-label={name}
      className={`timeline-row timeline-point${row.type === 'now' ? ' timeline-now' : ''}${row.type === 'point' && row.group ? ' in-group' : ''}${selected ? ' selected' : ''}${active ? ' active' : ''}`}
      data-testid="timeline-item"
      data-snapshot={row.snapshot}
      data-kept={kept ? 'true' : undefined}
      onClick={onChoose}
    >
      <span className="timeline-dot" aria-hidden="true" />
      <span className="timeline-label">{row.label}</span>
      {kept && <Icon name="pin" size={14} className="pin" label={t('ui.timeline.kept')} />}
    </div>
  );
}

function nextIndex(key: string, index: number, count: number): number | null {
  switch (key) {
    case 'ArrowUp':
      return Math.max(0, index - 1);
    case 'ArrowDown':
      return Math.min(count - 1, index + 1);
    case 'PageUp':
      return Math.max(0, index - 10);
    case 'PageDown':
      return Math.min(count - 1, index + 10);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

/** The points in time, oldest at the top and "Now" at the bottom; a listbox (Up/Down, Home/End, Enter). */
export function Timeline() {
  const { t } = useTranslation();
  const store = useKairnStore();
  const point = useKairn((s) => s.point);
  const snapshots = useKairn((s) => s.snapshots);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const rows = useTimelineRows(expanded);
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

  useEffect(() => {
    if (active) document.getElementById(rowId(active.key))?.scrollIntoView({ block: 'nearest' });
  }, [active, rows.length]);

  const choose = (row: TimelineRow): void => {
    setActiveKey(row.key);
    if (row.type === 'group') {
      const next = new Set(expanded);
      if (next.has(row.key)) next.delete(row.key);
      else next.add(row.key);
      setExpanded(next);
    } else {
      store.getState().selectPoint(row.snapshot);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if ((event.key === 'Enter' || event.key === ' ') && active) {
      event.preventDefault();
      choose(active);
      return;
    }
    const index = nextIndex(event.key, activeIndex, rows.length);
    if (index === null) return;
    event.preventDefault();
    setActiveKey(rows[index]?.key ?? 'now');
  };

  return (
    <div className="timeline-panel">
      <h2 className="panel-title" id="timeline-title">
        {t('ui.timeline.title')}
      </h2>
      {snapshots.status === 'loading' && !snapshots.data && (
        <Busy label={t('ui.timeline.loading')} />
      )}
      {snapshots.error && (
        <ErrorNotice
          compact
          error={snapshots.error}
          action={{
            label: t('ui.common.tryAgain'),
            onClick: () => void store.getState().loadSnapshots(),
          }}
        />
      )}
      <div
        className="timeline"
        role="listbox"
        tabIndex={0}
        aria-labelledby="timeline-title"
        aria-describedby="timeline-help"
        aria-activedescendant={active ? rowId(active.key) : undefined}
        onKeyDown={onKeyDown}
        data-testid="timeline"
      >
        {rows.map((row) => (
          <TimelineOption
            key={row.key}
            row={row}
            selected={row.key === selectedKey}
            active={row.key === active?.key}
            onChoose={() => choose(row)}
          />
        ))}
      </div>
      <p id="timeline-help" className="sr-only">
        {t('ui.timeline.help')}
      </p>
    </div>
  );
}
