import { useTranslation } from 'react-i18next';

import { Busy } from '../components/Busy';
import { useKairn } from '../store/context';

/** Says so when the browser host's connection dropped; it comes back by itself. */
export function ConnectionBanner() {
  const { t } = useTranslation();
  const connection = useKairn((s) => s.connection);
  if (connection !== 'reconnecting') return null;
  return (
    <div className="banner banner-warning" data-testid="connection-banner">
      <Busy label={t('ui.connection.reconnecting')} />
    </div>
  );
}
