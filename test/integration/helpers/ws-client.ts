import { request } from 'node:http';

import WebSocket from 'ws';

import type { EventFrame, ResponseFrame } from '../../../shared/api/wire';

const WAIT_MS = 20_000;

function parseFrame(data: WebSocket.RawData): ResponseFrame | EventFrame {
  const text = Array.isArray(data) ? Buffer.concat(data).toString() : Buffer.from(data as ArrayBuffer).toString();
  return JSON.parse(text) as ResponseFrame | EventFrame;
}

/** Opens a WebSocket; resolves with it, or with the HTTP status the server refused it with. */
export function openSocket(url: string, options: WebSocket.ClientOptions = {}): Promise<WebSocket | { refused: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options);
    const timer = setTimeout(() => reject(new Error('websocket did not open or fail in time')), WAIT_MS);
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
export function nextEvent(ws: WebSocket, predicate: (frame: EventFrame) => boolean): Promise<EventFrame> {
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
export function rawRequest(port: number, path: string, headers: Record<string, string>, method = 'GET'): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers, timeout: WAIT_MS }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.once('timeout', () => req.destroy(new Error('request timed out')));
    req.once('error', reject);
    req.end();
  });
}
