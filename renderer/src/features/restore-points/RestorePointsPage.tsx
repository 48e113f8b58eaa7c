import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { Availability, RestorePoint } from '../../../../shared/schemas/restore-points';
import { Busy } from '../../components/Busy';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Icon } from '../../components/Icon';
import { PageHeader } from '../../components/PageHeader';
import { userLocale } from '../../i18n';
import { formatDayTime, parseDate } from '../../i18n/format';
import { useKairn, useKairnStore } from '../../store/context';
import { GoBackDialog } from './GoBackDialog';
import { GoBackStatus } from './GoBackStatus';
import { PointRow } from './PointRow';
import { pointTitle } from './point-words';
import { UndoBlocked, UndoButton, useUndo } from './UndoGoBack';

/** Why something is not offered here, in plain words, with the technical why behind Details. */
function NotHere({ why, testId }: { why: Availability; testId: string }) {
  const { t, i18n } = useTranslation();
  const key = `reasons.${why.reason ?? ''}`;
  return (
    <div className="notice notice-info" data-testid={testId}>
      <Icon name="info" size={20} />
      <div className="notice-body">
        <p className="notice-title">
          {why.reason && i18n.exists(key) ? t(key) : t('ui.restorePoints.notHere')}
        </p>
        {why.detail && (
          <details className="details">
            <summary>{t('ui.common.details')}</summary>
            <code>{why.detail}</code>
          </details>
        )}
      </div>
    </div>
  );
}

/** Journey 2: the restore points of this system, what changed in each, going back and undoing it. */
export function RestorePointsPage() {
  const { t } = useTranslation();
  const store = useKairnStore();
  const list = useKairn((s) => s.restorePoints);
  const job = useKairn((s) => s.goBackJob);
  const starting = useKairn((s) => s.goBackStart.status === 'loading');
  const [asking, setAsking] = useState<RestorePoint | null>(null);
  useEffect(() => {
    void store.getState().loadRestorePoints();
  }, [store]);
  const locale = userLocale();
  const now = new Date();
  const whenOf = (point: RestorePoint): string => {
    const date = parseDate(point.date);
    return date ? formatDayTime(date, now, locale) : point.date;
  };
  const points = list.data?.points ?? [];
  const whenById = (id: string): string | null => {
    const found = points.find((p) => p.id === id);
    return found ? whenOf(found) : null;
  };
  const data = list.data;
  const running = job?.state === 'running' || starting;
  const undo = useUndo();
  // After a finished go-back its own panel offers the undo; otherwise (e.g. after the restart) this does.
  const showUndoBanner = undo !== null && job === null && !starting;
  return (
    <div className="page page-restore-points" data-testid="page-restore-points">
      <PageHeader title={t('ui.nav.restorePoints')} lead={t('ui.areas.restorePoints.lead')} />
      {list.error && (
        <ErrorNotice
          error={list.error}
          action={{
            label: t('ui.common.tryAgain'),
            onClick: () => void store.getState().loadRestorePoints(),
          }}
        />
      )}
      {!data && list.status === 'loading' && <Busy label={t('ui.restorePoints.loading')} />}
      {data && !data.list.available && <NotHere why={data.list} testId="rp-not-here" />}
      {data && data.list.available && (
        <>
          {data.startedFromOlder && (
            <div className="notice notice-info" data-testid="rp-started-older">
              <Icon name="warning" size={20} />
              <p>{t('ui.restorePoints.startedFromOlder')}</p>
            </div>
          )}
          {!data.goBack.available && <NotHere why={data.goBack} testId="rp-no-go-back" />}
          <GoBackStatus whenOf={whenById} />
          {showUndoBanner && (
            <div className="notice notice-info" data-testid="rp-undo-banner">
              <Icon name="info" size={20} />
              <div className="notice-body">
                <p>{t('ui.restorePoints.undoBanner', { when: whenById(undo.to) ?? '' })}</p>
                {undo.blocked !== null ? (
                  <UndoBlocked reason={undo.blocked} when={whenById(undo.from) ?? ''} />
                ) : (
                  <div className="notice-actions">
                    <UndoButton />
                  </div>
                )}
              </div>
            </div>
          )}
          <h2 className="section-title" id="rp-list-title">
            {t('ui.restorePoints.listTitle')}
          </h2>
          {points.length === 0 ? (
            <p className="muted" data-testid="rp-empty">
              {t('ui.restorePoints.empty')}
            </p>
          ) : (
            <ul className="rp-list" aria-labelledby="rp-list-title" data-testid="rp-list">
              {points.map((point) => (
                <PointRow
                  key={point.id}
                  point={point}
                  when={whenOf(point)}
                  canGoBack={data.goBack.available}
                  busy={running}
                  onGoBack={setAsking}
                />
              ))}
            </ul>
          )}
        </>
      )}
      <GoBackDialog
        target={asking ? { title: pointTitle(asking, t), when: whenOf(asking) } : null}
        onCancel={() => setAsking(null)}
        onConfirm={() => {
          const to = asking?.id;
          setAsking(null);
          if (to !== undefined) void store.getState().goBackTo(to);
        }}
      />
    </div>
  );
}
