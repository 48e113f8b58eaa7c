import { useTranslation } from 'react-i18next';

import { ErrorNotice } from '../../components/ErrorNotice';
import { Icon } from '../../components/Icon';
import { formatBytes, formatCount } from '../../i18n/format';
import { userLocale } from '../../i18n';
import { useKairn, useKairnStore } from '../../store/context';
import { selectHomePath } from '../../store/history-slice';
import { basename, dirname, placeOf } from '../../store/paths';
import type { RestoreJob } from '../../store/restore-slice';

function ShowInFolder({ path }: { path: string }) {
  const { t } = useTranslation();
  const store = useKairnStore();
  const shown = useKairn((s) => s.shownInFolder);
  return (
    <>
      <button
        type="button"
        className="button"
        disabled={shown.status === 'loading'}
        onClick={() => void store.getState().showInFolder(path)}
        data-testid="show-in-folder"
      >
        {t('ui.restore.showInFolder')}
      </button>
      {shown.error &&
        (shown.error.code === 'service-missing' || shown.error.code === 'not-found') && (
          // Not a failure of the restore: the path is right there, so this is a hint, not an alarm.
          <p className="hint small" role="status" data-testid="show-in-folder-hint">
            {t('ui.restore.showInFolderFailed')}
          </p>
        )}
      {shown.error &&
        shown.error.code !== 'service-missing' &&
        shown.error.code !== 'not-found' && <ErrorNotice compact error={shown.error} />}
    </>
  );
}

function UndoButton() {
  const { t } = useTranslation();
  const store = useKairnStore();
  const undo = useKairn((s) => s.undo);
  // Once undone, the confirmation's title says so; the button is no longer needed.
  if (undo.status === 'ready') return null;
  return (
    <>
      <button
        type="button"
        className="button"
        disabled={undo.status === 'loading'}
        onClick={() => void store.getState().undoRestore()}
        data-testid="restore-undo"
      >
        {undo.status === 'loading' ? t('ui.restore.undoing') : t('ui.restore.undo')}
      </button>
      {undo.error && <ErrorNotice compact error={undo.error} />}
    </>
  );
}

/**
 * Where the restored things went, as a place ("in Documents › Recipes") with the restored name;
 * full paths only under Details. Show in folder and, for replace, Undo.
 */
export function RestoreDone({ job }: { job: RestoreJob }) {
  const { t } = useTranslation();
  const store = useKairnStore();
  const home = useKairn(selectHomePath);
  const undone = useKairn((s) => s.undo.status === 'ready');
  const result = job.result;
  const restored = result?.restored ?? [];
  const first = restored[0];
  const place = first ? placeOf(home, dirname(first)) : null;
  const size = result
    ? t('ui.restore.amount', {
        count: result.files,
        formatted: formatCount(result.files, userLocale()),
        size: formatBytes(result.bytes, userLocale()),
      })
    : '';
  return (
    <div
      className="notice notice-success"
      role="status"
      data-testid="restore-confirmation"
      data-mode={job.mode}
    >
      <Icon name="check" size={22} />
      <div className="notice-body">
        <p className="notice-title" data-testid={undone ? 'undo-done' : 'restore-title'}>
          {undone
            ? t('ui.restore.undoneTitle')
            : first
              ? t(`ui.restore.done.${job.mode}`, {
                  name: basename(first),
                  place,
                  ...(place === null ? { context: 'home' } : {}),
                })
              : t('ui.restore.doneNothing')}
        </p>
        {restored.length > 1 && (
          <ul className="restored-names" data-testid="restored-names">
            {restored.slice(1, 5).map((path) => (
              <li key={path}>{basename(path)}</li>
            ))}
            {restored.length > 5 && (
              <li className="muted">{t('ui.restore.more', { count: restored.length - 5 })}</li>
            )}
          </ul>
        )}
        {result && result.keptAside.length > 0 && (
          <p className="muted small" data-testid="kept-aside">
            {t('ui.restore.keptAside')}
          </p>
        )}
        {size && <p className="muted small">{size}</p>}
        <details className="details" data-testid="restore-details">
          <summary>{t('ui.common.details')}</summary>
          <ul className="restored-paths">
            {restored.map((path) => (
              <li key={path}>
                <code data-testid="restore-path">{path}</code>
              </li>
            ))}
          </ul>
          {result && result.keptAside.length > 0 && (
            <>
              <p className="small">{t('ui.restore.keptAsideAt')}</p>
              <ul className="restored-paths">
                {result.keptAside.map((aside) => (
                  <li key={aside.path}>
                    <code data-testid="kept-aside-path">{aside.movedTo}</code>
                  </li>
                ))}
              </ul>
            </>
          )}
        </details>
        <div className="notice-actions">
          {first && <ShowInFolder path={first} />}
          {job.mode === 'replace' && result?.undoId && <UndoButton />}
          <button
            type="button"
            className="button flat"
            onClick={() => store.getState().dismissRestore()}
            data-testid="restore-dismiss"
          >
            {t('ui.common.close')}
          </button>
        </div>
      </div>
    </div>
  );
}
