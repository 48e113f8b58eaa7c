import { useTranslation } from 'react-i18next';

import { Icon } from '../../components/Icon';
import { useKairn, useKairnStore } from '../../store/context';
import { selectHomePath } from '../../store/history-slice';
import { crumbs } from '../../store/paths';

/** Where in the home folder we are; each part opens that folder. The home itself is called "Home". */
export function Breadcrumb() {
  const { t } = useTranslation();
  const store = useKairnStore();
  const home = useKairn(selectHomePath);
  const path = useKairn((s) => s.folder.path);
  if (!home) return null;
  const parts = crumbs(home, path);
  return (
    <nav className="breadcrumb" aria-label={t('ui.browser.breadcrumb')} data-testid="breadcrumb">
      <ol>
        {parts.map((part, i) => {
          const last = i === parts.length - 1;
          return (
            <li key={part.path}>
              {i > 0 && <Icon name="chevronRight" size={14} className="crumb-sep" />}
              <button
                type="button"
                className="crumb"
                aria-current={last ? 'location' : undefined}
                onClick={() => store.getState().openFolder(part.path)}
                data-testid="breadcrumb-item"
                data-path={part.path}
              >
                {part.name === null ? (
                  <>
                    <Icon name="home" size={16} />
                    {t('ui.browser.home')}
                  </>
                ) : (
                  part.name
                )}
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
