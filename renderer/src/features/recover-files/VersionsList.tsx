import { useTranslation } from 'react-i18next';

import { Busy } from '../../components/Busy';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useNow } from '../../hooks/use-now';
import { formatBytes, parseDate } from '../../i18n/format';
import { userLocale } from '../../i18n';
import { useKairn, useKairnStore } from '../../store/context';
import { pointLabel } from './timeline-model';

/** Only the points where the file actually changed; choosing one moves the timeline there. */
export function VersionsList() {
  const { t } = useTranslation();
  const store = useKairnStore();
  const versions = useKairn((s) => s.versions);
  const point = useKairn((s) => s.point);
  const now = useNow();
  const locale = userLocale();
  const labels = {
    now: t('ui.timeline.now'),
    today: (time: string) => t('ui.timeline.today', { time }),
    yesterday: (time: string) => t('ui.timeline.yesterday', { time }),
  };
  if (versions.status === 'loading' && !versions.data)
    return <Busy label={t('ui.versions.loading')} />;
  if (versions.error) return <ErrorNotice compact error={versions.error} />;
  const data = versions.data;
  if (!data) return null;
  if (data.versions.length === 0) return <p className="muted">{t('ui.versions.none')}</p>;
  return (
    <div>
      <p className="muted small">{t('ui.versions.intro', { count: data.versions.length })}</p>
      <ol className="versions" data-testid="versions-list">
        {data.versions.map((v) => {
          const chosen = point !== 0 && point >= v.snapshot && point <= v.lastSnapshot;
          return (
            <li key={v.snapshot}>
              <button
                type="button"
                className={`version${chosen ? ' selected' : ''}`}
                aria-pressed={chosen}
                onClick={() => store.getState().selectPoint(v.snapshot)}
                data-testid="version-item"
                data-snapshot={v.snapshot}
              >
                <span className="version-date">
                  {pointLabel(parseDate(v.date), { now, locale, labels })}
                </span>
                <span className="version-meta">
                  {v.kind === 'dir' ? t('ui.kinds.folder') : formatBytes(v.size, locale)}
                  {v.sameAsCurrent && (
                    <span className="badge badge-same" data-testid="same-as-now">
                      {t('ui.versions.sameAsNow')}
                    </span>
                  )}
                </span>
              </button>
            </li>
          );
        })}
        <li>
          <button
            type="button"
            className={`version${point === 0 ? ' selected' : ''}`}
            aria-pressed={point === 0}
            onClick={() => store.getState().selectPoint(0)}
            data-testid="version-item"
            data-snapshot={0}
          >
            <span className="version-date">{t('ui.timeline.now')}</span>
            <span className="version-meta">
              {data.current.exists ? (
                formatBytes(data.current.size, locale)
              ) : (
                <span className="badge badge-deleted">{t('ui.versions.goneNow')}</span>
              )}
            </span>
          </button>
        </li>
      </ol>
    </div>
  );
}
