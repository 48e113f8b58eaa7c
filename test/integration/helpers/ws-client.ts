import { request } from 'node:http';
import { connect, type Socket } from 'node:net';

import WebSocket from 'ws';

import type { EventFrame, ResponseFrame } from '../../../shared/api/wire';

const WAIT_MS = 20_000;

function parseFrame(data: WebSocket.RawData): ResponseFrame | EventFrame {
  const text = Array.isArray(data)
    ? Buffer.concat(data).toString()
    : Buffer.from(data as ArrayBuffer).toString();
  return JSON.parse(text) as ResponseFrame | EventFrame;
}

/**
 * Opens a WebSocket offering `protocols` (see shared/api/ws-auth: the token travels there);
 * resolves with it, or with the HTTP status the server refused it with.
 */
export function openSocket(
  url: string,
  options: WebSocket.ClientOptions = {},
  protocols: string[] = [],
): Promise<WebSocket | { refused: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, options);
    const timer = setTimeout(
      () => reject(new Error('websocket did not open or fail in time')),
      WAIT_MS,
    );
    ws.once('open', () => {
      clearTimeout(timer);
      resolve(ws);
    });
    ws.once('unexpected-response', (_req, res) => {
      clearTimeout(timer);
      resolve({ refused: res.statusCode ?? 0 });
      ws.terminate();
    });
    ws.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** Sends raw text and resolves with the first reply frame whose id matches. */
export function sendRaw(ws: WebSocket, text: string | Buffer, id: number): Promise<ResponseFrame> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no reply to frame ${id}`)), WAIT_MS);
    const onMessage = (data: WebSocket.RawData): void => {
      const frame = parseFrame(data);
      if (frame.type === 'reply' && frame.id === id) {
        clearTimeout(timer);
        ws.off('message', onMessage);
        resolve(frame);
      }
    };
    ws.on('message', onMessage);
    ws.send(text);
  });
}

let nextId = 1;

/** One contract call over the socket. */
export function call(ws: WebSocket, method: string, params: unknown): Promise<ResponseFrame> {
  const id = nextId++;
  return sendRaw(ws, JSON.stringify({ type: 'call', id, method, params }), id);
}

/** Resolves with the first event frame matching `predicate`. */
export function nextEvent(
  ws: WebSocket,
  predicate: (frame: EventFrame) => boolean,
): Promise<EventFrame> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('expected event did not arrive')), WAIT_MS);
    const onMessage = (data: WebSocket.RawData): void => {
      const frame = parseFrame(data);
      if (frame.type === 'event' && predicate(frame)) {
        clearTimeout(timer);
        ws.off('message', onMessage);
        resolve(frame);
      }
    };
    ws.on('message', onMessage);
  });
}

/** Resolves with the close code. */
export function closed(ws: WebSocket): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('socket was not closed')), WAIT_MS);
    ws.once('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A plain HTTP request with full control over the Host header (for the DNS-rebinding check). */
export function rawRequest(
  port: number,
  path: string,
  headers: Record<string, string>,
  method = 'GET',
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method, headers, timeout: WAIT_MS },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.once('timeout', () => req.destroy(new Error('request timed out')));
    req.once('error', reject);
    req.end();
  });
}

/** Sends `text` as-is over TCP and resolves with the first line of the answer (e.g. "HTTP/1.1 400 Bad Request"). */
export function rawHttp(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let answer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('no answer to the raw request'));
    }, WAIT_MS);
    socket.on('data', (d: Buffer) => {
      answer += d.toString('latin1');
      const end = answer.indexOf('\r\n');
      if (end !== -1) {
        clearTimeout(timer);
        socket.destroy();
        resolve(answer.slice(0, end));
      }
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    socket.write(text);
  });
}

/** Many connections that each send half a request and then stall (slowloris). */
export interface SlowSockets {
  /** How many are still open. */
  open(): number;
  /** Resolves once every one was closed (by the server), rejects after `ms`. */
  allClosed(ms: number): Promise<void>;
  destroy(): void;
}

/** Opens `count` stalled connections, `batch` at a time (bounded by WAIT_MS per batch). */
export async function openSlowSockets(
  port: number,
  count: number,
  batch = 100,
): Promise<SlowSockets> {
  const sockets = new Set<Socket>();
  const closedListeners = new Set<() => void>();
  const half = `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Slow: `;
  for (let start = 0; start < count; start += batch) {
    const round: Promise<void>[] = [];
    for (let i = start; i < Math.min(count, start + batch); i += 1) {
      round.push(
        new Promise<void>((resolve) => {
          const socket = connect({ host: '127.0.0.1', port });
          sockets.add(socket);
          socket.once('connect', () => {
            socket.write(half);
            resolve();
          });
          socket.on('error', () => resolve()); // reset by the server: counts as closed
          socket.once('close', () => {
            sockets.delete(socket);
            resolve();
            for (const listener of closedListeners) listener();
          });
        }),
      );
    }
    const timeout = new Promise<void>((_resolve, reject) =>
      setTimeout(() => reject(new Error('slow sockets did not connect in time')), WAIT_MS).unref(),
    );
    await Promise.race([Promise.all(round), timeout]);
  }
  return {
    open: () => sockets.size,
    allClosed: (ms) =>
      new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (sockets.size > 0) return;
          clearTimeout(timer);
          closedListeners.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          closedListeners.delete(check);
          reject(new Error(`${sockets.size} slow connections still open after ${ms} ms`));
        }, ms);
        closedListeners.add(check);
        check();
      }),
    destroy: () => {
      for (const socket of sockets) socket.destroy();
    },
  };
}
