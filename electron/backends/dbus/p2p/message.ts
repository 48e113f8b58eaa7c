import {
  CodecError,
  isObjectPath,
  marshal,
  Reader,
  Variant,
  Writer,
  type DBusValue,
} from './codec';
import { parseSignature, type TypeNode } from './signature';

export const METHOD_CALL = 1;
export const METHOD_RETURN = 2;
export const ERROR = 3;
export const SIGNAL = 4;
/** Header flag: the caller wants no reply. */
export const NO_REPLY_EXPECTED = 0x1;

/** The specification's limit for one message. */
export const MAX_MESSAGE_BYTES = 128 * 1024 * 1024;

export interface Message {
  type: number;
  flags: number;
  serial: number;
  path?: string | undefined;
  interface?: string | undefined;
  member?: string | undefined;
  errorName?: string | undefined;
  replySerial?: number | undefined;
  destination?: string | undefined;
  sender?: string | undefined;
  signature: string;
  body: DBusValue[];
}

/** Header field codes and the one type each must have. */
const FIELDS = [
  { code: 1, key: 'path', type: 'o' },
  { code: 2, key: 'interface', type: 's' },
  { code: 3, key: 'member', type: 's' },
  { code: 4, key: 'errorName', type: 's' },
  { code: 5, key: 'replySerial', type: 'u' },
  { code: 6, key: 'destination', type: 's' },
  { code: 7, key: 'sender', type: 's' },
  { code: 8, key: 'signature', type: 'g' },
] as const;
const UNIX_FDS = 9;

/** a(yv), the header fields array. */
const HEADER_FIELDS_TYPE: TypeNode = {
  code: 'a',
  children: [
    {
      code: '(',
      children: [
        { code: 'y', children: [] },
        { code: 'v', children: [] },
      ],
    },
  ],
};

function align8(n: number): number {
  return (n + 7) & ~7;
}

/** Encodes one message (little-endian). */
export function encodeMessage(message: Message): Buffer {
  const body = marshal(message.signature, message.body);
  const fields: DBusValue[] = [];
  for (const { code, key, type } of FIELDS) {
    const value =
      key === 'signature'
        ? message.signature === ''
          ? undefined
          : message.signature
        : message[key];
    if (value !== undefined) fields.push([code, new Variant(type, value)]);
  }
  const header = new Writer(0);
  header.u8(0x6c); // 'l'
  header.u8(message.type);
  header.u8(message.flags);
  header.u8(1);
  header.u32(body.length);
  header.u32(message.serial);
  header.write(HEADER_FIELDS_TYPE, fields);
  header.align(8);
  const out = Buffer.concat([header.bytes(), body]);
  if (out.length > MAX_MESSAGE_BYTES) throw new CodecError('message longer than 128 MiB');
  return out;
}

/** Total length of the message starting at `buf`, or undefined while fewer than 16 bytes are there. */
export function messageLength(buf: Buffer): number | undefined {
  if (buf.length < 16) return undefined;
  const endian = buf[0];
  if (endian !== 0x6c && endian !== 0x42)
    throw new CodecError(`bad endianness byte ${String(endian)}`);
  const little = endian === 0x6c;
  const bodyLength = little ? buf.readUInt32LE(4) : buf.readUInt32BE(4);
  const fieldsLength = little ? buf.readUInt32LE(12) : buf.readUInt32BE(12);
  const total = 16 + align8(fieldsLength) + bodyLength;
  if (total > MAX_MESSAGE_BYTES) throw new CodecError('message longer than 128 MiB');
  return total;
}

/** Decodes one complete message; throws CodecError for anything malformed. */
export function decodeMessage(buf: Buffer): Message {
  const total = messageLength(buf);
  if (total === undefined || total !== buf.length) throw new CodecError('not one complete message');
  const little = buf[0] === 0x6c;
  const type = buf.readUInt8(1);
  const flags = buf.readUInt8(2);
  if (buf.readUInt8(3) !== 1)
    throw new CodecError(`unsupported protocol version ${buf.readUInt8(3)}`);
  const bodyLength = little ? buf.readUInt32LE(4) : buf.readUInt32BE(4);
  const serial = little ? buf.readUInt32LE(8) : buf.readUInt32BE(8);
  if (serial === 0) throw new CodecError('serial 0 is not allowed');
  const bodyStart = total - bodyLength;
  const reader = new Reader(buf, little, 12, bodyStart);
  const fields = reader.read(HEADER_FIELDS_TYPE);
  const message: Message = { type, flags, serial, signature: '', body: [] };
  if (!Array.isArray(fields)) throw new CodecError('bad header fields');
  for (const field of fields) {
    if (!Array.isArray(field)) throw new CodecError('bad header field');
    const [rawCode, value] = field;
    const code = typeof rawCode === 'number' ? rawCode : -1;
    if (code === UNIX_FDS)
      throw new CodecError('file descriptors are not supported on this connection');
    const known = FIELDS.find((f) => f.code === code);
    if (!known) continue; // unknown fields must be ignored
    if (!(value instanceof Variant) || value.signature !== known.type) {
      throw new CodecError(`header field ${code} must have type ${known.type}`);
    }
    if (known.key === 'replySerial') {
      if (typeof value.value !== 'number') throw new CodecError('bad reply serial');
      message.replySerial = value.value;
    } else {
      if (typeof value.value !== 'string') throw new CodecError(`bad header field ${code}`);
      message[known.key] = value.value;
    }
  }
  const missing =
    (type === METHOD_CALL && (message.path === undefined || message.member === undefined)) ||
    (type === SIGNAL &&
      (message.path === undefined ||
        message.interface === undefined ||
        message.member === undefined)) ||
    (type === ERROR && (message.errorName === undefined || message.replySerial === undefined)) ||
    (type === METHOD_RETURN && message.replySerial === undefined);
  if (missing) throw new CodecError(`message of type ${type} lacks a required header field`);
  if (message.path !== undefined && !isObjectPath(message.path)) throw new CodecError('bad path');
  const bodyReader = new Reader(buf, little, bodyStart, total);
  for (const node of parseSignature(message.signature)) message.body.push(bodyReader.read(node));
  if (bodyReader.pos !== total) throw new CodecError('body length does not match its signature');
  return message;
}

/** Cuts a byte stream into whole messages. */
export class Framer {
  private pending: Buffer = Buffer.alloc(0);

  /** Adds bytes; returns every message now complete. Throws CodecError when the stream is not D-Bus. */
  push(chunk: Buffer): Buffer[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const out: Buffer[] = [];
    for (;;) {
      const total = messageLength(this.pending);
      if (total === undefined || this.pending.length < total) return out;
      out.push(this.pending.subarray(0, total));
      this.pending = this.pending.subarray(total);
    }
  }
}
