import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { Edition, EditionsInfo } from '../../../../shared/schemas/editions';
import { Busy } from '../../components/Busy';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Icon } from '../../components/Icon';
import { PageHeader } from '../../components/PageHeader';
import { useKairn, useKairnStore } from '../../store/context';
import { EditionCard } from './EditionCard';
import { editionName } from './edition-words';
import { SwitchDialog } from './SwitchDialog';
import { SwitchStatus } from './SwitchStatus';

/** Why switching is not offered here, in plain words, with the technical why behind Details. */
function NotOffered({ info }: { info: EditionsInfo }) {
  const { t, i18n } = useTranslation();
  const key = `reasons.${info.switching.reason ?? ''}`;
  return (
    <div className="notice notice-info" data-testid="editions-not-offered">
      <Icon name="info" size={20} />
      <div className="notice-body">
        <p className="notice-title">
          {info.switching.reason && i18n.exists(key)
            ? t(key)
            : t('reasons.editions-none-published')}
        </p>
        {info.notPublished.length > 0 && (
          <p data-testid="editions-not-published">
            {t('ui.editions.notPublished', { names: info.notPublished.join(', ') })}
          </p>
        )}
        <details className="details">
          <summary>{t('ui.common.details')}</summary>
          <dl className="details-list">
            {Object.entries(info.technical).map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>
                  <code>{v}</code>
                </dd>
              </div>
            ))}
          </dl>
          {info.switching.detail && <code>{info.switching.detail}</code>}
        </details>
      </div>
    </div>
  );
}

/** Journey 4: the editions this system can follow, what each means, switching and back. */
export function EditionsPage() {
  const { t } = useTranslation();
  const store = useKairnStore();
  const editions = useKairn((s) => s.editions);
  const job = useKairn((s) => s.switchJob);
  const starting = useKairn((s) => s.switchStart.status === 'loading');
  const [asking, setAsking] = useState<Edition | null>(null);
  useEffect(() => {
    void store.getState().loadEditions();
  }, [store]);
  const info = editions.data;
  const running = job?.state === 'running' || starting;
  const all = info?.available ?? [];
  const main = all.filter((e) => !e.advanced);
  const advanced = all.filter((e) => e.advanced);
  const nameOf = (id: string): string => {
    const found = all.find((e) => e.id === id);
    return found ? editionName(found) : id;
  };
  const switchBack = info?.switchBack ?? null;
  const switchNow = (id: string, back: boolean): void =>
    void store.getState().switchEdition(id, back);
  const onSwitch = (e: Edition): void => {
    if (e.id === switchBack) switchNow(e.id, true);
    else setAsking(e);
  };
  // After the restart offer is dismissed (or after a restart of Kairn) this still says what is waiting.
  const showNextStart =
    info?.nextStart && info.current && !info.nextStart.inUse && job === null && !starting;
  const card = (e: Edition) => (
    <EditionCard
      key={e.id}
      edition={e}
      busy={running}
      isSwitchBack={e.id === switchBack}
      onSwitch={onSwitch}
    />
  );
  return (
    <div className="page page-editions" data-testid="page-editions">
      <PageHeader title={t('ui.nav.editions')} lead={t('ui.areas.editions.lead')} />
      {editions.error && (
        <ErrorNotice
          error={editions.error}
          action={{
            label: t('ui.common.tryAgain'),
            onClick: () => void store.getState().loadEditions(),
          }}
        />
      )}
      {!info && editions.status === 'loading' && <Busy label={t('ui.editions.loading')} />}
      {info && (
        <>
          {!info.switching.available && <NotOffered info={info} />}
          <SwitchStatus
            nameOf={nameOf}
            switchBack={switchBack}
            onSwitchBack={(id) => switchNow(id, true)}
          />
          {showNextStart && info.nextStart && info.current && (
            <div className="notice notice-info" data-testid="editions-next-start">
              <Icon name="info" size={20} />
              <p>
                {t('ui.editions.nextStartBanner', {
                  name: editionName(info.nextStart),
                  current: editionName(info.current),
                })}
              </p>
            </div>
          )}
          {main.length > 0 && (
            <>
              <h2 className="section-title" id="editions-list-title">
                {info.system
                  ? t('ui.editions.listTitle', { system: info.system })
                  : t('ui.editions.listTitleNoName')}
              </h2>
              <ul
                className="edition-grid"
                aria-labelledby="editions-list-title"
                data-testid="editions-list"
              >
                {main.map(card)}
              </ul>
            </>
          )}
          {advanced.length > 0 && info.switching.available && (
            <details className="details editions-advanced" data-testid="editions-advanced">
              <summary>{t('ui.editions.advancedSummary')}</summary>
              <p className="muted">{t('ui.editions.advancedText')}</p>
              <ul className="edition-grid">{advanced.map(card)}</ul>
            </details>
          )}
        </>
      )}
      <SwitchDialog
        target={asking}
        current={info?.current ?? null}
        onCancel={() => setAsking(null)}
        onConfirm={() => {
          const to = asking?.id;
          setAsking(null);
          if (to !== undefined) switchNow(to, false);
        }}
      />
    </div>
  );
}
