import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { ErrorNotice } from '../../components/ErrorNotice';
import { Icon } from '../../components/Icon';
import { ProgressBar } from '../../components/ProgressBar';
import { useKairn, useKairnStore } from '../../store/context';
import { UndoBlocked, UndoButton, useUndo } from './UndoGoBack';
import { InhibitorList, RestartActionError } from '../updates/RestartNotices';

interface GoBackStatusProps {
  /** "Mon 3 Nov, 14:00" for a restore point id, null when it is not in the list. */
  whenOf: (id: string) => string | null;
}

/**
 * Failures after which nobody can say whether the next start changed (the service stopped or
 * never answered): the person is pointed at the list, read again, instead of told "unchanged".
 */
const UNCERTAIN = new Set([
  'tukit-stopped',
  'rpm-ostree-stopped',
  'logind-stopped',
  'rollback-timeout',
  'timeout',
]);

/**
 * Ends a go-back that needs a restart: *Restart now* (restart.now, exactly as on Updates &
 * Restart: apps that asked to delay it are listed first, and restarting over them needs a
 * second choice) or *Later*.
 */
function RestartChoices({ onLater, children }: { onLater: () => void; children?: ReactNode }) {
  const { t } = useTranslation();
  const store = useKairnStore();
  const info = useKairn((s) => s.restart.data);
  const busy = useKairn((s) => s.restartBusy);
  const started = useKairn((s) => s.restartStarted);
  // Only what the person chose here is shown here (not a refusal left from Updates & Restart).
  const [asked, setAsked] = useState(false);
  useEffect(() => {
    void store.getState().loadRestart();
  }, [store]);
  const restartNow = (): void => {
    setAsked(true);
    void store.getState().chooseRestart({ kind: 'now' });
  };
  if (asked && started !== null) {
    return (
      <p className="notice-title" data-testid="rp-restarting">
        {t('ui.restorePoints.status.restarting')}
      </p>
    );
  }
  return (
    <>
      <InhibitorList inhibitors={info?.inhibitors ?? []} />
      {asked && <RestartActionError />}
      <div className="notice-actions">
        <button
          type="button"
          className="button primary"
          disabled={busy}
          onClick={restartNow}
          data-testid="rp-restart-now"
        >
          {t('ui.updates.restartNow')}
        </button>
        <button type="button" className="button" onClick={onLater} data-testid="rp-later">
          {t('ui.restorePoints.status.later')}
        </button>
        {children}
      </div>
      {info && (
        <p className="muted small">
          {info.restartVia === 'session' ? t('ui.updates.viaSession') : t('ui.updates.viaLogind')}
        </p>
      )}
    </>
  );
}

/** The running or ended go-back: progress, then what happens at the next start, restart now or later, undo. */
export function GoBackStatus({ whenOf }: GoBackStatusProps) {
  const { t } = useTranslation();
  const store = useKairnStore();
  const start = useKairn((s) => s.goBackStart);
  const job = useKairn((s) => s.goBackJob);
  const undoState = useUndo();
  const dismiss = () => store.getState().dismissGoBack();
  if (start.error) {
    return (
      <div data-testid="rp-status">
        <ErrorNotice
          error={start.error}
          nextStep={t('ui.restorePoints.status.unchanged')}
          action={{ label: t('ui.common.close'), onClick: dismiss }}
        />
      </div>
    );
  }
  if (!job) return null;
  if (job.state === 'running') {
    const p = job.progress;
    const label =
      job.kind === 'undo'
        ? t('ui.restorePoints.status.undoing')
        : t('ui.restorePoints.status.going', { when: whenOf(job.to ?? '') ?? '' });
    return (
      <div className="notice notice-info" data-testid="rp-status" data-state="running">
        <ProgressBar label={label} value={p?.done ?? 0} max={p?.total ?? null} />
      </div>
    );
  }
  if (job.state !== 'done' || !job.result) {
    const error = job.error ?? { code: 'backend-failed', message: 'failed' };
    return (
      <div data-testid="rp-status" data-state={job.state}>
        <ErrorNotice
          error={error}
          nextStep={
            UNCERTAIN.has(error.reason ?? '')
              ? t('ui.restorePoints.status.seeList')
              : t('ui.restorePoints.status.unchanged')
          }
          action={{ label: t('ui.common.close'), onClick: dismiss }}
        />
      </div>
    );
  }
  const when = whenOf(job.result.to) ?? '';
  const offerUndo = job.kind === 'go-back' && undoState !== null;
  const undo = offerUndo && undoState.blocked === null && <UndoButton />;
  return (
    <div className="notice notice-success" role="status" data-testid="rp-status" data-state="done">
      <Icon name="check" size={20} />
      <div className="notice-body">
        <p className="notice-title">
          {job.kind === 'undo'
            ? t('ui.restorePoints.status.undone', { when })
            : t('ui.restorePoints.status.done', { when })}
        </p>
        <p>
          {job.result.restartNeeded
            ? t('ui.restorePoints.status.restartToUse')
            : t('ui.restorePoints.status.noRestart')}
        </p>
        {offerUndo && undoState.blocked !== null && (
          <UndoBlocked reason={undoState.blocked} when={whenOf(undoState.from) ?? ''} />
        )}
        {job.result.restartNeeded ? (
          <RestartChoices onLater={dismiss}>{undo}</RestartChoices>
        ) : (
          <div className="notice-actions">
            <button
              type="button"
              className="button primary"
              onClick={dismiss}
              data-testid="rp-close"
            >
              {t('ui.common.close')}
            </button>
            {undo}
          </div>
        )}
      </div>
    </div>
  );
}
