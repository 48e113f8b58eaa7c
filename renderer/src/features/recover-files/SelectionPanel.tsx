import { useTranslation } from 'react-i18next';

import { Icon } from '../../components/Icon';
import { formatCount } from '../../i18n/format';
import { userLocale } from '../../i18n';
import type { SelectedItem } from '../../store/folder-slice';
import { iconFor, visualKind } from './file-kind';
import { RestoreActions } from './RestoreActions';
import { usePointLabel } from './use-point-label';

/** Names listed in the panel; the rest are counted. */
const NAMES_SHOWN = 8;

/** Several items selected: how many, which, and Restore / Restore to… for all of them as one job. */
export function SelectionPanel({ items }: { items: SelectedItem[] }) {
  const { t } = useTranslation();
  const when = usePointLabel();
  const count = items.length;
  return (
    <aside
      className="item-panel"
      aria-label={t('ui.item.label')}
      data-testid="item-panel"
      data-selected-count={count}
    >
      <header className="item-header">
        <Icon name="file" size={32} />
        <div className="item-title">
          <h2 className="item-name" data-testid="selection-count">
            {t('ui.selection.count', { count, formatted: formatCount(count, userLocale()) })}
          </h2>
          <p className="muted small">{t('ui.selection.when', { when })}</p>
        </div>
      </header>
      <RestoreActions
        name={items[0]?.name ?? ''}
        when={when}
        paths={items.map((item) => item.path)}
      />
      <ul className="selection-names" data-testid="selection-names">
        {items.slice(0, NAMES_SHOWN).map((item) => {
          const kind = visualKind(item.name, item.kind);
          return (
            <li key={item.path}>
              <Icon name={iconFor(kind)} size={16} className={`kind kind-${kind}`} />
              {item.name}
            </li>
          );
        })}
        {count > NAMES_SHOWN && (
          <li className="muted">{t('ui.restore.more', { count: count - NAMES_SHOWN })}</li>
        )}
      </ul>
      <p className="muted small">{t('ui.selection.hint')}</p>
    </aside>
  );
}
