import { useTranslation } from 'react-i18next';

import { ErrorNotice } from '../../components/ErrorNotice';
import { Icon } from '../../components/Icon';
import { ProgressBar } from '../../components/ProgressBar';
import { useKairn, useKairnStore } from '../../store/context';

interface GoBackStatusProps {
  /** "Mon 3 Nov, 14:00" for a restore point id, null when it is not in the list. */
  whenOf: (id: string) => string | null;
}

/**
 * The running or ended go-back: progress, then what happens at the next start with "Later"
 * and "Undo going back". There is no restart method in the contract yet, so the person is told
 * to restart the computer themselves instead of being offered a button that does nothing.
 */
export function GoBackStatus({ whenOf }: GoBackStatusProps) {
  const { t } = useTranslation();
  const store = useKairnStore();
  const start = useKairn((s) => s.goBackStart);
  const job = useKairn((s) => s.goBackJob);
  const canUndo = useKairn((s) => s.restorePoints.data?.undo != null);
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
    return (
      <div data-testid="rp-status" data-state={job.state}>
        <ErrorNotice
          error={job.error ?? { code: 'backend-failed', message: 'failed' }}
          nextStep={t('ui.restorePoints.status.unchanged')}
          action={{ label: t('ui.common.close'), onClick: dismiss }}
        />
      </div>
    );
  }
  const when = whenOf(job.result.to) ?? '';
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
        <div className="notice-actions">
          <button type="button" className="button primary" onClick={dismiss} data-testid="rp-later">
            {t('ui.restorePoints.status.later')}
          </button>
          {job.kind === 'go-back' && canUndo && (
            <button
              type="button"
              className="button"
              onClick={() => void store.getState().undoGoBack()}
              data-testid="rp-undo"
            >
              {t('ui.restorePoints.undo')}
            </button>
          )}
        </div>
      </div>
    </div>
  );
}
