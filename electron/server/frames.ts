import { z } from 'zod';

import type { KairnErrorPayload } from '../../shared/api/errors';
import {
  FrameId,
  parseJson,
  RequestFrame,
  type EventFrame,
  type ResponseFrame,
} from '../../shared/api/wire';
import { KairnError } from '../core/errors';

/** Id used in replies to frames too broken to carry an id of their own (clients start at 1). */
export const UNREADABLE_FRAME_ID = 0;

/** A readable call frame, or the error reply to send back instead. */
export type ParsedFrame =
  { ok: true; frame: RequestFrame } | { ok: false; id: number; error: KairnErrorPayload };

function invalid(id: number, detail: string): ParsedFrame {
  return {
    ok: false,
    id,
    error: new KairnError('invalid-input', { reason: 'bad-params', detail }).toPayload(),
  };
}

/** Binary messages are not part of the protocol. */
export function binaryFrame(): ParsedFrame {
  return invalid(UNREADABLE_FRAME_ID, 'binary frames are not accepted; send JSON text');
}

/** The frame's own id when it has a usable one, so even a refusal reaches the right call. */
const IdOnly = z.object({ id: FrameId.catch(UNREADABLE_FRAME_ID) });

/** Text of one WebSocket message → a request frame (shared/api/wire's schema), or the invalid-input reply to send instead. */
export function parseRequestFrame(text: string): ParsedFrame {
  const value = parseJson(text);
  if (value === undefined) return invalid(UNREADABLE_FRAME_ID, 'frame is not valid JSON');
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return invalid(UNREADABLE_FRAME_ID, 'frame must be a JSON object');
  }
  const parsed = RequestFrame.safeParse(value);
  if (parsed.success) return { ok: true, frame: parsed.data };
  const { id } = IdOnly.parse(value);
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || 'frame';
  return invalid(id, `frame ${field}: ${issue?.message ?? 'not a call frame'}`);
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
