import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

import type { Edition } from '../../../../shared/schemas/editions';
import { Busy } from '../../components/Busy';
import { Dialog } from '../../components/Dialog';
import { userLocale } from '../../i18n';
import { formatBytes } from '../../i18n/format';
import { useKairn, useKairnStore } from '../../store/context';
import { editionName } from './edition-words';

interface SwitchDialogProps {
  target: Edition | null;
  /** The edition running now, to say that switching back is possible. */
  current: Edition | null;
  onCancel: () => void;
  onConfirm: () => void;
}

/** Asked before switching: what happens, what changes, that personal files stay, the way back. */
export function SwitchDialog({ target, current, onCancel, onConfirm }: SwitchDialogProps) {
  const { t, i18n } = useTranslation();
  const store = useKairnStore();
  const id = target?.id ?? null;
  const preview = useKairn((s) => (id === null ? undefined : s.editionPreview[id]));
  useEffect(() => {
    if (id !== null) void store.getState().loadEditionPreview(id);
  }, [id, store]);
  const name = target ? editionName(target) : '';
  const data = preview?.data;
  const packages = data?.packages ?? null;
  const count = packages
    ? packages.added.length + packages.updated.length + packages.removed.length
    : 0;
  const why = data?.packagesWhy ?? null;
  return (
    <Dialog
      title={t('ui.editions.confirm.title', { name })}
      open={target !== null}
      onClose={onCancel}
      testId="edition-confirm"
    >
      <div className="rp-confirm-body">
        <p>{t('ui.editions.confirm.what', { name })}</p>
        {target?.major && <p>{t('ui.editions.confirm.major')}</p>}
        {target?.kind === 'dated' && <p>{t('ui.editions.advancedText')}</p>}
        <p>
          <strong>{t('ui.editions.confirm.files')}</strong>
        </p>
        {!data && preview?.status !== 'error' && <Busy label={t('ui.editions.confirm.checking')} />}
        {data && packages && (
          <div data-testid="edition-changes">
            <p>
              {count === 0
                ? t('ui.editions.confirm.noChanges')
                : t('ui.editions.confirm.changes', { count })}
            </p>
            {count > 0 && (
              <details className="details">
                <summary>{t('ui.editions.confirm.changesList')}</summary>
                {(['updated', 'added', 'removed'] as const).map((kind) =>
                  packages[kind].length === 0 ? null : (
                    <div key={kind}>
                      <p className="edition-change-kind">{t(`ui.editions.confirm.${kind}`)}</p>
                      <ul className="edition-change-list">
                        {packages[kind].map((p) => (
                          <li key={p}>
                            <code>{p}</code>
                          </li>
                        ))}
                      </ul>
                    </div>
                  ),
                )}
              </details>
            )}
          </div>
        )}
        {data && !packages && why !== null && (
          <p className="muted" data-testid="edition-changes-unknown">
            {i18n.exists(`reasons.${why}`)
              ? t(`reasons.${why}`)
              : t('reasons.edition-diff-unknown')}
          </p>
        )}
        {data && (
          <p className="muted">
            {data.downloadBytes === null
              ? t('ui.editions.confirm.downloadUnknown')
              : t('ui.editions.confirm.download', {
                  size: formatBytes(data.downloadBytes, userLocale()),
                })}
          </p>
        )}
        {current && current.id !== target?.id && (
          <p className="muted">
            {t('ui.editions.confirm.back', { current: editionName(current) })}
          </p>
        )}
      </div>
      <div className="dialog-buttons">
        <button type="button" className="button" onClick={onCancel} autoFocus>
          {t('ui.common.cancel')}
        </button>
        <button
          type="button"
          className="button primary"
          onClick={onConfirm}
          data-testid="edition-confirm-go"
        >
          {t('ui.editions.confirm.go')}
        </button>
      </div>
    </Dialog>
  );
}
