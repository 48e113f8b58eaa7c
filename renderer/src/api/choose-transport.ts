import type { Transport } from '../../../shared/api/wire';
import { wsProtocols } from '../../../shared/api/ws-auth';
import { createBridgeTransport, findBridge } from './bridge-transport';
import { transportFailure } from './failure';
import { createWsTransport, type ConnectionState } from './ws-transport';

const TOKEN_KEY = 'kairn.token';

/**
 * The browser host's access token: from `?token=` (remembered for reloads) or from this tab's
 * session. sessionStorage is per origin, so per port, unlike a cookie (see electron/server).
 */
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

/** WebSocket URL of the browser host's API endpoint for this page (the token goes in a header). */
export function apiUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/api`;
}

/** This page's address without `?token=`, or null when it had none (then nothing to replace). */
export function addressWithoutToken(href: string): string | null {
  const url = new URL(href);
  if (!url.searchParams.has('token')) return null;
  url.searchParams.delete('token');
  return `${url.pathname}${url.search}${url.hash}`;
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
  // Read once: the token leaves the address bar (and the history entry), so it is not shown,
  // bookmarked or shared by copying the address; reloads find it in this tab's session.
  const cleaned = addressWithoutToken(window.location.href);
  if (cleaned !== null) window.history.replaceState(window.history.state, '', cleaned);
  if (!token) return { transport: tokenlessTransport(), kind: 'websocket' };
  const transport = createWsTransport({
    url: apiUrl(window.location),
    protocols: wsProtocols(token),
    onConnectionChange,
  });
  return { transport, kind: 'websocket' };
}
