import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

import { WebSocketServer, type WebSocket } from 'ws';

import { MAX_FRAME_BYTES } from '../../shared/api/wire';
import type { Core } from '../core/compose';
import { isAllowedHost, isAllowedOrigin, requestPath, requestToken, tokenCookieName, tokensEqual } from './guards';
import { sendText, serveStatic } from './static-files';
import { broadcastEvents, serveClient } from './ws-host';

/** Loopback only: the browser host is never reachable from another machine (use an SSH tunnel). */
export const LISTEN_HOST = '127.0.0.1';
/** Path of the WebSocket endpoint. */
export const API_PATH = '/api';

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

/** Every HTTP request: Host first (DNS rebinding), then method, then the token. */
async function handleHttp(req: IncomingMessage, res: ServerResponse, root: string, token: string, port: number): Promise<void> {
  if (!isAllowedHost(req.headers.host, port)) return sendText(res, 403, 'Forbidden.');
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method not allowed.', { Allow: 'GET, HEAD' });
  const path = requestPath(req.url);
  if (path === null) return sendText(res, 400, 'Bad request.');
  const given = requestToken(req.url, req.headers.cookie, port);
  if (!tokensEqual(given, token)) return sendText(res, 401, 'Open the address that `kairn serve` printed (it carries the token).');
  const viaQuery = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.has('token');
  const cookie = `${tokenCookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`;
  return serveStatic(req, res, root, path, viaQuery ? { 'Set-Cookie': cookie } : {});
}

function handleUpgrade(wss: WebSocketServer, req: IncomingMessage, socket: Duplex, head: Buffer, token: string, port: number): void {
  if (!isAllowedHost(req.headers.host, port) || !isAllowedOrigin(req.headers.origin, port)) return refuseUpgrade(socket, '403 Forbidden');
  if (requestPath(req.url) !== API_PATH) return refuseUpgrade(socket, '404 Not Found');
  if (!tokensEqual(requestToken(req.url, req.headers.cookie, port), token)) return refuseUpgrade(socket, '401 Unauthorized');
  wss.handleUpgrade(req, socket, head, (ws: WebSocket) => wss.emit('connection', ws, req));
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
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
  let port = 0;
  const server = createServer((req, res) => {
    handleHttp(req, res, options.root, token, port).catch((err: unknown) => {
      log(`http: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) sendText(res, 500, 'Internal error.');
      else res.destroy();
    });
  });
  server.on('upgrade', (req, socket, head) => handleUpgrade(wss, req, socket, head, token, port));
  server.on('clientError', (_err, socket) => socket.destroy());
  wss.on('connection', (ws: WebSocket) => serveClient(ws, options.core, log));
  const stopEvents = broadcastEvents(options.core, () => wss.clients);
  port = await listen(server, options.port ?? 0);
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
