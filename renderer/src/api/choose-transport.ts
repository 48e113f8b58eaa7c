import type { Transport } from '../../../shared/api/wire';
import { wsProtocols } from '../../../shared/api/ws-auth';
import { createBridgeTransport, findBridge } from './bridge-transport';
import { transportFailure } from './failure';
import { takeEarlySocket } from './early-socket';
import { addressWithoutToken, apiUrl, readToken } from './page-token';
import { createWsTransport, type ConnectionState, type SocketLike } from './ws-transport';

export { addressWithoutToken, apiUrl, readToken } from './page-token';

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
    // The first connection is the one early-socket.ts opened before the app's code ran.
    createSocket: (url, protocols) =>
      takeEarlySocket() ?? (new WebSocket(url, [...protocols]) as unknown as SocketLike),
  });
  return { transport, kind: 'websocket' };
}
