import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { RestorePoint } from '../../../../shared/schemas/restore-points';
import { Icon } from '../../components/Icon';
import { PointChanges } from './PointChanges';
import { pointTitle } from './point-words';

interface PointRowProps {
  point: RestorePoint;
  /** The point's date in the person's words ("Mon 3 Nov, 14:00"). */
  when: string;
  /** Going back is offered on this system. */
  canGoBack: boolean;
  /** A go-back is running: the button stays (focus is not lost) but does nothing. */
  busy: boolean;
  onGoBack: (point: RestorePoint) => void;
}

/** One restore point: title, date, version, the marks, what changed (on demand) and one button. */
export function PointRow({ point, when, canGoBack, busy, onGoBack }: PointRowProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const titleId = `rp-title-${point.id}`;
  return (
    <li className="card rp-row" data-testid="rp-row" data-point={point.id}>
      <div className="rp-row-main">
        <div className="rp-row-text">
          <h3 id={titleId} className="rp-title">
            {pointTitle(point, t)}
          </h3>
          <p className="muted">
            <span data-testid="rp-date">{when}</span>
            {point.version !== null && (
              <>
                {' · '}
                <span>{t('ui.restorePoints.version', { version: point.version })}</span>
              </>
            )}
          </p>
          <p className="rp-marks">
            {point.running && (
              <span className="badge badge-running" data-testid="rp-running">
                {t('ui.restorePoints.running')}
              </span>
            )}
            {point.nextStart && (
              <span className="badge badge-next" data-testid="rp-next">
                {t('ui.restorePoints.nextStart')}
              </span>
            )}
            {point.kept && (
              <span className="badge" data-testid="rp-kept">
                <Icon name="pin" size={12} /> {t('ui.restorePoints.kept')}
              </span>
            )}
          </p>
        </div>
        {canGoBack && !point.nextStart && point.goBackBlocked !== null && (
          <p className="muted small rp-blocked" data-testid="rp-blocked">
            {t(`ui.restorePoints.blocked.${point.goBackBlocked}`, {
              defaultValue: t('ui.restorePoints.blocked.other'),
            })}
          </p>
        )}
        {canGoBack && !point.nextStart && point.goBackBlocked === null && (
          <button
            type="button"
            className="button"
            aria-describedby={titleId}
            aria-disabled={busy}
            onClick={() => {
              if (!busy) onGoBack(point);
            }}
            data-testid="rp-go-back"
          >
            {t('ui.restorePoints.goBack')}
          </button>
        )}
      </div>
      <details className="details rp-what" onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>{t('ui.restorePoints.whatChanged')}</summary>
        {open && <PointChanges id={point.id} />}
      </details>
    </li>
  );
}
