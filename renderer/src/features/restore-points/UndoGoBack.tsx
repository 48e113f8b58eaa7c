import { useTranslation } from 'react-i18next';

import { useKairn, useKairnStore } from '../../store/context';

/**
 * The last going back, when it can be undone (null when there is nothing to undo): where it went
 * (`to`), where undo returns (`from`), and why the family cannot return there right now (an
 * image-based rpm-ostree system after a Rollback with three deployments), or null when it can.
 */
export function useUndo(): { from: string; to: string; blocked: string | null } | null {
  // Primitives only: a fresh object per read would make every store change re-render.
  const from = useKairn((s) => s.restorePoints.data?.undo?.from ?? null);
  const to = useKairn((s) => s.restorePoints.data?.undo?.to ?? null);
  const blocked = useKairn(
    (s) => s.restorePoints.data?.points.find((p) => p.id === from)?.goBackBlocked ?? null,
  );
  return from === null || to === null ? null : { from, to, blocked };
}

export function UndoButton() {
  const { t } = useTranslation();
  const store = useKairnStore();
  return (
    <button
      type="button"
      className="button"
      onClick={() => void store.getState().undoGoBack()}
      data-testid="rp-undo"
    >
      {t('ui.restorePoints.undo')}
    </button>
  );
}

/** Why undo is not offered now, and what does it instead (after the restart, the boot menu). */
export function UndoBlocked({ reason, when }: { reason: string; when: string }) {
  const { t } = useTranslation();
  return (
    <p className="muted rp-undo-blocked" data-testid="rp-undo-blocked" data-reason={reason}>
      {t(`ui.restorePoints.undoBlocked.${reason}`, {
        when,
        defaultValue: t('ui.restorePoints.undoBlocked.other'),
      })}
    </p>
  );
}
