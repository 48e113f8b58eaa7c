import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { Dialog } from '../../components/Dialog';
import { Icon } from '../../components/Icon';
import { useKairn, useKairnStore } from '../../store/context';
import { selectHomePath } from '../../store/history-slice';
import { FolderChooser } from './FolderChooser';
import { useCopyLabel } from './use-point-label';

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

/**
 * Restore (keep both, the default), Replace (confirmed, undoable; one item only) and Restore to…
 * for the selected item, or for several items at once (`paths`). Restore to… asks the host's own
 * folder dialog where there is one (Electron), else shows the in-app folder chooser.
 */
export function RestoreActions({
  name,
  when,
  paths,
}: {
  name: string;
  when: string;
  /** Several items restored together as one job; without it, the selected item. */
  paths?: string[];
}) {
  const { t } = useTranslation();
  const store = useKairnStore();
  const point = useKairn((s) => s.point);
  const home = useKairn(selectHomePath) ?? '/';
  const running = useKairn(
    (s) => s.restoreStart.status === 'loading' || s.restoreJob?.state === 'running',
  );
  const [dialog, setDialog] = useState<'replace' | 'chooser' | null>(null);
  const [asking, setAsking] = useState(false);
  const several = paths !== undefined && paths.length > 1;
  const label = useCopyLabel();
  const request = paths ? { paths, label } : { label };
  const restoreInto = (dest: string): void => {
    setDialog(null);
    void store.getState().startRestore({ mode: 'to', dest, ...request });
  };
  const chooseFolder = async (): Promise<void> => {
    setAsking(true);
    try {
      const outcome = await store.getState().chooseFolderNatively(t('ui.picker.title'), home);
      if (outcome.outcome === 'chosen') restoreInto(outcome.path);
      else if (outcome.outcome === 'unavailable') setDialog('chooser');
    } finally {
      setAsking(false);
    }
  };
  if (point === 0) {
    return (
      <p className="hint" data-testid="restore-hint">
        <Icon name="info" size={16} />{' '}
        {t(several ? 'ui.selection.pickPoint' : 'ui.restore.pickPoint')}
      </p>
    );
  }
  return (
    <div className="restore-actions">
      <button
        type="button"
        className="button primary"
        disabled={running}
        onClick={() => void store.getState().startRestore({ mode: 'keep-both', ...request })}
        data-testid="restore-keep-both"
      >
        {several ? t('ui.selection.restore', { count: paths.length }) : t('ui.restore.keepBoth')}
      </button>
      {!several && (
        <button
          type="button"
          className="button"
          disabled={running}
          onClick={() => setDialog('replace')}
          data-testid="restore-replace"
        >
          {t('ui.restore.replace')}
        </button>
      )}
      <button
        type="button"
        className="button"
        disabled={running || asking}
        onClick={() => void chooseFolder()}
        data-testid="restore-to"
      >
        {t('ui.restore.to')}
      </button>
      <p className="muted small restore-explain">{t('ui.restore.keepBothExplain')}</p>
      {!several && (
        <ReplaceDialog
          open={dialog === 'replace'}
          onClose={() => setDialog(null)}
          name={name}
          when={when}
        />
      )}
      {dialog === 'chooser' && (
        <FolderChooser
          title={t('ui.picker.title')}
          startAt={home}
          onChoose={restoreInto}
          onClose={() => setDialog(null)}
        />
      )}
    </div>
  );
}
