import { wsProtocols } from '../../../shared/api/ws-auth';
import { findBridge } from './bridge-transport';
import type { SocketLike } from './ws-transport';
import { apiUrl, readToken } from './page-token';

/*
 * Imported first by main.tsx, before zod and the wire schemas are even evaluated: the browser
 * host's WebSocket handshake then runs while the rest of the first script is parsed and run
 * (issue 11: the hub within 500 ms). Nothing is sent here; the transport adopts this socket
 * in the same task, so no event of it can be missed.
 */
function open(): WebSocket | null {
  // Not a page (unit tests import the transport in Node): nothing to open.
  if (typeof window === 'undefined' || findBridge(window)) return null;
  let storage: Storage | null = null;
  try {
    storage = window.sessionStorage;
  } catch {
    storage = null;
  }
  const token = readToken(window.location.search, storage);
  if (!token) return null;
  try {
    return new WebSocket(apiUrl(window.location), wsProtocols(token));
  } catch {
    return null; // The transport opens its own, and retries as usual.
  }
}

let early: WebSocket | null = open();

/** The socket opened at start, once (a reconnect opens a new one). */
export function takeEarlySocket(): SocketLike | null {
  const socket = early;
  early = null;
  return socket as unknown as SocketLike | null;
}
