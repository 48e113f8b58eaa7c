import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { useNarrowLayout } from '../../app/use-narrow-layout';
import { Icon } from '../../components/Icon';
import { useKairn, useKairnStore } from '../../store/context';
import type { SelectedItem } from '../../store/folder-slice';
import { selectHomePath } from '../../store/history-slice';
import { dirname, placeOf } from '../../store/paths';
import { useDetailsStep } from './details-step';
import { DiffView } from './DiffView';
import { iconFor, visualKind } from './file-kind';
import { PreviewView } from './PreviewView';
import { RestoreActions } from './RestoreActions';
import { SelectionPanel } from './SelectionPanel';
import { usePointLabel } from './use-point-label';
import { VersionsList } from './VersionsList';

type Tab = 'preview' | 'versions' | 'diff';

function Tabs({
  tabs,
  current,
  onChange,
}: {
  tabs: Tab[];
  current: Tab;
  onChange: (tab: Tab) => void;
}) {
  const { t } = useTranslation();
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const step = event.key === 'ArrowRight' ? 1 : -1;
    const next = tabs[(tabs.indexOf(current) + step + tabs.length) % tabs.length] ?? current;
    onChange(next);
    document.getElementById(`item-tab-${next}`)?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label={t('ui.item.tabsLabel')} onKeyDown={onKeyDown}>
      {tabs.map((tab) => (
        <button
          key={tab}
          id={`item-tab-${tab}`}
          type="button"
          role="tab"
          aria-selected={tab === current}
          aria-controls="item-tabpanel"
          tabIndex={tab === current ? 0 : -1}
          className="tab"
          onClick={() => onChange(tab)}
          data-testid={`item-tab-${tab}`}
        >
          {t(`ui.item.tab.${tab}`)}
        </button>
      ))}
    </div>
  );
}

/** Narrow windows, details closed: the chosen item in full under the folder, and the way in. */
function SelectionBar({ item, onOpen }: { item: SelectedItem; onOpen: () => void }) {
  const { t } = useTranslation();
  const kind = visualKind(item.name, item.kind);
  return (
    <div className="selection-bar" data-testid="selection-bar">
      <Icon name={iconFor(kind)} size={24} className={`kind kind-${kind}`} />
      <div className="selection-name">
        <span data-testid="selection-name">{item.name}</span>
        {item.deletedSince && (
          <span className="badge badge-deleted">{t('ui.browser.deletedSince')}</span>
        )}
      </div>
      <button
        type="button"
        className="button primary"
        onClick={onOpen}
        data-testid="item-open"
        data-step-opener
      >
        {t('ui.item.open')}
      </button>
    </div>
  );
}

/**
 * The selected item: where it is, restore actions, then preview, versions and a comparison with
 * now. In a narrow window it is a second step laid over the folder, opened from the selection
 * bar (or a double-click on a file), with "Back to the folder".
 */
export function ItemPanel() {
  const { t } = useTranslation();
  const item = useKairn((s) => s.selected);
  const narrow = useNarrowLayout();
  const step = useDetailsStep();
  const { hide } = step;
  const hasItem = item !== null;
  useEffect(() => {
    if (!hasItem) hide();
  }, [hasItem, hide]);
  const stepOpen = narrow && step.open;
  useEffect(() => {
    // Back from the second step: focus returns to the button that opened it, not the body.
    if (!narrow || stepOpen) return;
    const opener = document.querySelector<HTMLElement>('[data-step-opener]');
    if (opener && document.activeElement === document.body) opener.focus({ preventScroll: true });
  }, [narrow, stepOpen]);
  const selection = useKairn((s) => s.selection);
  if (selection.length > 1) return <SelectionPanel items={selection} />;
  if (!item) {
    return (
      <aside
        className="item-panel empty-panel"
        aria-label={t('ui.item.label')}
        data-testid="item-panel"
      >
        <Icon name="file" size={40} />
        <p>{t('ui.item.nothing')}</p>
      </aside>
    );
  }
  if (narrow && !step.open) return <SelectionBar item={item} onOpen={step.show} />;
  // Keyed by path: a newly chosen item starts on its preview.
  return <ItemDetails key={item.path} item={item} narrow={narrow} onBack={step.hide} />;
}

function ItemDetails({
  item,
  narrow,
  onBack,
}: {
  item: SelectedItem;
  narrow: boolean;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  useLayoutEffect(() => {
    // As a second step it covers the folder, so focus moves to its heading.
    if (narrow) heading.current?.focus({ preventScroll: true });
  }, [narrow]);
  const back = onBack;
  const point = useKairn((s) => s.point);
  const home = useKairn(selectHomePath);
  const when = usePointLabel();
  const store = useKairnStore();
  // Opened from the file manager ("Earlier versions…"): start on the versions.
  const requestedTab = useKairn((s) => s.panelTab);
  const [tab, setTab] = useState<Tab>(requestedTab ?? 'preview');
  useEffect(() => {
    if (store.getState().panelTab !== null) store.getState().clearPanelTab();
  }, [store]);
  // Nothing to restore from a point in time where the item did not exist.
  const missingHere = useKairn((s) => s.preview.error?.code === 'not-found');
  const isDir = item.kind === 'dir';
  const tabs: Tab[] = isDir
    ? ['preview']
    : point === 0
      ? ['preview', 'versions']
      : ['preview', 'versions', 'diff'];
  const current = tabs.includes(tab) ? tab : 'preview';
  const kind = visualKind(item.name, item.kind);
  const place = placeOf(home, dirname(item.path));
  return (
    <aside
      className={narrow ? 'item-panel item-step' : 'item-panel'}
      aria-label={t('ui.item.label')}
      data-testid="item-panel"
      data-path={item.path}
      onKeyDown={(event) => {
        if (narrow && event.key === 'Escape' && !event.defaultPrevented) back();
      }}
    >
      {narrow && (
        <button
          type="button"
          className="button flat item-back"
          onClick={back}
          data-testid="item-back"
        >
          <Icon name="arrowLeft" size={18} /> {t('ui.item.back')}
        </button>
      )}
      <header className="item-header">
        <Icon name={iconFor(kind)} size={32} className={`kind kind-${kind}`} />
        <div className="item-title">
          <h2 ref={heading} className="item-name" tabIndex={-1} data-testid="item-name">
            {item.name}
          </h2>
          <p className="muted small" data-testid="item-where">
            {t('ui.item.where', { place, when, ...(place === null ? { context: 'home' } : {}) })}
          </p>
          {item.deletedSince && (
            <span className="badge badge-deleted">{t('ui.browser.deletedSince')}</span>
          )}
        </div>
      </header>
      {!missingHere && <RestoreActions name={item.name} when={when} />}
      <Tabs tabs={tabs} current={current} onChange={setTab} />
      <div
        id="item-tabpanel"
        role="tabpanel"
        aria-labelledby={`item-tab-${current}`}
        className="tabpanel"
      >
        {current === 'preview' && <PreviewView name={item.name} />}
        {current === 'versions' && <VersionsList />}
        {current === 'diff' && <DiffView />}
      </div>
    </aside>
  );
}
