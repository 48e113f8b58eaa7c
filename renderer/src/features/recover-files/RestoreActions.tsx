import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { Dialog } from '../../components/Dialog';
import { Icon } from '../../components/Icon';
import { useKairn, useKairnStore } from '../../store/context';
import { selectHomePath } from '../../store/history-slice';
import { useCopyLabel } from './use-point-label';

function RestoreToDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const store = useKairnStore();
  const label = useCopyLabel();
  const home = useKairn(selectHomePath) ?? '/';
  const [dest, setDest] = useState(home);
  const valid = dest.trim().startsWith('/');
  const submit = (event: SyntheticEvent): void => {
    event.preventDefault();
    if (!valid) return;
    onClose();
    void store.getState().startRestore({ mode: 'to', dest: dest.trim(), label });
  };
  return (
    <Dialog
      title={t('ui.restore.toTitle')}
      open={open}
      onClose={onClose}
      testId="restore-to-dialog"
    >
      <form onSubmit={submit}>
        <label className="field">
          <span>{t('ui.restore.toLabel')}</span>
          <input
            type="text"
            value={dest}
            onChange={(e) => setDest(e.target.value)}
            spellCheck={false}
            autoFocus
            aria-invalid={!valid}
            aria-describedby="restore-to-hint"
            data-testid="restore-to-path"
          />
        </label>
        <p id="restore-to-hint" className="muted small">
          {valid ? t('ui.restore.toHint') : t('ui.restore.toInvalid')}
        </p>
        <div className="dialog-buttons">
          <button type="button" className="button" onClick={onClose}>
            {t('ui.common.cancel')}
          </button>
          <button
            type="submit"
            className="button primary"
            disabled={!valid}
            data-testid="restore-to-confirm"
          >
            {t('ui.restore.toConfirm')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function ReplaceDialog({
  open,
  onClose,
  name,
  when,
}: {
  open: boolean;
  onClose: () => void;
  name: string;
  when: string;
}) {
  const { t } = useTranslation();
  const store = useKairnStore();
  // Only used should the name be taken meanwhile (the current file is set aside first).
  const label = useCopyLabel();
  const confirm = (): void => {
    onClose();
    void store.getState().startRestore({ mode: 'replace', label });
  };
  return (
    <Dialog
      title={t('ui.restore.replaceTitle', { name })}
      open={open}
      onClose={onClose}
      testId="replace-dialog"
    >
      <p>{t('ui.restore.replaceText', { name, when })}</p>
      <p className="muted">{t('ui.restore.replaceSafe')}</p>
      <div className="dialog-buttons">
        <button type="button" className="button" onClick={onClose} autoFocus>
          {t('ui.common.cancel')}
        </button>
        <button
          type="button"
          className="button primary"
          onClick={confirm}
          data-testid="replace-confirm"
        >
          {t('ui.restore.replaceConfirm')}
        </button>
      </div>
    </Dialog>
  );
}

/** Restore (keep both, the default), Replace (confirmed, undoable) and Restore to… for the selected item. */
export function RestoreActions({ name, when }: { name: string; when: string }) {
  const { t } = useTranslation();
  const store = useKairnStore();
  const point = useKairn((s) => s.point);
  const running = useKairn(
    (s) => s.restoreStart.status === 'loading' || s.restoreJob?.state === 'running',
  );
  const [dialog, setDialog] = useState<'replace' | 'to' | null>(null);
  const label = useCopyLabel();
  if (point === 0) {
    return (
      <p className="hint" data-testid="restore-hint">
        <Icon name="info" size={16} /> {t('ui.restore.pickPoint')}
      </p>
    );
  }
  return (
    <div className="restore-actions">
      <button
        type="button"
        className="button primary"
        disabled={running}
        onClick={() => void store.getState().startRestore({ mode: 'keep-both', label })}
        data-testid="restore-keep-both"
      >
        {t('ui.restore.keepBoth')}
      </button>
      <button
        type="button"
        className="button"
        disabled={running}
        onClick={() => setDialog('replace')}
        data-testid="restore-replace"
      >
        {t('ui.restore.replace')}
      </button>
      <button
        type="button"
        className="button"
        disabled={running}
        onClick={() => setDialog('to')}
        data-testid="restore-to"
      >
        {t('ui.restore.to')}
      </button>
      <p className="muted small restore-explain">{t('ui.restore.keepBothExplain')}</p>
      <ReplaceDialog
        open={dialog === 'replace'}
        onClose={() => setDialog(null)}
        name={name}
        when={when}
      />
      {dialog === 'to' && <RestoreToDialog open onClose={() => setDialog(null)} />}
    </div>
  );
}
