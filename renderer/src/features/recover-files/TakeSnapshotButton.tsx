import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { Icon } from '../../components/Icon';
import { useKairn, useKairnStore } from '../../store/context';

/** Saves a point in time right now (snapper create), e.g. before a big change to the files. */
export function TakeSnapshotButton() {
  const { t } = useTranslation();
  const store = useKairnStore();
  const busy = useKairn((s) => s.pointAction.status === 'loading');
  const [saved, setSaved] = useState(false);
  const take = async (): Promise<void> => {
    setSaved(false);
    await store.getState().takeSnapshot(t('ui.point.takenDescription'));
    setSaved(store.getState().pointAction.status === 'ready');
  };
  return (
    <div className="take-snapshot">
      <button
        type="button"
        className="button"
        disabled={busy}
        onClick={() => void take()}
        data-testid="take-snapshot"
      >
        <Icon name="camera" size={18} /> {busy ? t('ui.point.taking') : t('ui.point.take')}
      </button>
      <span role="status" className="muted small" data-testid="take-snapshot-status">
        {saved ? t('ui.point.taken') : ''}
      </span>
    </div>
  );
}
