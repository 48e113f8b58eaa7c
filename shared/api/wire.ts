import { z } from 'zod';

import { KairnErrorPayload } from './errors';

/** Limits every host applies before parsing a frame. */
export const MAX_FRAME_BYTES = 1024 * 1024;

/** Request ids are chosen by the client: positive safe integers (0 answers frames without one). */
export const FrameId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** One request frame (WebSocket) or IPC call. Missing params mean "no params" ({}). */
export const RequestFrame = z.object({
  type: z.literal('call'),
  id: FrameId,
  method: z.string(),
  params: z
    .unknown()
    .optional()
    .transform((params): unknown => params ?? {}),
});
export type RequestFrame = z.infer<typeof RequestFrame>;

export const EnvelopeFailure = z.object({ ok: z.literal(false), error: KairnErrorPayload });
export const EnvelopeSuccess = z.object({ ok: z.literal(true), result: z.unknown() });
/** A call's outcome; `result` was checked against the method's contract by the core. */
export const AnyEnvelope = z.discriminatedUnion('ok', [EnvelopeSuccess, EnvelopeFailure]);
export type Envelope<R> = { ok: true; result: R } | z.infer<typeof EnvelopeFailure>;

export const ResponseFrame = z.object({
  type: z.literal('reply'),
  /** 0 answers a frame too broken to carry an id of its own. */
  id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  reply: AnyEnvelope,
});
export type ResponseFrame = z.infer<typeof ResponseFrame>;

export const EventFrame = z.object({
  type: z.literal('event'),
  event: z.string(),
  payload: z.unknown(),
});
export type EventFrame = z.infer<typeof EventFrame>;

/** Everything the browser host sends a client. */
export const ServerFrame = z.discriminatedUnion('type', [ResponseFrame, EventFrame]);
export type ServerFrame = z.infer<typeof ServerFrame>;

/** JSON text → a value, or undefined when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** What a host gives the client: one way to call, one way to hear events. */
export interface Transport {
  invoke(method: string, params: unknown): Promise<Envelope<unknown>>;
  subscribe(listener: (event: string, payload: unknown) => void): () => void;
}
