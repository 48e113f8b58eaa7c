import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

import type { CheckResult, CheckState, CheckWords } from '../../../../shared/schemas/checks';
import { Busy } from '../../components/Busy';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Icon, type IconName } from '../../components/Icon';
import { ProgressBar } from '../../components/ProgressBar';
import { userLocale } from '../../i18n';
import { formatBytes, formatDateTime, parseDate } from '../../i18n/format';
import { useKairn, useKairnStore } from '../../store/context';

const ICONS: Record<CheckState, IconName> = {
  ok: 'check',
  attention: 'warning',
  problem: 'warning',
  unknown: 'info',
};

/** One value in the person's locale: `…Bytes` as a size, `at`/`…At` (ISO) as a date and time. */
function localValue(name: string, v: string | number): string | number {
  if (typeof v === 'number' && name.endsWith('Bytes')) return formatBytes(v, userLocale());
  const date =
    typeof v === 'string' && (name === 'at' || name.endsWith('At')) ? parseDate(v) : null;
  return date ? formatDateTime(date, userLocale()) : v;
}

/** A check's words in the person's language: sizes and dates in their locale, `count` choosing the plural. */
function useWords(): (words: CheckWords) => string {
  const { t } = useTranslation();
  return (words) => {
    const values = Object.fromEntries(
      Object.entries(words.values).map(([name, v]) => [name, localValue(name, v)]),
    );
    return t(`checks.${words.key}`, values);
  };
}

function HealthCheckCard({ check }: { check: CheckResult }) {
  const { t } = useTranslation();
  const words = useWords();
  const store = useKairnStore();
  const fix = useKairn((s) => s.fixes[check.id]);
  const titleId = `check-${check.id}-title`;
  const fixLabel = check.fix ? words(check.fix.words) : '';
  return (
    <article
      className={`card check health-check check-${check.state}`}
      data-testid={`check-${check.id}`}
      data-state={check.state}
      aria-labelledby={titleId}
    >
      <div className="check-icon" aria-hidden="true">
        <Icon name={ICONS[check.state]} size={24} />
      </div>
      <div className="check-body">
        <h3 className="check-title" id={titleId}>
          {t(`checks.titles.${check.id}`)}
        </h3>
        <p className="check-value" data-testid="check-state">
          {t(`ui.hub.state.${check.state}`)}
        </p>
        <p className="check-summary" data-testid="check-summary">
          {words(check.words)}
        </p>
        {fix?.state === 'running' ? (
          <ProgressBar
            label={t('ui.hub.fixRunning', { what: fixLabel || t(`checks.titles.${check.id}`) })}
            value={0}
            max={null}
          />
        ) : (
          check.fix && (
            <button
              type="button"
              className="button"
              data-testid="check-fix"
              onClick={() => void store.getState().runFix(check.id)}
            >
              {fixLabel}
            </button>
          )
        )}
        {fix?.state === 'done' && (
          <p className="muted" role="status">
            {t('ui.hub.fixDone')}
          </p>
        )}
        {fix?.state === 'failed' && <ErrorNotice error={fix.error} compact />}
        <details className="details">
          <summary>{t('ui.common.details')}</summary>
          <ul className="check-details" data-testid="check-details">
            {check.details.map((line, i) => (
              <li key={i}>
                <code>{line}</code>
              </li>
            ))}
          </ul>
        </details>
      </div>
    </article>
  );
}

/** The health checks (checks.run): each card says its state in words, with Details and at most one fix. */
export function HealthChecks() {
  const { t } = useTranslation();
  const checks = useKairn((s) => s.checks);
  const store = useKairnStore();
  useEffect(() => {
    if (store.getState().checks.status === 'idle') void store.getState().loadChecks();
  }, [store]);
  return (
    <section
      className="checks"
      aria-labelledby="health-title"
      data-testid="health-checks"
      aria-busy={checks.status === 'loading'}
    >
      <div className="section-head">
        <h2 id="health-title" className="section-title">
          {t('ui.hub.healthTitle')}
        </h2>
        {checks.status !== 'loading' && checks.data && (
          <button
            type="button"
            className="button flat"
            data-testid="checks-again"
            onClick={() => void store.getState().loadChecks()}
          >
            {t('ui.hub.checksAgain')}
          </button>
        )}
      </div>
      {checks.status === 'loading' && (
        <Busy label={t('ui.hub.checksRunning')} testId="checks-loading" />
      )}
      {checks.error && (
        <ErrorNotice
          error={checks.error}
          action={{
            label: t('ui.common.tryAgain'),
            onClick: () => void store.getState().loadChecks(),
          }}
        />
      )}
      {checks.data && (
        <div className="check-grid">
          {checks.data.checks.map((check) => (
            <HealthCheckCard key={check.id} check={check} />
          ))}
        </div>
      )}
    </section>
  );
}
