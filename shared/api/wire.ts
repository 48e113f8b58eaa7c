import type { KairnErrorPayload } from './errors';

/** One request frame (WebSocket) or IPC call. */
export interface RequestFrame {
  type: 'call';
  id: number;
  method: string;
  params: unknown;
}

export type Envelope<R> = { ok: true; result: R } | { ok: false; error: KairnErrorPayload };

export interface ResponseFrame {
  type: 'reply';
  id: number;
  reply: Envelope<unknown>;
}

export interface EventFrame {
  type: 'event';
  event: string;
  payload: unknown;
}

/** What a host gives the client: one way to call, one way to hear events. */
export interface Transport {
  invoke(method: string, params: unknown): Promise<Envelope<unknown>>;
  subscribe(listener: (event: string, payload: unknown) => void): () => void;
}

/** Limits every host applies before parsing a frame. */
export const MAX_FRAME_BYTES = 1024 * 1024;
