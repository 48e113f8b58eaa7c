import { useEffect, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { Busy } from '../../components/Busy';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Icon } from '../../components/Icon';
import { indexAfterKey } from '../../components/list-keys';
import { useKairn, useKairnStore } from '../../store/context';
import { selectHomePath } from '../../store/history-slice';
import { crumbs } from '../../store/paths';

const optionId = (index: number): string => `folder-option-${index}`;

/** "Home › Documents › Recipes": where the chooser is, in the words of the breadcrumb. */
function usePlaceName(path: string | null): string {
  const { t } = useTranslation();
  const home = useKairn(selectHomePath);
  if (!home || !path) return t('ui.browser.home');
  return crumbs(home, path)
    .map((part) => part.name ?? t('ui.browser.home'))
    .join(' › ');
}

/**
 * The in-app folder chooser (the browser host has no dialog of its own): the live folders of
 * the home, one level at a time. Click or Enter opens a folder, Backspace goes up, and
 * "Choose this folder" picks the folder shown.
 */
export function FolderChooser({
  title,
  startAt,
  onChoose,
  onClose,
}: {
  title: string;
  startAt: string;
  onChoose: (path: string) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const store = useKairnStore();
  const list = useKairn((s) => s.pickerFolders);
  const [active, setActive] = useState(0);
  const shown = list.data;
  const place = usePlaceName(shown?.path ?? null);
  useEffect(() => {
    void store.getState().openPickerFolder(startAt);
  }, [store, startAt]);
  const go = (path: string): void => {
    setActive(0);
    void store.getState().openPickerFolder(path);
  };
  const folders = shown?.folders ?? [];
  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>): void => {
    if (event.key === 'Enter' && folders[active]) {
      event.preventDefault();
      go(folders[active].path);
      return;
    }
    if (event.key === 'Backspace' || (event.altKey && event.key === 'ArrowUp')) {
      event.preventDefault();
      if (shown?.parent) go(shown.parent);
      return;
    }
    const next = indexAfterKey(event.key, active, folders.length, 8);
    if (next === null || folders.length === 0) return;
    event.preventDefault();
    setActive(next);
    document.getElementById(optionId(next))?.scrollIntoView({ block: 'nearest' });
  };
  return (
    <Dialog title={title} open onClose={onClose} testId="folder-chooser">
      <div className="folder-chooser">
        <div className="folder-chooser-bar">
          <button
            type="button"
            className="icon-button"
            disabled={!shown?.parent}
            title={t('ui.picker.up')}
            aria-label={t('ui.picker.up')}
            onClick={() => shown?.parent && go(shown.parent)}
            data-testid="folder-chooser-up"
          >
            <Icon name="arrowUp" />
          </button>
          <p className="folder-chooser-place" aria-live="polite" data-testid="folder-chooser-place">
            <Icon name="folder" size={16} /> {place}
          </p>
        </div>
        {list.status === 'loading' && !shown && (
          <Busy label={t('ui.picker.loading')} testId="folder-chooser-loading" />
        )}
        {list.error && <ErrorNotice compact error={list.error} />}
        {shown && folders.length === 0 && (
          <p className="muted folder-chooser-empty" data-testid="folder-chooser-empty">
            {t('ui.picker.empty')}
          </p>
        )}
        {folders.length > 0 && (
          <ul
            className="folder-chooser-list"
            role="listbox"
            tabIndex={0}
            aria-label={t('ui.picker.listLabel', { place })}
            aria-activedescendant={folders[active] ? optionId(active) : undefined}
            onKeyDown={onKeyDown}
            data-testid="folder-chooser-list"
          >
            {folders.map((folder, index) => (
              <li
                key={folder.path}
                id={optionId(index)}
                role="option"
                aria-selected={index === active}
                className={index === active ? 'folder-option active' : 'folder-option'}
                onClick={() => go(folder.path)}
                data-testid="folder-option"
                data-name={folder.name}
              >
                <Icon name="folder" size={16} />
                <span>{folder.name}</span>
                <Icon name="chevronRight" size={14} className="folder-option-open" />
              </li>
            ))}
          </ul>
        )}
        {shown?.truncated && (
          <p className="muted small">{t('ui.picker.truncated', { count: folders.length })}</p>
        )}
        <p className="muted small">{t('ui.picker.hint')}</p>
      </div>
      <div className="dialog-buttons">
        <button type="button" className="button" onClick={onClose}>
          {t('ui.common.cancel')}
        </button>
        <button
          type="button"
          className="button primary"
          disabled={!shown}
          onClick={() => shown && onChoose(shown.path)}
          data-testid="folder-chooser-choose"
        >
          {t('ui.picker.choose')}
        </button>
      </div>
    </Dialog>
  );
}
