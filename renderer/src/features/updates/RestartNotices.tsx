import { useTranslation } from 'react-i18next';

import type { Inhibitor } from '../../../../shared/schemas/restart';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useKairn, useKairnStore } from '../../store/context';
import type { RestartChoice } from '../../store/restart-slice';

/** The apps that asked logind to delay a restart, shown before the person restarts. */
export function InhibitorList({ inhibitors }: { inhibitors: readonly Inhibitor[] }) {
  const { t } = useTranslation();
  if (inhibitors.length === 0) return null;
  return (
    <div className="notice notice-error compact" role="status" data-testid="restart-inhibitors">
      <p className="notice-title">{t('ui.updates.inhibitorsTitle')}</p>
      <ul>
        {inhibitors.map((i) => (
          <li key={`${i.who}-${i.why}`}>
            <strong>{i.who}</strong>: {i.why}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * A refused restart choice, with the one confirmation it may need: replace someone's schedule,
 * or restart over the apps that asked to wait.
 */
export function RestartActionError() {
  const { t } = useTranslation();
  const store = useKairnStore();
  const error = useKairn((s) => s.restartActionError);
  const last = useKairn((s) => s.restartLastChoice);
  if (!error) return null;
  const again = (choice: RestartChoice): void => void store.getState().chooseRestart(choice);
  let confirm: { label: string; onClick: () => void } | undefined;
  if (error.reason === 'restart-scheduled-by-other' && last && last.kind !== 'now') {
    confirm = {
      label: t('ui.updates.replaceIt'),
      onClick: () => again({ ...last, replace: true }),
    };
  } else if (error.reason === 'restart-inhibited') {
    confirm = {
      label: t('ui.updates.restartAnyway'),
      onClick: () => again({ kind: 'now', overInhibitors: true }),
    };
  }
  return (
    <ErrorNotice
      error={error}
      {...(confirm ? { action: confirm, nextStep: t('ui.updates.confirmStep') } : {})}
    />
  );
}
