import type { FileHandle } from 'node:fs/promises';

import type { OfficeFormat, Preview } from '../../../shared/schemas/files';
import { odfText } from './odf-text';
import { ODF_MIME, sniff } from './sniff';
import { type ZipEntry, readDirectory, readMember } from './zip-reader';

/** content.xml is inflated only this far: the first lines of text are near its start. */
export const CONTENT_XML_MAX = 1024 * 1024;
/** Thumbnails are small PNGs (LibreOffice writes 256 px); a bigger one is not shown. */
export const THUMBNAIL_MAX = 1024 * 1024;
const TEXT_LINES = 40;
const TEXT_CHARS = 4000;

/** text / spreadsheet / presentation from the `mimetype` member (templates and masters included). */
export function officeFormat(mime: string): OfficeFormat {
  const sub = mime.startsWith(ODF_MIME) ? mime.slice(ODF_MIME.length) : '';
  if (sub.startsWith('text')) return 'text';
  if (sub.startsWith('spreadsheet')) return 'spreadsheet';
  if (sub.startsWith('presentation')) return 'presentation';
  return 'other';
}

async function thumbnail(
  handle: FileHandle,
  size: number,
  entry: ZipEntry | undefined,
): Promise<{ mime: string; dataBase64: string } | null> {
  if (!entry || entry.size > THUMBNAIL_MAX) return null;
  const { data, complete } = await readMember(handle, size, entry, THUMBNAIL_MAX);
  const kind = sniff(data, complete);
  // Only a whole, checksummed PNG is shown; anything else would be a broken picture.
  if (!complete || kind.kind !== 'image' || kind.mime !== 'image/png') return null;
  return { mime: kind.mime, dataBase64: data.toString('base64') };
}

/** Preview of an OpenDocument file: its stored thumbnail and the first lines of its text. */
export async function odfPreview(handle: FileHandle, size: number, mime: string): Promise<Preview> {
  const entries = await readDirectory(handle, size);
  const byName = new Map(entries.map((e) => [e.name, e]));
  const picture = await thumbnail(handle, size, byName.get('Thumbnails/thumbnail.png'));
  const content = byName.get('content.xml');
  let text = { text: '', truncated: false };
  if (content) {
    const { data, complete } = await readMember(handle, size, content, CONTENT_XML_MAX);
    text = odfText(data.toString('utf8'), TEXT_LINES, TEXT_CHARS, complete);
  }
  return {
    kind: 'document',
    format: officeFormat(mime),
    thumbnail: picture,
    text: text.text,
    truncated: text.truncated,
  };
}
