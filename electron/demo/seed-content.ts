import { crc32, deflateRawSync, deflateSync } from 'node:zlib';

import { definedAt } from '../../shared/util/defined';

/** Small but real file contents for the demo home: PNG pictures, a one-page PDF, an ODT text. */

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

/** An RGB PNG: a vertical gradient between two colours with a soft "sun" disc (a tiny landscape). */
export function makePng(
  width: number,
  height: number,
  top: [number, number, number],
  bottom: [number, number, number],
  sun: [number, number, number],
): Buffer {
  const rows: Buffer[] = [];
  const [cx, cy, r] = [width * 0.7, height * 0.35, Math.min(width, height) * 0.15];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    const t = y / Math.max(1, height - 1);
    for (let x = 0; x < width; x++) {
      const inSun = (x - cx) ** 2 + (y - cy) ** 2 < r * r;
      for (let c = 0; c < 3; c++)
        row[1 + x * 3 + c] = inSun
          ? definedAt(sun, c, 'c < 3')
          : Math.round(definedAt(top, c, 'c < 3') * (1 - t) + definedAt(bottom, c, 'c < 3') * t);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.concat(rows))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function pdfText(text: string): string {
  return text.replace(/[\\()]/g, (c) => `\\${c}`).replace(/[^\x20-\x7e]/g, '?');
}

/** A valid one-page PDF (Helvetica, A4) with a title and a few lines; xref offsets computed. */
export function makePdf(title: string, lines: string[]): Buffer {
  const text = [
    `BT /F1 20 Tf 72 770 Td (${pdfText(title)}) Tj ET`,
    ...lines.map((line, i) => `BT /F1 12 Tf 72 ${730 - i * 18} Td (${pdfText(line)}) Tj ET`),
  ].join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(text, 'latin1')} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** One member of a demo ZIP; `deflate` compresses it (the `mimetype` member must stay stored). */
export interface ZipMember {
  name: string;
  data: Buffer;
  deflate?: boolean;
}

/** A small valid ZIP (stored or deflated members), enough for an OpenDocument file. */
export function makeZip(members: ZipMember[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data, deflate = false } of members) {
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data) >>> 0;
    const body = deflate ? deflateRawSync(data) : data;
    const method = deflate ? 8 : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6); // names are UTF-8
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, body);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const ODF_NS =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ' +
  'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" ' +
  'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" ' +
  'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"';

/** A paper-white page with grey "lines of text": what LibreOffice's thumbnail of a letter looks like. */
export function makePageThumbnail(width: number, height: number, lines: number): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3, 0xff);
    row[0] = 0; // filter type None
    const line = Math.floor((y - height * 0.12) / (height * 0.06));
    const inLine =
      line >= 0 && line < lines && (y - height * 0.12) % (height * 0.06) < height * 0.025;
    const right = width * (line % 3 === 2 ? 0.6 : 0.88);
    for (let x = 0; x < width; x++) {
      const border = x === 0 || y === 0 || x === width - 1 || y === height - 1;
      const ink = inLine && x > width * 0.12 && x < right;
      const v = border ? 0xb0 : ink ? 0x70 : 0xff;
      row.fill(v, 1 + x * 3, 4 + x * 3);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.concat(rows))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** An OpenDocument file of `mime` whose body is `body` (XML inside office:body), with an optional thumbnail. */
export function makeOdf(mime: string, body: string, thumbnail: Buffer | null): Buffer {
  const content = `<?xml version="1.0" encoding="UTF-8"?><office:document-content ${ODF_NS} office:version="1.2"><office:automatic-styles/><office:body>${body}</office:body></office:document-content>`;
  const thumbEntry = thumbnail
    ? '<manifest:file-entry manifest:full-path="Thumbnails/thumbnail.png" manifest:media-type="image/png"/>'
    : '';
  const manifest =
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">' +
    `<manifest:file-entry manifest:full-path="/" manifest:media-type="${mime}"/>` +
    `<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>${thumbEntry}</manifest:manifest>`;
  return makeZip([
    { name: 'mimetype', data: Buffer.from(mime) },
    { name: 'content.xml', data: Buffer.from(content), deflate: true },
    ...(thumbnail ? [{ name: 'Thumbnails/thumbnail.png', data: thumbnail }] : []),
    { name: 'META-INF/manifest.xml', data: Buffer.from(manifest), deflate: true },
  ]);
}

/** A minimal OpenDocument text (.odt) with one paragraph per line and a page thumbnail. */
export function makeOdt(lines: string[], options: { thumbnail?: boolean } = {}): Buffer {
  const paragraphs = lines.map((line) => `<text:p>${escapeXml(line)}</text:p>`).join('');
  const thumbnail =
    options.thumbnail === false ? null : makePageThumbnail(64, 90, Math.max(8, lines.length + 2));
  return makeOdf(
    'application/vnd.oasis.opendocument.text',
    `<office:text>${paragraphs}</office:text>`,
    thumbnail,
  );
}

/** A minimal OpenDocument spreadsheet (.ods): one table, one row per array. */
export function makeOds(rows: string[][]): Buffer {
  const cells = (row: string[]): string =>
    row
      .map((c) => `<table:table-cell><text:p>${escapeXml(c)}</text:p></table:table-cell>`)
      .join('');
  const table = rows.map((row) => `<table:table-row>${cells(row)}</table:table-row>`).join('');
  return makeOdf(
    'application/vnd.oasis.opendocument.spreadsheet',
    `<office:spreadsheet><table:table table:name="Sheet1">${table}</table:table></office:spreadsheet>`,
    null,
  );
}
