import { useTranslation } from 'react-i18next';

import { Dialog } from '../../components/Dialog';

interface GoBackDialogProps {
  /** The chosen point's title and date, or null while closed. */
  target: { title: string; when: string } | null;
  onCancel: () => void;
  onConfirm: () => void;
}

/** Asked before going back: what happens, that personal files stay, and what automatic updates will do. */
export function GoBackDialog({ target, onCancel, onConfirm }: GoBackDialogProps) {
  const { t } = useTranslation();
  return (
    <Dialog
      title={t('ui.restorePoints.confirm.title', { when: target?.when ?? '' })}
      open={target !== null}
      onClose={onCancel}
      testId="rp-confirm"
    >
      <div className="rp-confirm-body">
        <p>{t('ui.restorePoints.confirm.what', { title: target?.title ?? '' })}</p>
        <p>
          <strong>{t('ui.restorePoints.confirm.files')}</strong>
        </p>
        <p>{t('ui.restorePoints.confirm.updates')}</p>
        <p className="muted">{t('ui.restorePoints.confirm.undo')}</p>
      </div>
      <div className="dialog-buttons">
        <button type="button" className="button" onClick={onCancel} autoFocus>
          {t('ui.common.cancel')}
        </button>
        <button
          type="button"
          className="button primary"
          onClick={onConfirm}
          data-testid="rp-confirm-go"
        >
          {t('ui.restorePoints.confirm.go')}
        </button>
      </div>
    </Dialog>
  );
}
