import { useTranslation } from 'react-i18next';

import type { Edition } from '../../../../shared/schemas/editions';
import { editionName } from './edition-words';

interface EditionCardProps {
  edition: Edition;
  /** A switch is running: the button stays (focus is not lost) but does nothing. */
  busy: boolean;
  /** The edition in use, when this card switches back to it. */
  isSwitchBack: boolean;
  onSwitch: (edition: Edition) => void;
}

/** One edition: its name, how often it updates, how risky it is, its marks, one button. */
export function EditionCard({ edition, busy, isSwitchBack, onSwitch }: EditionCardProps) {
  const { t } = useTranslation();
  const name = editionName(edition);
  const titleId = `edition-title-${edition.id}`;
  return (
    <li
      className={`card edition-card risk-${edition.risk}`}
      data-testid="edition-card"
      data-edition={edition.id}
      aria-labelledby={titleId}
    >
      <h3 id={titleId} className="edition-name">
        {name}
      </h3>
      <p className="edition-cadence">{t(`ui.editions.cadence.${edition.cadence}`)}</p>
      {edition.kind !== 'dated' && (
        <p className="edition-risk">
          <span className={`risk-dot risk-dot-${edition.risk}`} aria-hidden="true" />
          {t(`ui.editions.risk.${edition.risk}`)}
        </p>
      )}
      <p className="rp-marks">
        {edition.inUse && (
          <span className="badge badge-running" data-testid="edition-in-use">
            {t('ui.editions.inUse')}
          </span>
        )}
        {edition.usedAtNextStart && !edition.inUse && (
          <span className="badge badge-next" data-testid="edition-next-start">
            {t('ui.editions.usedAtNextStart')}
          </span>
        )}
        {edition.major && <span className="badge">{t('ui.editions.majorUpgrade')}</span>}
      </p>
      {edition.canSwitch && (
        <button
          type="button"
          className="button"
          aria-disabled={busy}
          onClick={() => {
            if (!busy) onSwitch(edition);
          }}
          data-testid="edition-switch"
        >
          {isSwitchBack
            ? t('ui.editions.switchBack', { name })
            : edition.kind === 'dated'
              ? t('ui.editions.useBuild')
              : t('ui.editions.switchTo', { name })}
        </button>
      )}
    </li>
  );
}
