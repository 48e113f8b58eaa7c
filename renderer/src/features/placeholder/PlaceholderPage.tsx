import { useTranslation } from 'react-i18next';

import type { RouteId } from '../../app/routes';
import { ComingSoon } from '../../components/ComingSoon';
import type { IconName } from '../../components/Icon';
import { PageHeader } from '../../components/PageHeader';

type Placeholder = Exclude<RouteId, 'home' | 'recover' | 'restore-points' | 'help'>;

const AREAS: Record<Placeholder, { key: string; icon: IconName }> = {
  editions: { key: 'editions', icon: 'editions' },
  updates: { key: 'updates', icon: 'updates' },
};

/** An area whose screens are still being built: its name, what it will do, and a friendly "coming soon". */
export function PlaceholderPage({ area }: { area: Placeholder }) {
  const { t } = useTranslation();
  const { key, icon } = AREAS[area];
  return (
    <div className="page" data-testid={`page-${area}`}>
      <PageHeader title={t(`ui.nav.${key}`)} lead={t(`ui.areas.${key}.lead`)} />
      <ComingSoon icon={icon} what={t(`ui.areas.${key}.soon`)} />
    </div>
  );
}
