import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/** How many TCP connections the browser host keeps open at once. */
export interface ConnectionCaps {
  perAddress: number;
  total: number;
}

/**
 * Far more than one person's tabs need, far fewer than the process's file descriptors. Every
 * local client shares 127.0.0.1, so the per-address cap is what really bounds an attacker.
 */
export const DEFAULT_CAPS: ConnectionCaps = { perAddress: 128, total: 256 };

/**
 * 'waiting': connected, no complete request yet (or idle between keep-alive requests);
 * 'busy': a request is being answered; 'trusted': a WebSocket that showed the token.
 */
type State = 'waiting' | 'busy' | 'trusted';

interface Entry {
  address: string;
  state: State;
}

/** What the upgrade handler tells the limiter. */
export interface ConnectionLimiter {
  /** The socket became an authenticated WebSocket: never evicted for newcomers. */
  trust(socket: Socket): void;
}

/**
 * Caps connections per remote address and in total. When a cap is reached the OLDEST socket
 * still waiting for its request is closed to make room, not the newcomer: slow or silent
 * connections (slowloris) then cannot lock out the person who opens the page next, and the
 * descriptors in use stay bounded. Only if every socket is busy or trusted is the newcomer
 * refused. The server's header/request/idle timeouts close the waiting ones in any case.
 */
export function limitConnections(
  server: Server,
  caps: ConnectionCaps = DEFAULT_CAPS,
): ConnectionLimiter {
  // Map keeps insertion order: the first waiting entry is the oldest.
  const sockets = new Map<Socket, Entry>();
  const perAddress = new Map<string, number>();

  const count = (address: string): number => perAddress.get(address) ?? 0;
  const evictOldest = (address: string | null): boolean => {
    for (const [socket, entry] of sockets) {
      if (entry.state !== 'waiting' || (address !== null && entry.address !== address)) continue;
      forget(socket);
      socket.destroy();
      return true;
    }
    return false;
  };
  const forget = (socket: Socket): void => {
    const entry = sockets.get(socket);
    if (!entry) return;
    sockets.delete(socket);
    perAddress.set(entry.address, count(entry.address) - 1);
    if (count(entry.address) <= 0) perAddress.delete(entry.address);
  };

  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    const roomForAddress = count(address) < caps.perAddress || evictOldest(address);
    const room = roomForAddress && (sockets.size < caps.total || evictOldest(null));
    if (!room) {
      socket.destroy();
      return;
    }
    sockets.set(socket, { address, state: 'waiting' });
    perAddress.set(address, count(address) + 1);
    socket.once('close', () => forget(socket));
  });

  server.on('request', (req, res) => {
    const entry = sockets.get(req.socket);
    if (!entry) return;
    entry.state = 'busy';
    res.once('close', () => {
      if (entry.state === 'busy') entry.state = 'waiting';
    });
  });

  return {
    trust(socket) {
      const entry = sockets.get(socket);
      if (entry) entry.state = 'trusted';
    },
  };
}
