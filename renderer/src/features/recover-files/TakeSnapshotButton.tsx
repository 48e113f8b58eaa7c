import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { Dialog } from '../../components/Dialog';
import { Icon } from '../../components/Icon';
import { useKairn, useKairnStore } from '../../store/context';

/** Longest name snapper keeps comfortably in a description (the contract allows 1024). */
const NAME_MAX = 120;

/** The form inside the dialog; mounted only while it is open, so each opening starts empty. */
function NameForm({ onClose, onSave }: { onClose: () => void; onSave: (name: string) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const submit = (event: SyntheticEvent): void => {
    event.preventDefault();
    onSave(name.trim());
  };
  return (
    <form onSubmit={submit}>
      <label className="field">
        <span>{t('ui.point.nameLabel')}</span>
        <input
          type="text"
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={NAME_MAX}
          autoFocus
          aria-describedby="take-snapshot-hint"
          data-testid="take-snapshot-name"
        />
      </label>
      <p id="take-snapshot-hint" className="muted small">
        {t('ui.point.nameHint')}
      </p>
      <div className="dialog-buttons">
        <button type="button" className="button" onClick={onClose}>
          {t('ui.common.cancel')}
        </button>
        <button type="submit" className="button primary" data-testid="take-snapshot-save">
          {t('ui.point.save')}
        </button>
      </div>
    </form>
  );
}

/** Saves a point in time right now (snapper create), with an optional name, e.g. before a big change. */
export function TakeSnapshotButton() {
  const { t } = useTranslation();
  const store = useKairnStore();
  const busy = useKairn((s) => s.pointAction.status === 'loading');
  const [asking, setAsking] = useState(false);
  const [saved, setSaved] = useState(false);
  const take = async (name: string): Promise<void> => {
    setAsking(false);
    setSaved(false);
    if (store.getState().pointAction.status === 'loading') return;
    await store.getState().takeSnapshot(name || t('ui.point.takenDescription'));
    setSaved(store.getState().pointAction.status === 'ready');
  };
  return (
    <div className="take-snapshot">
      <button
        type="button"
        className="button"
        // Not disabled while saving: focus comes back here from the dialog and must not be lost.
        aria-disabled={busy}
        onClick={() => {
          if (!busy) setAsking(true);
        }}
        data-testid="take-snapshot"
      >
        <Icon name="camera" size={18} />{' '}
        <span>{busy ? t('ui.point.taking') : t('ui.point.take')}</span>
      </button>
      {/* Always there (space reserved), so "Saved" appearing moves nothing. */}
      <p
        role="status"
        className="muted small take-snapshot-status"
        data-testid="take-snapshot-status"
      >
        {saved && (
          <>
            <Icon name="check" size={14} />{' '}
            <span aria-hidden="true">{t('ui.point.savedShort')}</span>
            <span className="sr-only">{t('ui.point.taken')}</span>
          </>
        )}
      </p>
      <Dialog
        title={t('ui.point.nameTitle')}
        open={asking}
        onClose={() => setAsking(false)}
        testId="take-snapshot-dialog"
      >
        <NameForm onClose={() => setAsking(false)} onSave={(name) => void take(name)} />
      </Dialog>
    </div>
  );
}
