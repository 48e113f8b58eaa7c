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
import { RestoreDone } from './RestoreOutcome';

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
      >
        {t('ui.common.cancel')}
      </button>
    </div>
  );
}

/** The restore in progress or its outcome, shown above the browser and announced to screen readers. */
export function RestoreStatus() {
  const { t } = useTranslation();
  const store = useKairnStore();
  const start = useKairn((s) => s.restoreStart);
  const job = useKairn((s) => s.restoreJob);
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
        <p>{t('ui.restore.cancelled')}</p>
        <button type="button" className="button" onClick={dismiss.onClick}>
          {dismiss.label}
        </button>
      </div>
    );
  } else if (job?.state === 'failed' && job.error)
    content = <ErrorNotice error={job.error} action={dismiss} />;
  return (
    <div className="restore-status" aria-live="polite">
      {content}
    </div>
  );
}
