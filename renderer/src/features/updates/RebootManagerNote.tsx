import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';

import type { RebootManagerInfo, ScheduledRestart } from '../../../../shared/schemas/restart';

function duration(t: TFunction, minutes: number | null): string | null {
  if (minutes === null) return null;
  const [h, m] = [Math.floor(minutes / 60), minutes % 60];
  if (h === 0) return t('ui.updates.rebootmgr.m', { m });
  return m === 0 ? t('ui.updates.rebootmgr.h', { h }) : t('ui.updates.rebootmgr.hm', { h, m });
}

/** "every day from 03:30, for 1 h 30 min", or the spec itself where it is not a plain daily time. */
function windowWords(t: TFunction, info: RebootManagerInfo): string | null {
  if (info.windowStart === null) return null;
  const when = info.dailyStart
    ? t('ui.updates.rebootmgr.daily', { start: info.dailyStart })
    : t('ui.updates.rebootmgr.spec', { start: info.windowStart });
  const length = duration(t, info.windowMinutes);
  return length ? t('ui.updates.rebootmgr.lasting', { when, duration: length }) : when;
}

/** How rebootmgr restarts by itself, in one sentence. */
function strategyWords(t: TFunction, info: RebootManagerInfo): string {
  const window = windowWords(t, info);
  switch (info.strategy) {
    case 'best-effort':
      return window
        ? t('ui.updates.rebootmgr.best-effort-window', { window })
        : t('ui.updates.rebootmgr.best-effort');
    case 'maint-window':
      return window
        ? t('ui.updates.rebootmgr.maint-window', { window })
        : t('ui.updates.rebootmgr.maint-window-none');
    case 'instantly':
      return t('ui.updates.rebootmgr.instantly');
    case 'off':
      return t('ui.updates.rebootmgr.off');
    case 'unknown':
      return t('ui.updates.rebootmgr.unknown');
  }
}

/**
 * rebootmgr, described honestly: how it restarts by itself, whether it already plans one, and
 * that a restart Kairn scheduled through logind does not wait for rebootmgr's window.
 */
export function RebootManagerNote({
  info,
  scheduled,
}: {
  info: RebootManagerInfo;
  scheduled: ScheduledRestart | null;
}) {
  const { t } = useTranslation();
  const usesWindow =
    (info.strategy === 'maint-window' || info.strategy === 'best-effort') &&
    info.windowStart !== null;
  return (
    <div className="rebootmgr-note" data-testid="rebootmgr">
      <p className="muted">{strategyWords(t, info)}</p>
      {info.requested && (
        <p className="muted" data-testid="rebootmgr-requested">
          {usesWindow
            ? t('ui.updates.rebootmgr.requested')
            : t('ui.updates.rebootmgr.requestedNow')}
        </p>
      )}
      {scheduled?.byKairn && usesWindow && (
        <p className="muted" data-testid="rebootmgr-ours-outside">
          {t('ui.updates.rebootmgr.oursOutside')}
        </p>
      )}
      <details className="details">
        <summary>{t('ui.common.details')}</summary>
        <p className="muted small">{t('ui.updates.rebootmgr.adminOnly')}</p>
        <p className="small">
          <code>
            {t('ui.updates.rebootmgr.details', {
              api: info.api === 'varlink' ? 'Varlink' : 'D-Bus',
              strategy: info.strategy,
              start: info.windowStart ?? '—',
              duration: info.windowDuration ?? '—',
            })}
            {info.rebootTime !== null &&
              ` · ${t('ui.updates.rebootmgr.detailsTime', { time: info.rebootTime })}`}
          </code>
        </p>
      </details>
    </div>
  );
}
