import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import type { KairnClient } from '../../../shared/api/client';
import type { ConnectionState } from '../api/ws-transport';
import { initI18n } from '../i18n';
import { createKairnStore } from '../store';
import { StoreProvider } from '../store/context';
import { App } from './App';
import { documentTarget, followDesktopTheme } from './theme';

/** What the first script hands over: the connection it opened and the answers it asked for. */
export interface EarlyStart {
  client: KairnClient;
  kind: 'bridge' | 'websocket';
  /** The connection's state so far, and where its later changes go. */
  connection: {
    latest: () => ConnectionState | null;
    follow: (listener: (state: ConnectionState) => void) => void;
  };
}

/** The app proper: store, languages, theme and the first render, loaded after the connection is open. */
export async function start({ client, kind, connection }: EarlyStart): Promise<void> {
  const store = createKairnStore(client);
  store
    .getState()
    .setConnection(kind === 'bridge' ? 'bridge' : (connection.latest() ?? 'connecting'));
  connection.follow((state) => store.getState().setConnection(state));
  // The status was asked for by the first script; this takes that answer (see early-calls).
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
