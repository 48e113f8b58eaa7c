import { useTranslation } from 'react-i18next';

import { ROUTES } from '../../app/routes';
import { Icon } from '../../components/Icon';
import { useKairn } from '../../store/context';

const KEYS: Record<string, string> = {
  recover: 'recover',
  'restore-points': 'restorePoints',
  editions: 'editions',
  updates: 'updates',
  help: 'help',
};

/** Areas that work today; the others say on their card that they are not built yet. */
const BUILT: ReadonlySet<string> = new Set(['recover', 'help', 'updates', 'editions']);

/** Restore points work where the family's adapter can read them (status reports them then). */
function useBuilt(): ReadonlySet<string> {
  const offered = useKairn((s) => s.status.data?.restorePoints != null);
  return offered ? new Set([...BUILT, 'restore-points']) : BUILT;
}

/** The five areas as large links, each with one line saying when you would go there. */
export function AreaCards() {
  const { t } = useTranslation();
  const built = useBuilt();
  return (
    <section aria-labelledby="areas-title">
      <h2 id="areas-title" className="section-title">
        {t('ui.hub.areasTitle')}
      </h2>
      <ul className="area-grid">
        {ROUTES.filter((route) => route.id !== 'home').map((route) => (
          <li key={route.id}>
            <a className="card area-card" href={route.hash} data-testid={`hub-area-${route.id}`}>
              <Icon name={route.icon} size={28} />
              <span className="area-name">{t(route.labelKey)}</span>
              <span className="muted">{t(`ui.areas.${KEYS[route.id] ?? route.id}.when`)}</span>
              {!built.has(route.id) && (
                <span className="badge" data-testid="hub-area-not-yet">
                  {t('ui.hub.notYet')}
                </span>
              )}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
