import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

import type { UpdatesInfo } from '../../../../shared/schemas/updates';
import { Busy } from '../../components/Busy';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatDateTime, parseDate } from '../../i18n/format';
import { useKairn, useKairnStore } from '../../store/context';
import type { UpdateJob } from '../../store/updates-slice';

function LastUpdateLine({ info }: { info: UpdatesInfo }) {
  const { t, i18n } = useTranslation();
  const last = info.last;
  const at = parseDate(last?.at);
  if (!last || !at) return <p data-testid="last-update">{t('ui.updates.lastUnknown')}</p>;
  return (
    <p data-testid="last-update">
      {t(`ui.updates.last.${last.outcome}`, { when: formatDateTime(at, i18n.language) })}
      {last.version && <> {t('ui.updates.lastVersion', { version: last.version })}</>}
      {last.by === 'kairn' && <span className="muted"> {t('ui.updates.lastByKairn')}</span>}
    </p>
  );
}

function JobLine({ job }: { job: UpdateJob }) {
  const { t } = useTranslation();
  const store = useKairnStore();
  const cancellable = useKairn((s) => s.updates.data?.cancellable ?? false);
  if (job.state === 'starting' || job.state === 'running') {
    const percent = job.progress?.total ? Math.round(job.progress.done) : null;
    return (
      <div className="update-job" role="status" data-testid="update-running">
        <Busy
          label={
            job.kind === 'check'
              ? t('ui.updates.checking')
              : percent === null
                ? t('ui.updates.preparing')
                : t('ui.updates.preparingPercent', { percent })
          }
        />
        {job.progress?.current && <p className="muted small">{job.progress.current}</p>}
        {cancellable && job.jobId !== null && (
          <button
            type="button"
            className="button"
            data-testid="update-cancel"
            onClick={() => void store.getState().cancelUpdate()}
          >
            {t('ui.updates.stop')}
          </button>
        )}
      </div>
    );
  }
  if (job.state === 'cancelled') return <p role="status">{t('ui.updates.stopped')}</p>;
  if (job.error) return <ErrorNotice error={job.error} compact />;
  if (job.check) {
    return (
      <p role="status" data-testid="update-check-answer">
        <strong>
          {job.check.available
            ? job.check.version
              ? t('ui.updates.available', { version: job.check.version })
              : t('ui.updates.availableUnnamed')
            : t('ui.updates.upToDate')}
        </strong>
      </p>
    );
  }
  if (job.prepared) {
    return (
      <p role="status" data-testid="update-prepared">
        <strong>
          {job.prepared.nothingToDo ? t('ui.updates.nothingToPrepare') : t('ui.updates.prepared')}
        </strong>
      </p>
    );
  }
  return null;
}

/** Updates: when the system last updated and whether it worked; check and prepare where offered. */
export function UpdatesSection() {
  const { t, i18n } = useTranslation();
  const store = useKairnStore();
  const updates = useKairn((s) => s.updates);
  const job = useKairn((s) => s.updateJob);
  useEffect(() => {
    void store.getState().loadUpdates();
  }, [store]);
  const info = updates.data;
  const running = job?.state === 'running' || job?.state === 'starting';
  const lastCheck = parseDate(info?.lastCheck?.checkedAt);
  return (
    <section
      className="card restart-card"
      aria-labelledby="updates-title"
      data-testid="updates-section"
    >
      <h2 id="updates-title">{t('ui.updates.updatesTitle')}</h2>
      {updates.error && !info && <ErrorNotice error={updates.error} compact />}
      {!info && !updates.error && <Busy label={t('ui.updates.loadingUpdates')} />}
      {info && (
        <>
          <LastUpdateLine info={info} />
          {info.lastCheck && lastCheck && !job && (
            <p className="muted">
              {info.lastCheck.available
                ? t('ui.updates.lastCheckAvailable', {
                    when: formatDateTime(lastCheck, i18n.language),
                    version: info.lastCheck.version ?? '',
                  })
                : t('ui.updates.lastCheckNone', {
                    when: formatDateTime(lastCheck, i18n.language),
                  })}
            </p>
          )}
          {info.check.available || info.prepare.available ? (
            <div className="update-actions">
              {info.check.available && (
                <button
                  type="button"
                  className="button"
                  disabled={running}
                  data-testid="update-check"
                  onClick={() => void store.getState().startUpdate('check')}
                >
                  {t('ui.updates.check')}
                </button>
              )}
              {info.prepare.available && (
                <button
                  type="button"
                  className="button"
                  disabled={running}
                  data-testid="update-prepare"
                  onClick={() => void store.getState().startUpdate('prepare')}
                >
                  {t('ui.updates.prepare')}
                </button>
              )}
            </div>
          ) : (
            <p className="muted" data-testid="updates-not-offered">
              {t(`reasons.${info.check.reason ?? 'updates-none'}`, {
                defaultValue: t('reasons.updates-none'),
              })}
            </p>
          )}
          {job && <JobLine job={job} />}
          {(info.check.detail ?? info.last?.detail) && (
            <details className="details">
              <summary>{t('ui.common.details')}</summary>
              <dl className="details-list">
                {info.check.detail && (
                  <>
                    <dt>{t('ui.updates.detailsOffer')}</dt>
                    <dd>
                      <code>{info.check.detail}</code>
                    </dd>
                  </>
                )}
                {info.last?.detail && (
                  <>
                    <dt>{t('ui.updates.detailsLast')}</dt>
                    <dd>
                      <code>{info.last.detail}</code>
                    </dd>
                  </>
                )}
              </dl>
            </details>
          )}
        </>
      )}
    </section>
  );
}
