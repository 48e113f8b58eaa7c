import { useTranslation } from 'react-i18next';

import { REPLACED_KEEP_DAYS } from '../../../../shared/restore-policy';
import type { SkippedItem } from '../../../../shared/schemas/jobs';
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

const SKIPPED_SHOWN = 20;

/** Items a restore left out (or could not read), each with why, in plain words. */
function SkippedList({ items }: { items: SkippedItem[] }) {
  const { t } = useTranslation();
  return (
    <ul className="restored-paths" data-testid="skipped-list">
      {items.slice(0, SKIPPED_SHOWN).map((item) => (
        <li key={item.path} data-testid="skipped-item" data-why={item.why}>
          <code>{item.path}</code>{' '}
          <span className="muted">({t(`ui.restore.skippedWhy.${item.why}`)})</span>
        </li>
      ))}
      {items.length > SKIPPED_SHOWN && (
        <li className="muted">{t('ui.restore.more', { count: items.length - SKIPPED_SHOWN })}</li>
      )}
    </ul>
  );
}

/** A restore refused because some items cannot be read: which ones, and "Restore the rest". */
export function RestoreUnreadable({ job }: { job: RestoreJob }) {
  const { t } = useTranslation();
  const store = useKairnStore();
  return (
    <div className="notice notice-error" role="alert" data-testid="restore-unreadable">
      <Icon name="warning" size={22} />
      <div className="notice-body">
        <p className="notice-title" data-focus-target data-testid="restore-unreadable-title">
          {t('reasons.some-unreadable', { count: job.unreadable.length })}
        </p>
        <p className="small">{t('ui.restore.unreadableTitle')}</p>
        <SkippedList items={job.unreadable} />
        <div className="notice-actions">
          <button
            type="button"
            className="button"
            onClick={() => void store.getState().restoreRest()}
            data-testid="restore-rest"
          >
            {t('ui.restore.restoreRest')}
          </button>
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
        <h2
          className="notice-title"
          tabIndex={-1}
          data-focus-target
          data-testid={undone ? 'undo-done' : 'restore-title'}
        >
          {undone
            ? t('ui.restore.undoneTitle')
            : first && restored.length > 1
              ? t(`ui.restore.doneMany.${job.mode}`, {
                  count: restored.length,
                  place,
                  ...(place === null ? { context: 'home' } : {}),
                })
              : first
                ? t(`ui.restore.done.${job.mode}`, {
                    name: basename(first),
                    place,
                    ...(place === null ? { context: 'home' } : {}),
                  })
                : t('ui.restore.doneNothing')}
        </h2>
        {restored.length > 1 && (
          <ul className="restored-names" data-testid="restored-names">
            {restored.slice(0, 5).map((path) => (
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
        {job.mode === 'replace' && result?.undoId && !undone && (
          <p className="muted small" data-testid="kept-for">
            {t('ui.restore.keptFor', { days: REPLACED_KEEP_DAYS })}
          </p>
        )}
        {result && result.skipped.length > 0 && (
          <div data-testid="restore-skipped">
            <p className="small">
              {t('ui.restore.skippedTitle', { count: result.skipped.length })}
            </p>
            <SkippedList items={result.skipped} />
          </div>
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
