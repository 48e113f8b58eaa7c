import { useTranslation } from 'react-i18next';

import { useKairn, useKairnStore } from '../../store/context';

/** "Show hidden files": dot folders such as .config stay out of sight unless asked for, as in Dolphin. */
export function ShowHiddenSwitch() {
  const { t } = useTranslation();
  const store = useKairnStore();
  const showHidden = useKairn((s) => s.showHidden);
  return (
    <label className="switch small" data-testid="show-hidden">
      <input
        type="checkbox"
        role="switch"
        checked={showHidden}
        onChange={(event) => store.getState().setShowHidden(event.target.checked)}
      />
      <span>{t('ui.browser.showHidden')}</span>
    </label>
  );
}
