import { definedAt } from '../../../shared/util/defined';

/** What the first bytes of a file say it is (never the file name: names lie, magic bytes rarely do). */
export type Sniffed =
  | { kind: 'image'; mime: string }
  | { kind: 'pdf' }
  | { kind: 'odf'; mime: string }
  | { kind: 'text'; text: string }
  | { kind: 'binary' };

export const ODF_MIME = 'application/vnd.oasis.opendocument.';

const MAGIC: ReadonlyArray<{ mime: string; bytes: number[] }> = [
  { mime: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { mime: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { mime: 'image/gif', bytes: [0x47, 0x49, 0x46, 0x38, 0x37, 0x61] },
  { mime: 'image/gif', bytes: [0x47, 0x49, 0x46, 0x38, 0x39, 0x61] },
];

/**
 * The `mimetype` member an OpenDocument file starts with (stored, first in the archive, as the
 * standard requires), read from the first bytes of the file; null when it is not there.
 */
export function odfMimeFromHead(head: Uint8Array): string | null {
  const buf = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (buf.length < 38 || buf.readUInt32LE(0) !== 0x04034b50) return null;
  if (buf.readUInt16LE(8) !== 0 || buf.readUInt16LE(26) !== 8) return null;
  if (buf.toString('latin1', 30, 38) !== 'mimetype') return null;
  const start = 38 + buf.readUInt16LE(28);
  const length = buf.readUInt32LE(18);
  if (length > 200 || start + length > buf.length) return null;
  const mime = buf.toString('latin1', start, start + length);
  return mime.startsWith(ODF_MIME) && /^[\w.+-]+\/[\w.+-]+$/.test(mime) ? mime : null;
}

function startsWith(head: Uint8Array, bytes: readonly number[], at = 0): boolean {
  if (head.length < at + bytes.length) return false;
  return bytes.every((b, i) => head[at + i] === b);
}

/** Byte values of an ASCII-only literal (one UTF-16 unit per byte). */
function ascii(text: string): number[] {
  return Array.from({ length: text.length }, (_, i) => text.charCodeAt(i));
}

/** SVG is XML text whose first element is <svg> (after an optional declaration, comments, doctype). */
const SVG_START = /^\uFEFF?\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg[\s>]/i;

/**
 * Index just past the last complete UTF-8 sequence: a cut read may end inside a character, which
 * must not make a text file look binary.
 */
function completeUtf8End(head: Uint8Array): number {
  const len = head.length;
  for (let back = 1; back <= Math.min(4, len); back += 1) {
    const b = definedAt(head, len - back, 'back runs from 1 to at most len');
    if ((b & 0xc0) === 0x80) continue;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? len - back : len;
  }
  return len;
}

/** The text if `head` is valid UTF-8 without NUL bytes, else null. */
export function decodeText(head: Uint8Array, complete: boolean): string | null {
  if (head.includes(0)) return null;
  const end = complete ? head.length : completeUtf8End(head);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end));
  } catch {
    return null;
  }
}

/** Classifies a file from its first bytes; `complete` says whether `head` is the whole file. */
export function sniff(head: Uint8Array, complete: boolean): Sniffed {
  for (const m of MAGIC) if (startsWith(head, m.bytes)) return { kind: 'image', mime: m.mime };
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8))
    return { kind: 'image', mime: 'image/webp' };
  if (startsWith(head, ascii('%PDF-'))) return { kind: 'pdf' };
  const odf = odfMimeFromHead(head);
  if (odf !== null) return { kind: 'odf', mime: odf };
  const text = decodeText(head, complete);
  if (text === null) return { kind: 'binary' };
  if (SVG_START.test(text.slice(0, 4096))) return { kind: 'image', mime: 'image/svg+xml' };
  return { kind: 'text', text };
}
