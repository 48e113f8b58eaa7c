import { useTranslation } from 'react-i18next';

import { Icon, type IconName } from './Icon';

/** A friendly placeholder for an area that is not ready yet: what it will do, and what works today. */
export function ComingSoon({ icon, what }: { icon: IconName; what: string }) {
  const { t } = useTranslation();
  return (
    <div className="coming-soon" data-testid="coming-soon">
      <Icon name={icon} size={48} />
      <p className="coming-soon-title">{t('ui.comingSoon.title')}</p>
      <p>{what}</p>
      <p className="muted">{t('ui.comingSoon.meanwhile')}</p>
      <a className="button" href="#/recover">
        {t('ui.comingSoon.goRecover')}
      </a>
    </div>
  );
}
