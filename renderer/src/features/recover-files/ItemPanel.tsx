import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { Icon } from '../../components/Icon';
import { useKairn } from '../../store/context';
import type { SelectedItem } from '../../store/folder-slice';
import { selectHomePath } from '../../store/history-slice';
import { dirname, placeOf } from '../../store/paths';
import { DiffView } from './DiffView';
import { iconFor, visualKind } from './file-kind';
import { PreviewView } from './PreviewView';
import { RestoreActions } from './RestoreActions';
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

/** The selected item: where it is, restore actions, then preview, versions and a comparison with now. */
export function ItemPanel() {
  const { t } = useTranslation();
  const item = useKairn((s) => s.selected);
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
  // Keyed by path: a newly chosen item starts on its preview.
  return <ItemDetails key={item.path} item={item} />;
}

function ItemDetails({ item }: { item: SelectedItem }) {
  const { t } = useTranslation();
  const point = useKairn((s) => s.point);
  const home = useKairn(selectHomePath);
  const when = usePointLabel();
  const [tab, setTab] = useState<Tab>('preview');
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
      className="item-panel"
      aria-label={t('ui.item.label')}
      data-testid="item-panel"
      data-path={item.path}
    >
      <header className="item-header">
        <Icon name={iconFor(kind)} size={32} className={`kind kind-${kind}`} />
        <div className="item-title">
          <h2 className="item-name" data-testid="item-name">
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
