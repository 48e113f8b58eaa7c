import { useRef } from 'react';
import { useTranslation } from 'react-i18next';

import { Busy } from '../../components/Busy';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ProgressBar } from '../../components/ProgressBar';
import { formatCount } from '../../i18n/format';
import { userLocale } from '../../i18n';
import { useKairn, useKairnStore } from '../../store/context';
import { selectHomePath } from '../../store/history-slice';
import { placeOf } from '../../store/paths';
import { itemProgress, type RestoreJob } from '../../store/restore-slice';
import { RestoreDone, RestoreUnreadable } from './RestoreOutcome';
import { useStatusFocus } from './use-status-focus';

function Running({ job }: { job: RestoreJob }) {
  const { t } = useTranslation();
  const store = useKairnStore();
  const home = useKairn(selectHomePath);
  const items = itemProgress(job);
  const locale = userLocale();
  const label = items
    ? t('ui.restore.progress', {
        done: formatCount(items.done, locale),
        total: formatCount(items.total, locale),
        count: items.total,
      })
    : t('ui.restore.progressUnknown');
  // The item being copied, as a place below the home (never a full path).
  const current = job.progress?.current ? placeOf(home, job.progress.current) : null;
  return (
    <div className="notice notice-info restore-running" data-testid="restore-progress">
      <ProgressBar label={label} value={items?.done ?? 0} max={items?.total ?? null} />
      {current && (
        <p className="muted small ellipsis" data-testid="restore-current">
          {current}
        </p>
      )}
      <button
        type="button"
        className="button"
        onClick={() => void store.getState().cancelRestore()}
        data-testid="restore-cancel"
        data-focus-target
      >
        {t('ui.common.cancel')}
      </button>
    </div>
  );
}

/** Which step the restore is at; focus follows each change (null: nothing to show). */
function usePhase(): string | null {
  return useKairn((s) => {
    if (s.restoreStart.status === 'loading') return 'starting';
    if (s.restoreStart.error) return 'start-failed';
    const job = s.restoreJob;
    if (!job) return null;
    return `${job.jobId}:${job.state}:${s.undo.status}`;
  });
}

/**
 * The restore in progress or its outcome, laid over the bottom of the workspace (so nothing
 * moves when it appears) and announced: focus moves into it at each step.
 */
export function RestoreStatus() {
  const { t } = useTranslation();
  const store = useKairnStore();
  const start = useKairn((s) => s.restoreStart);
  const job = useKairn((s) => s.restoreJob);
  const region = useRef<HTMLDivElement>(null);
  useStatusFocus(region, usePhase());
  const dismiss = { label: t('ui.common.close'), onClick: () => store.getState().dismissRestore() };
  let content = null;
  if (start.status === 'loading')
    content = <Busy label={t('ui.restore.starting')} testId="restore-starting" />;
  else if (start.error) content = <ErrorNotice error={start.error} action={dismiss} />;
  else if (job?.state === 'running') content = <Running job={job} />;
  else if (job?.state === 'done') content = <RestoreDone job={job} />;
  else if (job?.state === 'cancelled') {
    content = (
      <div className="notice notice-info" data-testid="restore-cancelled">
        <p data-focus-target>{t('ui.restore.cancelled')}</p>
        <button type="button" className="button" onClick={dismiss.onClick}>
          {dismiss.label}
        </button>
      </div>
    );
  } else if (job?.state === 'failed' && job.unreadable.length > 0)
    content = <RestoreUnreadable job={job} />;
  else if (job?.state === 'failed' && job.error)
    content = <ErrorNotice error={job.error} action={dismiss} />;
  return (
    <div ref={region} className="restore-status" aria-live="polite" data-testid="restore-status">
      {content}
    </div>
  );
}
