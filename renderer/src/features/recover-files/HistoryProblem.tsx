import { useTranslation } from 'react-i18next';

import type { HomeHistory } from '../../../../shared/schemas/snapshots';
import { Busy } from '../../components/Busy';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Icon } from '../../components/Icon';
import { useKairn, useKairnStore } from '../../store/context';

type Problem = NonNullable<HomeHistory['problem']>;

/** What the person who looks after the computer has to do, in their words (shown under Details). */
function helperSteps(problem: Problem, home: HomeHistory): string {
  const config = home.config?.name ?? 'home';
  switch (problem) {
    case 'no-config':
      return [
        `sudo snapper -c ${config} create-config ${home.home.replace(/\/[^/]+$/, '') || '/'}`,
        `sudo snapper -c ${config} set-config ALLOW_USERS="${home.userName}" SYNC_ACL=yes TIMELINE_CREATE=yes`,
      ].join('\n');
    case 'not-allowed':
      return `sudo snapper -c ${config} set-config ALLOW_USERS="${home.userName}" SYNC_ACL=yes`;
    case 'snapper-missing':
      return 'snapper + snapperd (D-Bus name org.opensuse.Snapper)';
  }
}

function SetupButton() {
  const { t } = useTranslation();
  const store = useKairnStore();
  const setup = useKairn((s) => s.setup);
  if (setup.status === 'loading')
    return <Busy label={t('ui.history.turningOn')} testId="turn-on-busy" />;
  return (
    <>
      <button
        type="button"
        className="button primary"
        onClick={() => void store.getState().setupHome()}
        data-testid="turn-on-history"
      >
        {t('ui.history.turnOn')}
      </button>
      {setup.error && (
        <ErrorNotice
          error={setup.error}
          nextStep={
            setup.error.code === 'access-denied' ? t('ui.history.adminNeededStep') : undefined
          }
        />
      )}
    </>
  );
}

/** Why there is no file history to browse, in plain words, with the one thing that can be done. */
export function HistoryProblem({ home }: { home: HomeHistory }) {
  const { t } = useTranslation();
  const problem = home.problem ?? 'no-config';
  return (
    <div className="card problem" data-testid="history-problem" data-problem={problem}>
      <Icon name="recover" size={40} />
      <div className="problem-body">
        <h2 className="section-title">{t(`ui.history.${problem}.title`)}</h2>
        <p>{t(`ui.history.${problem}.text`)}</p>
        <p className="muted">{t(`ui.history.${problem}.next`)}</p>
        {problem === 'no-config' && <SetupButton />}
        <details className="details">
          <summary>{t('ui.common.details')}</summary>
          <p className="small">
            {t(`ui.history.${problem}.helper`, {
              user: home.userName,
              config: home.config?.name ?? '—',
            })}
          </p>
          <pre className="helper-steps">{helperSteps(problem, home)}</pre>
        </details>
      </div>
    </div>
  );
}
