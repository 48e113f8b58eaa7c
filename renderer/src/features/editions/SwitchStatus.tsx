import { useTranslation } from 'react-i18next';

import { ErrorNotice } from '../../components/ErrorNotice';
import { Icon } from '../../components/Icon';
import { ProgressBar } from '../../components/ProgressBar';
import { userLocale } from '../../i18n';
import { formatBytes } from '../../i18n/format';
import { useKairn, useKairnStore } from '../../store/context';

interface SwitchStatusProps {
  /** The edition's name for an id ("Latest"), the id itself when unknown. */
  nameOf: (id: string) => string;
  /** The edition to switch back to right away, when there is one. */
  switchBack: string | null;
  onSwitchBack: (id: string) => void;
}

/** The running or ended switch: download progress with Cancel, then Restart now / Later / switch back. */
export function SwitchStatus({ nameOf, switchBack, onSwitchBack }: SwitchStatusProps) {
  const { t } = useTranslation();
  const store = useKairnStore();
  const start = useKairn((s) => s.switchStart);
  const job = useKairn((s) => s.switchJob);
  const restarting = useKairn((s) => s.restartBusy);
  const restartError = useKairn((s) => s.restartActionError);
  const dismiss = () => store.getState().dismissSwitch();
  if (start.error) {
    return (
      <div data-testid="edition-status" data-state="refused">
        <ErrorNotice
          error={start.error}
          nextStep={t('ui.editions.status.unchanged')}
          action={{ label: t('ui.common.close'), onClick: dismiss }}
        />
      </div>
    );
  }
  if (!job) return null;
  const name = nameOf(job.to);
  if (job.state === 'running') {
    const p = job.progress;
    const bytes = p && p.bytesDone > 0 ? formatBytes(p.bytesDone, userLocale()) : null;
    return (
      <div className="notice notice-info" data-testid="edition-status" data-state="running">
        <div className="notice-body">
          <ProgressBar
            label={t('ui.editions.status.switching', { name })}
            value={p?.done ?? 0}
            max={p?.total ?? null}
          />
          <p className="muted" aria-live="polite" data-testid="edition-downloaded">
            {bytes === null ? '\u00a0' : t('ui.editions.status.downloaded', { size: bytes })}
          </p>
          <div className="notice-actions">
            <button
              type="button"
              className="button"
              onClick={() => void store.getState().cancelSwitch()}
              data-testid="edition-cancel"
            >
              {t('ui.common.cancel')}
            </button>
          </div>
        </div>
      </div>
    );
  }
  if (job.state !== 'done' || !job.result) {
    return (
      <div data-testid="edition-status" data-state={job.state}>
        <ErrorNotice
          error={job.error ?? { code: 'backend-failed', message: 'failed' }}
          nextStep={t('ui.editions.status.unchanged')}
          action={{ label: t('ui.common.close'), onClick: dismiss }}
        />
      </div>
    );
  }
  const r = job.result;
  return (
    <div
      className="notice notice-success"
      role="status"
      data-testid="edition-status"
      data-state="done"
    >
      <Icon name="check" size={20} />
      <div className="notice-body">
        <p className="notice-title">
          {job.back
            ? t('ui.editions.status.backDone', { name })
            : t('ui.editions.status.done', { name })}
        </p>
        <p>
          {r.restartNeeded
            ? t('ui.editions.status.restartToUse')
            : t('ui.editions.status.noRestart')}
        </p>
        {restartError && <ErrorNotice error={restartError} compact />}
        <div className="notice-actions">
          {r.restartNeeded && (
            <button
              type="button"
              className="button primary"
              aria-disabled={restarting}
              onClick={() => {
                if (!restarting) void store.getState().chooseRestart({ kind: 'now' });
              }}
              data-testid="edition-restart-now"
            >
              {t('ui.editions.status.restartNow')}
            </button>
          )}
          <button type="button" className="button" onClick={dismiss} data-testid="edition-later">
            {t('ui.editions.status.later')}
          </button>
          {switchBack !== null && !job.back && (
            <button
              type="button"
              className="button"
              onClick={() => onSwitchBack(switchBack)}
              data-testid="edition-switch-back"
            >
              {t('ui.editions.switchBack', { name: nameOf(switchBack) })}
            </button>
          )}
        </div>
      </div>
    </div>
  );
}
