import type { RawData, WebSocket } from 'ws';

import { KairnError } from '../core/errors';
import type { Core } from '../core/compose';
import { binaryFrame, eventFrame, parseRequestFrame, replyFrame } from './frames';

/** More unanswered calls than this from one page is a runaway loop: answer busy. */
const MAX_IN_FLIGHT = 64;
/** A client that stops reading does not get to grow our memory without bound. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

function messageText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}

function send(ws: WebSocket, text: string): void {
  if (ws.readyState !== ws.OPEN) return;
  if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
    ws.terminate();
    return;
  }
  ws.send(text);
}

/**
 * Serves one WebSocket: each call frame goes through the core's dispatch (which validates it);
 * anything unreadable gets an invalid-input reply. Calls still running when the page goes
 * away are aborted.
 */
export function serveClient(
  ws: WebSocket,
  core: Pick<Core, 'dispatch'>,
  log: (line: string) => void,
): void {
  const closed = new AbortController();
  let inFlight = 0;
  ws.on('close', () => closed.abort());
  ws.on('error', (err) => log(`websocket error: ${err.message}`));
  ws.on('message', (data, isBinary) => {
    const parsed = isBinary ? binaryFrame() : parseRequestFrame(messageText(data));
    if (!parsed.ok) {
      send(ws, replyFrame(parsed.id, { ok: false, error: parsed.error }));
      return;
    }
    const { id, method, params } = parsed.frame;
    if (inFlight >= MAX_IN_FLIGHT) {
      send(ws, replyFrame(id, { ok: false, error: new KairnError('busy').toPayload() }));
      return;
    }
    inFlight += 1;
    // dispatch never rejects (errors come back as envelopes); the reply is sent when it settles.
    void core.dispatch(method, params, { signal: closed.signal }).then((reply) => {
      inFlight -= 1;
      send(ws, replyFrame(id, reply));
    });
  });
}

/** Pushes every core event to every open client. Returns the unsubscribe function. */
export function broadcastEvents(
  core: Pick<Core, 'events'>,
  clients: () => Iterable<WebSocket>,
): () => void {
  return core.events.subscribe((event, payload) => {
    const text = eventFrame(event, payload);
    for (const ws of clients()) send(ws, text);
  });
}
