import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

import { Busy } from '../../components/Busy';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PageHeader } from '../../components/PageHeader';
import { useKairn, useKairnStore } from '../../store/context';
import { ChangesView } from './ChangesView';
import { DetailsStepProvider } from './details-step';
import { FileBrowser } from './FileBrowser';
import { HistoryFacts } from './HistoryFacts';
import { HistoryProblem } from './HistoryProblem';
import { ItemPanel } from './ItemPanel';
import { PointBar } from './PointBar';
import { RestoreStatus } from './RestoreStatus';
import { SearchBar } from './SearchBar';
import { SearchResults } from './SearchResults';
import { Timeline } from './Timeline';
import { useOpenRequest } from './use-open-request';
// Loaded with this area (see lazy.tsx), after the shell's base styles.
import '../../styles/timeline.css';
import '../../styles/file-list.css';
import '../../styles/item-panel.css';
import '../../styles/recover.css';
import '../../styles/folder-chooser.css';

function Workspace() {
  const view = useKairn((s) => s.view);
  return (
    <div className="recover" data-testid="recover-workspace">
      <div className="recover-grid">
        <Timeline />
        <div className="recover-center">
          {view === 'search' ? (
            <SearchResults />
          ) : (
            <>
              <PointBar />
              {view === 'changes' ? <ChangesView /> : <FileBrowser />}
            </>
          )}
        </div>
        <ItemPanel />
      </div>
      <RestoreStatus />
    </div>
  );
}

/** Recover files (Journey 1): the home folder as it was at any point in time, with restore that never overwrites. */
export function RecoverFilesPage() {
  const { t } = useTranslation();
  const store = useKairnStore();
  const home = useKairn((s) => s.home);
  const usable = home.data !== null && home.data.problem === null && home.data.config !== null;
  useOpenRequest();
  useEffect(() => {
    if (store.getState().home.status === 'idle') void store.getState().loadHome();
  }, [store]);
  return (
    <div className="page page-recover" data-testid="page-recover">
      <PageHeader title={t('ui.nav.recover')} lead={t('ui.recover.lead')}>
        {usable && <SearchBar />}
      </PageHeader>
      {home.status === 'loading' && !home.data && (
        <Busy label={t('ui.recover.loading')} testId="recover-loading" />
      )}
      {home.error && (
        <ErrorNotice
          error={home.error}
          action={{
            label: t('ui.common.tryAgain'),
            onClick: () => void store.getState().loadHome(),
          }}
        />
      )}
      {usable && <HistoryFacts />}
      {home.data && !usable && <HistoryProblem home={home.data} />}
      {usable && (
        <DetailsStepProvider>
          <Workspace />
        </DetailsStepProvider>
      )}
    </div>
  );
}
