import { useTranslation } from 'react-i18next';

import { Icon } from '../components/Icon';
import { ROUTES, type RouteId } from './routes';

/** The area navigation; the current area is marked for screen readers with aria-current. */
export function Sidebar({ current }: { current: RouteId }) {
  const { t } = useTranslation();
  return (
    <nav className="sidebar" aria-label={t('ui.nav.label')} data-testid="sidebar">
      <div className="brand">
        <svg
          className="brand-mark"
          viewBox="0 0 24 24"
          width="26"
          height="26"
          aria-hidden="true"
          focusable="false"
        >
          <path d="M12 3 20 19H4z" fill="currentColor" opacity="0.25" />
          <path
            d="M8 19 12 11l4 8M10 15h4"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.8"
            strokeLinejoin="round"
          />
        </svg>
        <span className="brand-name">Kairn</span>
      </div>
      <ul className="nav-list">
        {ROUTES.map((route) => (
          <li key={route.id}>
            <a
              className="nav-link"
              href={route.hash}
              aria-current={route.id === current ? 'page' : undefined}
              data-testid={`nav-${route.id}`}
            >
              <Icon name={route.icon} />
              <span>{t(route.labelKey)}</span>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
