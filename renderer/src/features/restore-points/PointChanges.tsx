import { Fragment, useEffect } from 'react';
import { useTranslation } from 'react-i18next';

import { Busy } from '../../components/Busy';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatCount } from '../../i18n/format';
import { userLocale } from '../../i18n';
import { useKairn, useKairnStore } from '../../store/context';

/** What changed in one restore point, in words; the backend's own view behind Details. Loaded when shown. */
export function PointChanges({ id }: { id: string }) {
  const { t } = useTranslation();
  const store = useKairnStore();
  const changes = useKairn((s) => s.pointChanges[id]);
  useEffect(() => {
    void store.getState().loadPointChanges(id);
  }, [store, id]);
  if (!changes || changes.status === 'loading' || changes.status === 'idle')
    return <Busy label={t('ui.restorePoints.changes.loading')} />;
  if (changes.error) return <ErrorNotice error={changes.error} compact />;
  const data = changes.data;
  if (!data) return null;
  const locale = userLocale();
  const packages = data.packages;
  const groups = packages
    ? (['added', 'updated', 'removed'] as const).filter((k) => packages[k].length > 0)
    : [];
  const nothingSaid = groups.length === 0 && data.changedFiles === null;
  return (
    <div className="rp-changes" data-testid="rp-changes">
      {groups.map((k) => (
        <p key={k}>
          {t(`ui.restorePoints.changes.${k}`, { count: packages?.[k].length ?? 0 })}{' '}
          <span className="muted">{packages?.[k].join(', ')}</span>
        </p>
      ))}
      {data.changedFiles !== null && (
        <p>
          {data.comparedWith === null
            ? t('ui.restorePoints.changes.first')
            : t('ui.restorePoints.changes.files', {
                count: data.changedFiles,
                formatted: formatCount(data.changedFiles, locale),
              })}
        </p>
      )}
      {nothingSaid && <p className="muted">{t('ui.restorePoints.changes.unknown')}</p>}
      <details className="details">
        <summary>{t('ui.common.details')}</summary>
        <dl className="details-list">
          {data.descriptions.length > 0 && (
            <>
              <dt>{t('ui.restorePoints.changes.descriptions')}</dt>
              <dd>
                <code>{data.descriptions.join(' → ')}</code>
              </dd>
            </>
          )}
          {Object.entries(data.technical).map(([key, value]) => (
            <Fragment key={key}>
              <dt>{key}</dt>
              <dd>
                <code>{value}</code>
              </dd>
            </Fragment>
          ))}
        </dl>
      </details>
    </div>
  );
}
