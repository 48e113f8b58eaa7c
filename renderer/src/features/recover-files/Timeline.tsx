import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { Busy } from '../../components/Busy';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Icon } from '../../components/Icon';
import { useNow } from '../../hooks/use-now';
import { userLocale } from '../../i18n';
import { useKairn, useKairnStore } from '../../store/context';
import { TakeSnapshotButton } from './TakeSnapshotButton';
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

/** "Kept" with its pin: shown on kept points and on groups that hold one. */
function KeptMark() {
  const { t } = useTranslation();
  return (
    <span className="timeline-kept" data-testid="timeline-kept">
      <Icon name="pin" size={13} />
      {t('ui.timeline.kept')}
    </span>
  );
}

/** The names a person gave, under the date; the accessible name comes from this visible text. */
function Names({ names }: { names: readonly string[] }) {
  return (
    <>
      {names.map((name, i) => (
        <span key={`${String(i)}:${name}`} className="timeline-name" data-testid="timeline-name">
          {name}
        </span>
      ))}
    </>
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
    // An option cannot carry aria-expanded, so whether it is open is said in words.
    const state = row.expanded ? 'groupOpen' : 'groupClosed';
    return (
      <div
        id={rowId(row.key)}
        role="option"
        aria-selected={false}
        className={`timeline-row timeline-group${active ? ' active' : ''}`}
        data-testid="timeline-group"
        data-group={row.key}
        data-expanded={row.expanded ? 'true' : 'false'}
        onClick={onChoose}
      >
        <Icon name={row.expanded ? 'chevronDown' : 'chevronRight'} size={16} />
        <span className="timeline-text">
          <span className="timeline-line">
            <span className="timeline-label">{row.label}</span>
            <span className="count-pill" aria-hidden="true">
              {row.count}
            </span>
          </span>
          {!row.expanded && row.kept && <KeptMark />}
          {!row.expanded && <Names names={row.names} />}
        </span>
        <span className="sr-only">, {t(`ui.timeline.${state}`, { count: row.count })}</span>
      </div>
    );
  }
  const kept = row.type === 'point' && row.kept;
  const name = row.type === 'point' ? row.name : null;
  return (
    <div
      id={rowId(row.key)}
      role="option"
      aria-selected={selected}
      className={`timeline-row timeline-point${row.type === 'now' ? ' timeline-now' : ''}${row.type === 'point' && row.group ? ' in-group' : ''}${selected ? ' selected' : ''}${active ? ' active' : ''}`}
      data-testid="timeline-item"
      data-snapshot={row.snapshot}
      data-kept={kept ? 'true' : undefined}
      onClick={onChoose}
    >
      <span className="timeline-dot" aria-hidden="true" />
      <span className="timeline-text">
        <span className="timeline-label">{row.label}</span>
        {kept && <KeptMark />}
        {name !== null && <Names names={[name]} />}
      </span>
    </div>
  );
}

/** Keyboard focus is "nowhere in particular": the page just opened, so the timeline may take it. */
function focusIsUnclaimed(): boolean {
  const el = document.activeElement;
  return el === null || el === document.body || el.id === 'main' || el.matches('#main h1');
}

/** The listbox itself; mounted once the points are in, so keys never act on a half-loaded list. */
function TimelineList() {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const rows = useTimelineRows(expanded);
  const listRef = useRef<HTMLDivElement>(null);
  const toggle = (key: string): void => {
    const next = new Set(expanded);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    setExpanded(next);
  };
  const { active, selectedKey, choose, onKeyDown } = useTimelineNav(rows, toggle);
  const activeKey = active?.key;
  useEffect(() => {
    // Opens at the chosen point (usually "Now", at the bottom) with the keyboard on it.
    if (focusIsUnclaimed()) listRef.current?.focus({ preventScroll: true });
  }, []);
  useEffect(() => {
    if (activeKey) document.getElementById(rowId(activeKey))?.scrollIntoView({ block: 'nearest' });
  }, [activeKey]);
  const newest = useKairn((s) =>
    s.snapshots.data?.reduce((n, snap) => Math.max(n, snap.number), 0),
  );
  const seenNewest = useRef(newest);
  useEffect(() => {
    // A point just saved lands above "Now": bring it (and "Now" with it) into view.
    if (newest === undefined || seenNewest.current === newest) return;
    const first = seenNewest.current === undefined;
    seenNewest.current = newest;
    if (first) return;
    document.getElementById(rowId('now'))?.scrollIntoView({ block: 'nearest' });
    document.getElementById(rowId(`s:${String(newest)}`))?.scrollIntoView({ block: 'nearest' });
  }, [newest]);
  return (
    <div
      ref={listRef}
      className="timeline"
      role="listbox"
      tabIndex={0}
      aria-labelledby="timeline-title"
      aria-describedby="timeline-help"
      aria-activedescendant={active ? rowId(active.key) : undefined}
      onKeyDown={onKeyDown}
      data-testid="timeline"
      data-initial-focus="true"
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
  );
}

/** The points in time, oldest at the top and "Now" at the bottom; a listbox (Up/Down, Home/End, Enter). */
export function Timeline() {
  const { t } = useTranslation();
  const store = useKairnStore();
  const snapshots = useKairn((s) => s.snapshots);
  return (
    <div className="timeline-panel">
      <h2 className="panel-title" id="timeline-title">
        {t('ui.timeline.title')}
      </h2>
      {snapshots.status === 'loading' && !snapshots.data && (
        <Busy label={t('ui.timeline.loading')} testId="timeline-loading" />
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
      {snapshots.data && <TimelineList />}
      <p id="timeline-help" className="sr-only">
        {t('ui.timeline.help')}
      </p>
      <div className="timeline-footer">
        <TakeSnapshotButton />
      </div>
    </div>
  );
}
