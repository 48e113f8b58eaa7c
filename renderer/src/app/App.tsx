import { useEffect, useRef, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { EditionsPage } from '../features/editions/EditionsPage';
import { HelpPage } from '../features/help/HelpPage';
import { HubPage } from '../features/hub/HubPage';
import { LazyRecoverFilesPage } from '../features/recover-files/lazy';
import { RestorePointsPage } from '../features/restore-points/RestorePointsPage';
import { UpdatesPage } from '../features/updates/UpdatesPage';
import { useKairn, useKairnStore } from '../store/context';
import { ConnectionBanner } from './ConnectionBanner';
import type { RouteId } from './routes';
import { Sidebar } from './Sidebar';
import { useHashRoute } from './use-hash-route';

function Page({ route }: { route: RouteId }) {
  switch (route) {
    case 'home':
      return <HubPage />;
    case 'recover':
      return <LazyRecoverFilesPage />;
    case 'help':
      return <HelpPage />;
    case 'restore-points':
      return <RestorePointsPage />;
    case 'updates':
      return <UpdatesPage />;
    case 'editions':
      return <EditionsPage />;
  }
}

/**
 * After each navigation (not on first load) focus goes where the page says to start
 * (data-initial-focus, e.g. Recover files' timeline), else to its heading.
 */
function useFocusHeadingOnNavigation(route: RouteId): void {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const target =
      document.querySelector<HTMLElement>('#main [data-initial-focus]') ??
      document.querySelector<HTMLElement>('#main h1') ??
      // An area still loading its code: hold focus in the content; it moves on once loaded.
      document.getElementById('main');
    target?.focus({ preventScroll: true });
  }, [route]);
}

/** Tells tests (and anyone waiting) that the first status answer is in. */
function useReadyMarker(): void {
  const status = useKairn((s) => s.status.status);
  useEffect(() => {
    if (status === 'ready' || status === 'error') document.body.dataset.kairnReady = 'true';
  }, [status]);
}

/** The shell: skip link, area navigation, the current page. */
export function App() {
  const { t } = useTranslation();
  const route = useHashRoute();
  const store = useKairnStore();
  useEffect(() => {
    // main.tsx usually asked already (before the first render); its outcome lands in the store.
    if (store.getState().status.status === 'idle') void store.getState().loadStatus();
  }, [store]);
  useReadyMarker();
  useFocusHeadingOnNavigation(route);
  const skipToContent = (event: MouseEvent) => {
    // A plain #main link would change the route, so focus the content directly.
    event.preventDefault();
    document.getElementById('main')?.focus();
  };
  return (
    <div className="app">
      <a className="skip-link" href="#main" onClick={skipToContent}>
        {t('ui.nav.skip')}
      </a>
      <Sidebar current={route} />
      <main id="main" className="main" tabIndex={-1}>
        <ConnectionBanner />
        <Page route={route} />
      </main>
    </div>
  );
}
