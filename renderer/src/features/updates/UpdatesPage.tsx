import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { RestartInfo } from '../../../../shared/schemas/restart';
import { Busy } from '../../components/Busy';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PageHeader } from '../../components/PageHeader';
import { formatDateTime, parseDate } from '../../i18n/format';
import { useKairn, useKairnStore } from '../../store/context';
import type { RestartChoice } from '../../store/restart-slice';
import { InhibitorList, RestartActionError } from './RestartNotices';
import { RestartBrings, RestartReasons } from './RestartBrings';
import { UpdatesSection } from './UpdatesSection';
import { RebootManagerNote } from './RebootManagerNote';

/** "2026-11-25T03:00" for a datetime-local field, one hour from now by default. */
function localInputValue(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function NeededCard({ info }: { info: RestartInfo }) {
  const { t, i18n } = useTranslation();
  const since = parseDate(info.since);
  const title = !info.checked
    ? t('ui.updates.notChecked')
    : info.required
      ? t('ui.updates.needed')
      : t('ui.updates.notNeeded');
  return (
    <section
      className="card restart-card"
      aria-labelledby="restart-needed-title"
      data-testid="restart-needed"
    >
      <h2 id="restart-needed-title">{title}</h2>
      {info.required && <RestartReasons info={info} />}
      {info.required && since && (
        <p className="muted">
          {t('ui.updates.since', { when: formatDateTime(since, i18n.language) })}
        </p>
      )}
      {info.evidence.length > 0 && (
        <details className="details">
          <summary>{t('ui.updates.whyDetails')}</summary>
          <ul>
            {info.evidence.map((e) => (
              <li key={`${e.reason}-${e.source}`}>
                <code>
                  {e.reason}: {e.source}
                </code>
              </li>
            ))}
          </ul>
        </details>
      )}
      {info.required && <RestartBrings info={info} />}
    </section>
  );
}

function ScheduleCard({ info }: { info: RestartInfo }) {
  const { t, i18n } = useTranslation();
  const store = useKairnStore();
  const busy = useKairn((s) => s.restartBusy);
  const at = parseDate(info.scheduled?.at);
  return (
    <section className="card restart-card" aria-labelledby="restart-schedule-title">
      <h2 id="restart-schedule-title">{t('ui.updates.scheduleTitle')}</h2>
      {!info.logindAvailable ? (
        <p className="notice notice-info">{t('ui.updates.noLogind')}</p>
      ) : info.scheduled && at ? (
        <div data-testid="restart-scheduled">
          <p>
            <strong>
              {t('ui.updates.scheduledFor', { when: formatDateTime(at, i18n.language) })}
            </strong>
          </p>
          <p className="muted">
            {info.scheduled.byKairn ? t('ui.updates.heldBySystem') : t('ui.updates.byOther')}
          </p>
          <button
            type="button"
            className="button"
            disabled={busy}
            data-testid="restart-cancel"
            onClick={() => void store.getState().chooseRestart({ kind: 'cancel', replace: false })}
          >
            {t('ui.updates.cancelRestart')}
          </button>
        </div>
      ) : (
        <p data-testid="restart-not-scheduled">{t('ui.updates.noneScheduled')}</p>
      )}
      {info.rebootManager && (
        <RebootManagerNote info={info.rebootManager} scheduled={info.scheduled} />
      )}
    </section>
  );
}

function ChoicesCard({ info }: { info: RestartInfo }) {
  const { t } = useTranslation();
  const store = useKairnStore();
  const busy = useKairn((s) => s.restartBusy);
  const [tonight, setTonight] = useState(info.tonightTime);
  const [at, setAt] = useState(() => localInputValue(new Date(Date.now() + 3600_000)));
  useEffect(() => setTonight(info.tonightTime), [info.tonightTime]);
  const choose = (choice: RestartChoice): Promise<void> => store.getState().chooseRestart(choice);
  return (
    <section className="card restart-card" aria-labelledby="restart-choices-title">
      <h2 id="restart-choices-title">{t('ui.updates.choicesTitle')}</h2>
      <InhibitorList inhibitors={info.inhibitors} />
      <div className="restart-choices">
        <div className="restart-choice">
          <button
            type="button"
            className="button primary"
            disabled={busy}
            data-testid="restart-now"
            onClick={() => void choose({ kind: 'now' })}
          >
            {t('ui.updates.restartNow')}
          </button>
          <p className="muted small">
            {info.restartVia === 'session' ? t('ui.updates.viaSession') : t('ui.updates.viaLogind')}
          </p>
        </div>
        <div className="restart-choice field">
          <label htmlFor="restart-tonight-time">{t('ui.updates.tonightAt')}</label>
          <input
            id="restart-tonight-time"
            type="time"
            value={tonight}
            onChange={(e) => setTonight(e.target.value)}
          />
          <button
            type="button"
            className="button"
            disabled={busy || !/^\d{2}:\d{2}$/.test(tonight) || !info.logindAvailable}
            data-testid="restart-tonight"
            onClick={() => void choose({ kind: 'tonight', time: tonight })}
          >
            {t('ui.updates.tonight')}
          </button>
          {info.tonightFrom === 'maintenance-window' && tonight === info.tonightTime && (
            <p className="muted small" data-testid="tonight-from-window">
              {t('ui.updates.tonightFromWindow')}
            </p>
          )}
        </div>
        <div className="restart-choice field">
          <label htmlFor="restart-at">{t('ui.updates.atLabel')}</label>
          <input
            id="restart-at"
            type="datetime-local"
            value={at}
            onChange={(e) => setAt(e.target.value)}
          />
          <button
            type="button"
            className="button"
            disabled={busy || at === '' || !info.logindAvailable}
            data-testid="restart-at-button"
            onClick={() => void choose({ kind: 'at', at })}
          >
            {t('ui.updates.schedule')}
          </button>
        </div>
      </div>
    </section>
  );
}

/** Updates & Restart: is a restart needed and why, what the system holds, and the choices. */
export function UpdatesPage() {
  const { t } = useTranslation();
  const store = useKairnStore();
  const restart = useKairn((s) => s.restart);
  useEffect(() => {
    void store.getState().loadRestart();
    // logind sends no signal when the schedule changes: look again while the page is open.
    const timer = setInterval(() => void store.getState().loadRestart(), 60_000);
    return () => clearInterval(timer);
  }, [store]);
  const info = restart.data;
  return (
    <div className="page" data-testid="page-updates">
      <PageHeader title={t('ui.nav.updates')} lead={t('ui.areas.updates.lead')} />
      {restart.error && !info && (
        <ErrorNotice
          error={restart.error}
          action={{
            label: t('ui.common.tryAgain'),
            onClick: () => void store.getState().loadRestart(),
          }}
        />
      )}
      {!info && !restart.error && <Busy label={t('ui.updates.loading')} />}
      {info && (
        <div className="restart-page">
          <RestartActionError />
          <NeededCard info={info} />
          <ScheduleCard info={info} />
          <ChoicesCard info={info} />
          <UpdatesSection />
        </div>
      )}
    </div>
  );
}
