import { useTranslation } from 'react-i18next';

import { Busy } from '../../components/Busy';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Icon } from '../../components/Icon';
import { useKairn, useKairnStore } from '../../store/context';
import { shownTotal } from '../../store/folder-slice';
import { selectHomePath } from '../../store/history-slice';
import { dirname } from '../../store/paths';
import { Breadcrumb } from './Breadcrumb';
import { FileList } from './FileList';

/** A folder that cannot be shown at this point: why, and the way out. */
function FolderError() {
  const { t } = useTranslation();
  const store = useKairnStore();
  const folder = useKairn((s) => s.folder);
  const home = useKairn(selectHomePath);
  if (folder.error && folder.total === null) {
    const missing = folder.error.code === 'not-found';
    return (
      <ErrorNotice
        error={folder.error}
        nextStep={missing ? t('ui.browser.folderMissingStep') : undefined}
        action={
          missing && home
            ? { label: t('ui.browser.goHome'), onClick: () => store.getState().openFolder(home) }
            : { label: t('ui.common.tryAgain'), onClick: () => store.getState().reloadFolder() }
        }
      />
    );
  }
  return null;
}

/** Shown inside the list while it has no rows: loading, or empty at this point in time. */
function ListMessage({ total }: { total: number | null }) {
  const { t } = useTranslation();
  if (total === null) return <Busy label={t('ui.browser.loading')} testId="folder-loading" />;
  if (total > 0) return null;
  return (
    <p className="empty" data-testid="folder-empty">
      {t('ui.browser.empty')}
    </p>
  );
}

/** Breadcrumb, an "up" button and the virtualized list of the folder at the chosen point. */
export function FileBrowser() {
  const { t } = useTranslation();
  const store = useKairnStore();
  const path = useKairn((s) => s.folder.path);
  const total = useKairn((s) => shownTotal(s.folder));
  const updating = useKairn((s) => s.folder.total === null && s.folder.previous !== null);
  const home = useKairn(selectHomePath);
  const failed = useKairn((s) => s.folder.error !== null && s.folder.total === null);
  const atHome = home === null || path === home;
  return (
    <section className="browser" aria-label={t('ui.browser.label')}>
      <div className="browser-bar">
        <button
          type="button"
          className="icon-button"
          disabled={atHome}
          title={t('ui.browser.up')}
          aria-label={t('ui.browser.up')}
          onClick={() => store.getState().openFolder(dirname(path))}
          data-testid="folder-up"
        >
          <Icon name="arrowUp" />
        </button>
        <Breadcrumb />
        {updating && <Busy label={t('ui.browser.updating')} />}
      </div>
      <FolderError />
      {/* The list stays mounted while a folder loads, so keyboard focus stays in it. */}
      {!failed && <FileList message={<ListMessage total={total} />} />}
    </section>
  );
}
