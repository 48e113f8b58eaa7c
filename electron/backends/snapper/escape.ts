/**
 * snapper's string escaping (reference §1.7, snapper dbus/DBusMessage.cc + dbus/DBusPipe.cc).
 * D-Bus strings from snapperd carry bytes > 0x7F as the text `\xNN` and `\` as `\\`; strings
 * sent to snapperd are unescaped by it (`\\`, `\xNN`, anything else after `\` is an error);
 * the GetFilesByPipe stream escapes bytes <= 0x20 and `\` but sends non-ASCII raw.
 */

import { definedAt } from '../../../shared/util/defined';

const BACKSLASH = 0x5c;
const LOWER_X = 0x78;

/** Thrown by the strict unescape on a malformed sequence (snapperd answers error.dbus.marshalling). */
export class SnapperEscapeError extends Error {
  constructor(readonly input: string) {
    super('malformed snapper escape sequence');
    this.name = 'SnapperEscapeError';
  }
}

function hexValue(byte: number | undefined): number {
  if (byte === undefined) return -1;
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x41 + 10;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x61 + 10;
  return -1;
}

/**
 * Undoes snapper's escaping on raw bytes. `strict` throws like snapperd does; otherwise a
 * malformed sequence is kept literally (a client should show something rather than fail).
 */
export function unescapeBytes(input: Uint8Array, strict: boolean): Buffer {
  const out = Buffer.allocUnsafe(input.length);
  let n = 0;
  for (let i = 0; i < input.length; i++) {
    const byte = definedAt(input, i, 'i < input.length');
    if (byte !== BACKSLASH) {
      out[n++] = byte;
      continue;
    }
    const next = input[i + 1];
    if (next === BACKSLASH) {
      out[n++] = BACKSLASH;
      i += 1;
      continue;
    }
    const hi = hexValue(input[i + 2]);
    const lo = hexValue(input[i + 3]);
    if (next === LOWER_X && hi >= 0 && lo >= 0) {
      out[n++] = hi * 16 + lo;
      i += 3;
      continue;
    }
    if (strict) throw new SnapperEscapeError(Buffer.from(input).toString('utf8'));
    out[n++] = byte;
  }
  return out.subarray(0, n);
}

/** Daemon → client: a D-Bus string from snapperd as raw bytes (paths are bytes on Linux). */
export function decodeSnapperBytes(text: string): Buffer {
  return unescapeBytes(Buffer.from(text, 'utf8'), false);
}

/** Daemon → client: a D-Bus string from snapperd as display text (invalid UTF-8 becomes U+FFFD). */
export function decodeSnapperString(text: string): string {
  if (!text.includes('\\')) return text;
  return decodeSnapperBytes(text).toString('utf8');
}

/** Client → daemon: double every backslash; non-ASCII may go raw (snapperd accepts UTF-8). */
export function encodeSnapperString(text: string): string {
  return text.replaceAll('\\', '\\\\');
}

/** Daemon side (the simulator): what snapperd does to every outgoing D-Bus string. */
export function escapeSnapperString(value: string | Uint8Array): string {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  let out = '';
  for (const byte of bytes) {
    if (byte === BACKSLASH) out += '\\\\';
    else if (byte > 0x7f) out += `\\x${byte.toString(16).padStart(2, '0')}`;
    else out += String.fromCharCode(byte);
  }
  return out;
}

/** Daemon side (the simulator): an incoming D-Bus string, strictly unescaped like snapperd. */
export function unescapeIncoming(text: string): string {
  return unescapeBytes(Buffer.from(text, 'utf8'), true).toString('utf8');
}

/** Daemon side (the simulator): the GetFilesByPipe rule — bytes <= 0x20 and `\` escaped, the rest raw. */
export function escapePipeBytes(path: Uint8Array): Buffer {
  const parts: number[] = [];
  for (const byte of path) {
    if (byte === BACKSLASH) parts.push(BACKSLASH, BACKSLASH);
    else if (byte <= 0x20)
      parts.push(...Buffer.from(`\\x${byte.toString(16).padStart(2, '0')}`, 'latin1'));
    else parts.push(byte);
  }
  return Buffer.from(parts);
}
