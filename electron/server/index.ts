import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';

import { WebSocketServer, type WebSocket } from 'ws';

import { MAX_FRAME_BYTES } from '../../shared/api/wire';
import { WS_PROTOCOL, wsTokenFrom } from '../../shared/api/ws-auth';
import type { Core } from '../core/compose';
import { limitConnections, type ConnectionLimiter } from './connection-limits';
import { isAllowedHost, isAllowedOrigin, requestPath, singleHost, tokensEqual } from './guards';
import { sendText, serveStatic } from './static-files';
import { prefetchStatus } from './status-prefetch';
import { broadcastEvents, serveClient } from './ws-host';

/** Loopback only: the browser host is never reachable from another machine (use an SSH tunnel). */
export const LISTEN_HOST = '127.0.0.1';
/** Path of the WebSocket endpoint. */
export const API_PATH = '/api';

/*
 * Who gets what (the token is never a cookie: cookies are not per port, so every other server
 * on 127.0.0.1 would receive it, and with it any client could open the API):
 * - Static files (the built renderer) carry no secret. They are served to any request with one
 *   valid Host header (DNS rebinding), without a token.
 * - The token reaches the page only in the address `kairn serve` prints (?token=). The renderer
 *   reads it once, keeps it in this tab's sessionStorage (per origin, so per port) and removes
 *   it from the address bar (history.replaceState). Referrer-Policy: no-referrer keeps it out
 *   of Referer headers.
 * - The WebSocket (the only way to the API) needs the token explicitly in every upgrade, in
 *   Sec-WebSocket-Protocol (shared/api/ws-auth.ts), compared in constant time, plus one valid
 *   Host and, when present, our own Origin (no Origin = a script or test, still with the token).
 * - Slow or silent connections are timed out and capped (connection-limits.ts).
 */

/** Headers must arrive within this time (slowloris); the checker runs every second. */
const HEADERS_TIMEOUT_MS = 5_000;
const REQUEST_TIMEOUT_MS = 15_000;
const KEEP_ALIVE_TIMEOUT_MS = 5_000;
/** A socket with no traffic at all is closed after this (WebSockets are exempt: ws clears it). */
const IDLE_SOCKET_TIMEOUT_MS = 15_000;
const CONNECTIONS_CHECK_MS = 1_000;
/** Open WebSockets at most (one per tab; far above what one person opens). */
const MAX_CLIENTS = 32;

/** What the browser host serves and with which core. */
export interface ServerOptions {
  core: Pick<Core, 'dispatch' | 'events'>;
  /** The built renderer (out/renderer). */
  root: string;
  /** 0 picks a free port. */
  port?: number;
  log?: (line: string) => void;
}

/** A listening browser host. */
export interface RunningServer {
  /** The address to open, token included. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

function refuseUpgrade(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** Why an HTTP request is refused (status and text), or null: one allowed Host, GET/HEAD, a plain path. */
function httpRefusal(req: IncomingMessage, port: number): [number, string] | null {
  const host = singleHost(req.rawHeaders);
  if (host === null) return [400, 'Bad request: exactly one Host header is required.'];
  if (!isAllowedHost(host, port)) return [403, 'Forbidden.'];
  if (req.method !== 'GET' && req.method !== 'HEAD') return [405, 'Method not allowed.'];
  if (requestPath(req.url) === null) return [400, 'Bad request.'];
  return null;
}

/** Every HTTP request: refused as above (DNS rebinding first), else a file of the renderer. */
async function handleHttp(
  req: IncomingMessage,
  res: ServerResponse,
  root: string,
  port: number,
  pageRequested: () => void,
): Promise<void> {
  const refusal = httpRefusal(req, port);
  if (refusal !== null) {
    sendText(res, refusal[0], refusal[1], refusal[0] === 405 ? { Allow: 'GET, HEAD' } : {});
    return;
  }
  const path = requestPath(req.url) ?? '/';
  // The page itself (not its scripts): its first question, the status, can start now.
  if (req.method === 'GET' && (path === '/' || path === '/index.html')) pageRequested();
  await serveStatic(req, res, root, path, {});
}

interface UpgradeContext {
  wss: WebSocketServer;
  limiter: ConnectionLimiter;
  token: string;
  port: number;
}

/** Why a WebSocket upgrade is refused (HTTP status line), or null when it may open. */
function upgradeRefusal(ctx: UpgradeContext, req: IncomingMessage): string | null {
  const host = singleHost(req.rawHeaders);
  if (host === null) return '400 Bad Request';
  if (!isAllowedHost(host, ctx.port) || !isAllowedOrigin(req.headers.origin, ctx.port))
    return '403 Forbidden';
  if (requestPath(req.url) !== API_PATH) return '404 Not Found';
  const given = wsTokenFrom(req.headers['sec-websocket-protocol']);
  if (!tokensEqual(given, ctx.token)) return '401 Unauthorized';
  if (ctx.wss.clients.size >= MAX_CLIENTS) return '503 Service Unavailable';
  return null;
}

function handleUpgrade(
  ctx: UpgradeContext,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
): void {
  const refusal = upgradeRefusal(ctx, req);
  if (refusal !== null) {
    refuseUpgrade(socket, refusal);
    return;
  }
  ctx.wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
    ctx.limiter.trust(req.socket);
    ctx.wss.emit('connection', ws, req);
  });
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LISTEN_HOST, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * The browser host: the built renderer over HTTP and the Kairn API over one WebSocket,
 * on 127.0.0.1 only, behind a fresh random token, Host and Origin checks.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const log = options.log ?? (() => {});
  const token = randomBytes(24).toString('base64url');
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    perMessageDeflate: false,
    // The token protocol is only read, never echoed: the server answers with the API version.
    handleProtocols: (offered: Set<string>) => (offered.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });
  let port = 0;
  const prefetch = prefetchStatus(options.core.dispatch);
  const server = createServer({ connectionsCheckingInterval: CONNECTIONS_CHECK_MS }, (req, res) => {
    handleHttp(req, res, options.root, port, prefetch.pageRequested).catch((err: unknown) => {
      log(`http: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) sendText(res, 500, 'Internal error.');
      else res.destroy();
    });
  });
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.setTimeout(IDLE_SOCKET_TIMEOUT_MS, (socket: Socket) => socket.destroy());
  const limiter = limitConnections(server);
  const ctx: UpgradeContext = { wss, limiter, token, port: 0 };
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
    handleUpgrade(ctx, req, socket, head),
  );
  server.on('clientError', (_err, socket) => socket.destroy());
  wss.on('connection', (ws: WebSocket) => serveClient(ws, { dispatch: prefetch.dispatch }, log));
  const stopEvents = broadcastEvents(options.core, () => wss.clients);
  port = await listen(server, options.port ?? 0);
  ctx.port = port;
  return {
    url: `http://${LISTEN_HOST}:${port}/?token=${token}`,
    port,
    token,
    async close() {
      stopEvents();
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
