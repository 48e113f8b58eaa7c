import type { Transport } from '../../../shared/api/wire';
import { createBridgeTransport, findBridge } from './bridge-transport';
import { transportFailure } from './failure';
import { createWsTransport, type ConnectionState } from './ws-transport';

const TOKEN_KEY = 'kairn.token';

/** The browser host's access token: from `?token=` (remembered for reloads) or from this tab's session. */
export function readToken(
  search: string,
  storage: Pick<Storage, 'getItem' | 'setItem'> | null,
): string | null {
  const fromUrl = new URLSearchParams(search).get('token');
  if (fromUrl) {
    try {
      storage?.setItem(TOKEN_KEY, fromUrl);
    } catch {
      // Storage can be disabled; the token from the URL still works for this page.
    }
    return fromUrl;
  }
  try {
    return storage?.getItem(TOKEN_KEY) ?? null;
  } catch {
    return null;
  }
}

/** WebSocket URL of the browser host's API endpoint for this page. */
export function apiUrl(location: Pick<Location, 'protocol' | 'host'>, token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/api?token=${encodeURIComponent(token)}`;
}

/** A transport whose every call fails: the page was opened without its access key. */
function tokenlessTransport(): Transport {
  return {
    invoke: () =>
      Promise.resolve(transportFailure('missing-token', 'no ?token= in the page address')),
    subscribe: () => () => {},
  };
}

export interface ChosenTransport {
  transport: Transport;
  kind: 'bridge' | 'websocket';
}

/** Electron preload bridge when present, else the browser host's WebSocket. */
export function chooseTransport(
  onConnectionChange: (state: ConnectionState) => void,
): ChosenTransport {
  const bridge = findBridge(window);
  if (bridge) return { transport: createBridgeTransport(bridge), kind: 'bridge' };
  let storage: Storage | null = null;
  try {
    storage = window.sessionStorage;
  } catch {
    storage = null;
  }
  const token = readToken(window.location.search, storage);
  if (!token) return { transport: tokenlessTransport(), kind: 'websocket' };
  const transport = createWsTransport({ url: apiUrl(window.location, token), onConnectionChange });
  return { transport, kind: 'websocket' };
}
