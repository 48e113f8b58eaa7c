// Must stay the first import: it configures zod before any schema module runs.
import './zod-jitless';

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { createClient } from '../../shared/api/client';
import { chooseTransport } from './api/choose-transport';
import { App } from './app/App';
import { initI18n } from './i18n';
import { createKairnStore, type KairnStore } from './store';
import { StoreProvider } from './store/context';
import './styles/base.css';
import './styles/widgets.css';
import './styles/layout.css';
import './styles/timeline.css';
import './styles/file-list.css';
import './styles/item-panel.css';
import './styles/recover.css';
import './styles/folder-chooser.css';
import './styles/restart.css';

async function start(): Promise<void> {
  await initI18n(navigator.languages.length > 0 ? navigator.languages : [navigator.language]);
  let store: KairnStore | null = null;
  const { transport, kind } = chooseTransport((state) => store?.getState().setConnection(state));
  store = createKairnStore(createClient(transport));
  store.getState().setConnection(kind === 'bridge' ? 'bridge' : 'connecting');
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
