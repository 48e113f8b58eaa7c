import type { KairnErrorPayload } from '../../shared/api/errors';
import type { EventFrame, RequestFrame, ResponseFrame } from '../../shared/api/wire';
import { KairnError } from '../core/errors';

/** Id used in replies to frames too broken to carry an id of their own (clients start at 1). */
export const UNREADABLE_FRAME_ID = 0;

/** A readable call frame, or the error reply to send back instead. */
export type ParsedFrame = { ok: true; frame: RequestFrame } | { ok: false; id: number; error: KairnErrorPayload };

function invalid(id: number, detail: string): ParsedFrame {
  return { ok: false, id, error: new KairnError('invalid-input', { reason: 'bad-params', detail }).toPayload() };
}

/** Binary messages are not part of the protocol. */
export function binaryFrame(): ParsedFrame {
  return invalid(UNREADABLE_FRAME_ID, 'binary frames are not accepted; send JSON text');
}

/** Text of one WebSocket message → a request frame, or the invalid-input reply to send instead. */
export function parseRequestFrame(text: string): ParsedFrame {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return invalid(UNREADABLE_FRAME_ID, 'frame is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return invalid(UNREADABLE_FRAME_ID, 'frame must be a JSON object');
  }
  const frame = value as Record<string, unknown>;
  const id = Number.isSafeInteger(frame.id) && (frame.id as number) > 0 ? (frame.id as number) : UNREADABLE_FRAME_ID;
  if (frame.type !== 'call') return invalid(id, 'frame type must be "call"');
  if (id === UNREADABLE_FRAME_ID) return invalid(id, 'frame id must be a positive integer');
  if (typeof frame.method !== 'string') return invalid(id, 'frame method must be a string');
  return { ok: true, frame: { type: 'call', id, method: frame.method, params: frame.params ?? {} } };
}

/** Serialises a reply. */
export function replyFrame(id: number, reply: ResponseFrame['reply']): string {
  const frame: ResponseFrame = { type: 'reply', id, reply };
  return JSON.stringify(frame);
}

/** Serialises an event. */
export function eventFrame(event: string, payload: unknown): string {
  const frame: EventFrame = { type: 'event', event, payload };
  return JSON.stringify(frame);
}
