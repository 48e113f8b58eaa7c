// Must stay the first import: it configures zod before any schema module runs.
import './zod-jitless';

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { createClient } from '../../shared/api/client';
import { chooseTransport } from './api/choose-transport';
import { App } from './app/App';
import { documentTarget, followDesktopTheme } from './app/theme';
import { initI18n } from './i18n';
import { createKairnStore, type KairnStore } from './store';
import { StoreProvider } from './store/context';
import './styles/base.css';
import './styles/widgets.css';
import './styles/layout.css';
import './styles/restore-points.css';
import './styles/restart.css';
import './styles/help.css';

async function start(): Promise<void> {
  let store: KairnStore | null = null;
  const { transport, kind } = chooseTransport((state) => store?.getState().setConnection(state));
  const client = createClient(transport);
  store = createKairnStore(client);
  store.getState().setConnection(kind === 'bridge' ? 'bridge' : 'connecting');
  // Ask for the status first, so the connection and the answer overlap with setting up the
  // languages and the first render (the hub shows it as soon as it is in).
  void store.getState().loadStatus();
  followDesktopTheme(client, documentTarget());
  await initI18n(navigator.languages.length > 0 ? navigator.languages : [navigator.language]);
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root');
  createRoot(root).render(
    <StrictMode>
      <StoreProvider store={store}>
        <App />
      </StoreProvider>
    </StrictMode>,
  );
}

void start();
