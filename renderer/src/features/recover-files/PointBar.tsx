import { useTranslation } from 'react-i18next';

import { ErrorNotice } from '../../components/ErrorNotice';
import { Icon } from '../../components/Icon';
import { useKairn, useKairnStore } from '../../store/context';
import { selectPointSnapshot } from '../../store/history-slice';
import { ShowHiddenSwitch } from './ShowHiddenSwitch';
import { usePointLabel } from './use-point-label';

function KeepToggle() {
  const { t } = useTranslation();
  const store = useKairnStore();
  const snap = useKairn(selectPointSnapshot);
  const busy = useKairn((s) => s.pointAction.status === 'loading');
  if (!snap) return null;
  return (
    <button
      type="button"
      className={`button toggle${snap.important ? ' on' : ''}`}
      aria-pressed={snap.important}
      disabled={busy}
      title={t('ui.point.keepExplain')}
      onClick={() => void store.getState().setKeep(snap.number, !snap.important)}
      data-testid="keep-point"
    >
      <Icon name="pin" size={16} /> {snap.important ? t('ui.point.kept') : t('ui.point.keep')}
    </button>
  );
}

/** Which point in time is shown, the switch between files and "what changed", and "Keep this point". */
export function PointBar() {
  const { t } = useTranslation();
  const store = useKairnStore();
  const point = useKairn((s) => s.point);
  const view = useKairn((s) => s.view);
  const actionError = useKairn((s) => s.pointAction.error);
  const when = usePointLabel();
  return (
    <div className="point-bar-wrap">
      <div className="point-bar">
        <p className="point-label" data-testid="point-label" aria-live="polite">
          {point === 0 ? t('ui.point.showingNow') : t('ui.point.showing', { when })}
        </p>
        <div className="point-controls">
          <div className="segmented" role="group" aria-label={t('ui.point.viewLabel')}>
            <button
              type="button"
              aria-pressed={view !== 'changes'}
              onClick={() => store.getState().setView('folder')}
              data-testid="view-folder"
            >
              {t('ui.point.viewFiles')}
            </button>
            <button
              type="button"
              aria-pressed={view === 'changes'}
              disabled={point === 0}
              onClick={() => store.getState().setView('changes')}
              data-testid="view-changes"
            >
              {t('ui.point.viewChanges')}
            </button>
          </div>
          <KeepToggle />
          {/* One switch for the folder list and "what changed". */}
          <ShowHiddenSwitch />
        </div>
      </div>
      {actionError && <ErrorNotice compact error={actionError} />}
    </div>
  );
}
