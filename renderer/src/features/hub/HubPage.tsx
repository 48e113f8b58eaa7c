import { useTranslation } from 'react-i18next';

import type { Status } from '../../../../shared/schemas/status';
import { Busy } from '../../components/Busy';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Icon } from '../../components/Icon';
import { PageHeader } from '../../components/PageHeader';
import { formatDateTime, parseDate } from '../../i18n/format';
import { userLocale } from '../../i18n';
import { useKairn, useKairnStore } from '../../store/context';
import { AreaCards } from './AreaCards';
import { CheckCard } from './CheckCard';
import { HealthChecks } from './HealthChecks';
import { StatusDetails } from './StatusDetails';

type RestartWord = 'Needed' | 'None' | 'NotChecked';

/** Only what was checked is said: a waiting restart, none, or "not checked yet". */
function restartWord(restart: Status['restart']): RestartWord {
  if (restart.required) return 'Needed';
  return restart.checked ? 'None' : 'NotChecked';
}

function Checks({ status }: { status: Status }) {
  const { t } = useTranslation();
  const historyOn = status.home.config !== null;
  const scheduled = parseDate(status.restart.scheduled?.at);
  const restart = restartWord(status.restart);
  return (
    <section className="checks" aria-labelledby="checks-title">
      <h2 id="checks-title" className="section-title">
        {t('ui.hub.checksTitle')}
      </h2>
      <div className="check-grid">
        <CheckCard testId="hub-system" tone="ok" icon="disk" title={t('ui.hub.systemTitle')}>
          <p data-testid="hub-system-name" className="check-value">
            {status.osRelease.prettyName || status.osRelease.name}
          </p>
          <p className="muted">{t('ui.hub.systemText')}</p>
        </CheckCard>
        <CheckCard
          testId="hub-file-history"
          tone={historyOn ? 'ok' : 'warn'}
          icon="recover"
          title={t('ui.hub.historyTitle')}
          action={{
            href: '#/recover',
            label: historyOn ? t('ui.hub.historyOpen') : t('ui.hub.historySetUp'),
          }}
        >
          <p className="check-value">
            {historyOn ? t('ui.hub.historyOn') : t('ui.hub.historyOff')}
          </p>
          <p className="muted">
            {historyOn ? t('ui.hub.historyOnText') : t('ui.hub.historyOffText')}
          </p>
        </CheckCard>
        <CheckCard
          testId="hub-restart"
          tone={restart === 'Needed' ? 'warn' : restart === 'None' ? 'ok' : 'unknown'}
          icon="restart"
          title={t('ui.hub.restartTitle')}
        >
          <p className="check-value" data-testid="hub-restart-value">
            {t(`ui.hub.restart${restart}`)}
          </p>
          <p className="muted">
            {t(`ui.hub.restart${restart}Text`)}
            {scheduled &&
              ` ${t('ui.hub.restartScheduled', { when: formatDateTime(scheduled, userLocale()) })}`}
          </p>
        </CheckCard>
      </div>
    </section>
  );
}

/** Home: the troubleshooting hub. Plain checks first, then the areas; technical facts only under "Details". */
export function HubPage() {
  const { t } = useTranslation();
  const status = useKairn((s) => s.status);
  const store = useKairnStore();
  return (
    <div className="page hub" data-testid="hub">
      <PageHeader title={t('ui.hub.title')} lead={t('ui.hub.lead')} />
      {status.data?.demo && (
        <div className="notice notice-info" data-testid="demo-notice">
          <Icon name="info" />
          <p>{t('ui.hub.demo')}</p>
        </div>
      )}
      {status.status === 'loading' && !status.data && (
        <Busy label={t('ui.hub.checking')} testId="hub-loading" />
      )}
      {status.error && (
        <ErrorNotice
          error={status.error}
          action={{
            label: t('ui.common.tryAgain'),
            onClick: () => void store.getState().loadStatus(),
          }}
        />
      )}
      {status.data && <Checks status={status.data} />}
      <HealthChecks />
      <AreaCards />
      {status.data && <StatusDetails status={status.data} />}
    </div>
  );
}
