import { useTranslation } from 'react-i18next';

import type { RestartInfo } from '../../../../shared/schemas/restart';
import { formatDateTime, parseDate } from '../../i18n/format';
import { PointChanges } from '../restore-points/PointChanges';

/** Why the restart is due, in words: one sentence per reason the system gave. */
export function RestartReasons({ info }: { info: RestartInfo }) {
  const { t } = useTranslation();
  if (info.reasons.length === 0) return null;
  // A staged version is also "the next start differs": one sentence says it.
  const shown = info.reasons.includes('staged-deployment')
    ? info.reasons.filter((r) => r !== 'next-start-differs')
    : info.reasons;
  return (
    <ul className="plain-list" data-testid="restart-reasons">
      {shown.map((r) => (
        <li key={r}>{t(`ui.updates.why.${r}`, { defaultValue: t('ui.updates.neededWhy') })}</li>
      ))}
    </ul>
  );
}

/** What the restart brings: the version the next start uses, since when, and what it changes. */
export function RestartBrings({ info }: { info: RestartInfo }) {
  const { t, i18n } = useTranslation();
  const brings = info.brings;
  if (!brings) return null;
  const date = parseDate(brings.date);
  return (
    <div className="restart-brings" data-testid="restart-brings">
      <h3>{t('ui.updates.bringsTitle')}</h3>
      <p>
        <strong>
          {brings.version
            ? t('ui.updates.bringsVersion', { version: brings.version })
            : t('ui.updates.bringsUnnamed')}
        </strong>
        {date && (
          <span className="muted">
            {' '}
            {t('ui.updates.bringsMade', { when: formatDateTime(date, i18n.language) })}
          </span>
        )}
      </p>
      <PointChanges id={brings.pointId} />
    </div>
  );
}
