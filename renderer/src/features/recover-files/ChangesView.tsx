import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

import type { Changes } from '../../../../shared/schemas/files';
import { Busy } from '../../components/Busy';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Icon } from '../../components/Icon';
import { useKairn, useKairnStore } from '../../store/context';
import { selectHomePath } from '../../store/history-slice';
import { basename, isHiddenPath, placeOf, toLivePath } from '../../store/paths';
import { iconFor, visualKind } from './file-kind';
import { usePointLabel } from './use-point-label';

type Group = 'deleted' | 'modified' | 'created';
const GROUPS: Group[] = ['deleted', 'modified', 'created'];
/** Items listed per group; the rest is counted. */
const SHOWN = 100;

function ChangeList({ group, items }: { group: Group; items: Changes['created'] }) {
  const { t } = useTranslation();
  const store = useKairnStore();
  const home = useKairn(selectHomePath) ?? '';
  const subvolume = useKairn((s) => s.home.data?.config?.subvolume ?? null);
  const selectedPath = useKairn((s) => s.selected?.path ?? null);
  if (items.length === 0) return <p className="muted small">{t('ui.changes.noneInGroup')}</p>;
  return (
    <ul className="change-list">
      {items.slice(0, SHOWN).map((item) => {
        const path = toLivePath(item.path, home, subvolume);
        const kind = item.kind ?? 'file';
        const look = visualKind(basename(path), kind);
        const select = () =>
          store.getState().selectItem({
            path,
            name: basename(path),
            kind,
            deletedSince: group === 'deleted',
            size: null,
            mtime: null,
          });
        return (
          <li key={item.path}>
            <button
              type="button"
              className={`change-item${selectedPath === path ? ' selected' : ''}`}
              disabled={group === 'created'}
              aria-pressed={selectedPath === path}
              onClick={select}
              data-testid="changes-item"
              data-path={path}
            >
              <Icon name={iconFor(look)} size={16} className={`kind kind-${look}`} />
              <span className="ellipsis">{placeOf(home, path) ?? t('ui.browser.home')}</span>
            </button>
          </li>
        );
      })}
      {items.length > SHOWN && (
        <li className="muted small">{t('ui.changes.more', { count: items.length - SHOWN })}</li>
      )}
    </ul>
  );
}

/** One group with its count; "new since then" has nothing to restore, so it starts folded. */
function ChangeGroup({ group, items }: { group: Group; items: Changes['created'] }) {
  const { t } = useTranslation();
  const title = (
    <h3 className="change-title">
      {t(`ui.changes.${group}`)} <span className="count-pill">{items.length}</span>
    </h3>
  );
  if (group === 'created') {
    return (
      <details className="change-group change-created" data-testid="changes-created">
        <summary>{title}</summary>
        <ChangeList group={group} items={items} />
      </details>
    );
  }
  return (
    <section className={`change-group change-${group}`} data-testid={`changes-${group}`}>
      {title}
      <ChangeList group={group} items={items} />
    </section>
  );
}

/** What changed between the chosen point and now; deleted and modified items can be selected and restored. */
export function ChangesView() {
  const { t } = useTranslation();
  const store = useKairnStore();
  const changes = useKairn((s) => s.changes);
  const point = useKairn((s) => s.point);
  const when = usePointLabel();
  const showHidden = useKairn((s) => s.showHidden);
  const home = useKairn(selectHomePath) ?? '';
  const subvolume = useKairn((s) => s.home.data?.config?.subvolume ?? null);
  // Dot folders (.config, .cache) change all the time; they are listed only when asked for.
  const shown = (group: Group): Changes['created'] => {
    const items = changes.data?.[group] ?? [];
    if (showHidden) return items;
    return items.filter((item) => !isHiddenPath(home, toLivePath(item.path, home, subvolume)));
  };
  useEffect(() => {
    if (point !== 0 && changes.status === 'idle') void store.getState().loadChanges();
  }, [store, point, changes.status]);
  if (point === 0) return <p className="empty">{t('ui.changes.pickPoint')}</p>;
  return (
    <section
      className="changes-view"
      data-testid="changes-view"
      aria-label={t('ui.changes.title', { when })}
    >
      <p className="muted">{t('ui.changes.intro', { when })}</p>
      {changes.status === 'loading' && <Busy label={t('ui.changes.loading')} />}
      {changes.error && (
        <ErrorNotice
          error={changes.error}
          action={{
            label: t('ui.common.tryAgain'),
            onClick: () => void store.getState().loadChanges(),
          }}
        />
      )}
      {changes.data && (
        <div className="change-groups">
          {GROUPS.map((group) => (
            <ChangeGroup key={group} group={group} items={shown(group)} />
          ))}
          {changes.data.truncated && <p className="muted small">{t('ui.changes.truncated')}</p>}
        </div>
      )}
    </section>
  );
}
