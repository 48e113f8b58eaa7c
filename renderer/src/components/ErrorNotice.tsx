import { useTranslation } from 'react-i18next';

import type { KairnErrorPayload } from '../../../shared/api/errors';

interface ErrorNoticeProps {
  error: KairnErrorPayload;
  /** A next step that fits the screen better than the default one for the code. */
  nextStep?: string | undefined;
  /** A button that carries out the next step (e.g. "Try again"). */
  action?: { label: string; onClick: () => void };
  /** Smaller, for use inside panels. */
  compact?: boolean;
}

/** A contract error in plain words, with what to do next; the technical part stays behind "Details". */
export function ErrorNotice({ error, nextStep, action, compact = false }: ErrorNoticeProps) {
  const { t, i18n } = useTranslation();
  const reasonKey = `reasons.${error.reason ?? ''}`;
  const sentence =
    error.reason && i18n.exists(reasonKey) ? t(reasonKey) : t(`errors.${error.code}`);
  const step = nextStep ?? t(`ui.nextStep.${error.code}`);
  // A stop the person asked for is news, not an alarm.
  const asked = error.code === 'cancelled';
  const tone = asked ? 'notice notice-info' : 'notice notice-error';
  return (
    <div
      className={compact ? `${tone} compact` : tone}
      role={asked ? 'status' : 'alert'}
      data-testid="error-notice"
    >
      <p className="notice-title">{sentence}</p>
      <p className="notice-step">{step}</p>
      {action && (
        <button type="button" className="button" onClick={action.onClick}>
          {action.label}
        </button>
      )}
      <details className="details">
        <summary>{t('ui.common.details')}</summary>
        <dl className="details-list">
          <dt>{t('ui.common.errorCode')}</dt>
          <dd>
            <code>{error.code}</code>
          </dd>
          {error.reason && (
            <>
              <dt>{t('ui.common.errorReason')}</dt>
              <dd>
                <code>{error.reason}</code>
              </dd>
            </>
          )}
          {error.detail && (
            <>
              <dt>{t('ui.common.errorDetail')}</dt>
              <dd>
                <code>{error.detail}</code>
              </dd>
            </>
          )}
        </dl>
      </details>
    </div>
  );
}
