import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { Busy } from '../../components/Busy';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Icon } from '../../components/Icon';
import { useNow } from '../../hooks/use-now';
import { userLocale } from '../../i18n';
import { useKairn, useKairnStore } from '../../store/context';
import { buildTimeline, type TimelineRow } from './timeline-model';
import { useTimelineNav } from './use-timeline-nav';

/** DOM id of a timeline row (aria-activedescendant points at it). */
export const rowId = (key: string): string => `timeline-${key.replace(/[^A-Za-z0-9_-]/g, '_')}`;

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

/** The points in time, oldest at the top and "Now" at the bottom; a listbox (Up/Down, Home/End, Enter). */
export function Timeline() {
  const { t } = useTranslation();
  const store = useKairnStore();
  const snapshots = useKairn((s) => s.snapshots);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const rows = useTimelineRows(expanded);
  const toggle = (key: string): void => {
    const next = new Set(expanded);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    setExpanded(next);
  };
  const { active, selectedKey, choose, onKeyDown } = useTimelineNav(rows, toggle);
  const activeKey = active?.key;
  useEffect(() => {
    if (activeKey) document.getElementById(rowId(activeKey))?.scrollIntoView({ block: 'nearest' });
  }, [activeKey]);

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
