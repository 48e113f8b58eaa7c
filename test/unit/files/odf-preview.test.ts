import { open } from 'node:fs/promises';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { odfText } from '../../../electron/core/files/odf-text';
import {
  MAX_RATIO,
  readDirectory,
  readMember,
  ZipError,
} from '../../../electron/core/files/zip-reader';
import {
  makeOdf,
  makeOds,
  makeOdt,
  makePageThumbnail,
  makeZip,
} from '../../../electron/demo/seed-content';
import { type FilesFixture, makeFilesFixture, writeTree } from './fixture';

let fx: FilesFixture;
beforeEach(async () => {
  fx = await makeFilesFixture();
});
afterEach(async () => {
  await fx.remove();
});

const preview = (name: string, snapshot = 0) =>
  fx.service.preview('home', snapshot, join(fx.home, name), undefined);

describe('OpenDocument previews', () => {
  it('shows the thumbnail of an .odt and the first lines of its text', async () => {
    const odt = makeOdt(['Dear Mr. Keller,', 'the heating is broken & cold.', 'Kind regards, Sam']);
    await writeTree(fx.home, { 'Letter.odt': odt });
    const shown = await preview('Letter.odt');
    expect(shown).toMatchObject({
      kind: 'document',
      format: 'text',
      text: 'Dear Mr. Keller,\nthe heating is broken & cold.\nKind regards, Sam',
      truncated: false,
    });
    if (shown.kind !== 'document') throw new Error('not a document preview');
    expect(shown.thumbnail?.mime).toBe('image/png');
    expect(
      Buffer.from(shown.thumbnail?.dataBase64 ?? '', 'base64').equals(makePageThumbnail(64, 90, 8)),
    ).toBe(true);
  });

  it('reads a spreadsheet row by row (cells separated by tabs) and a file from a snapshot', async () => {
    await writeTree(fx.home, {
      'Budget.ods': makeOds([
        ['Rent', '850'],
        ['Food', '320'],
      ]),
    });
    await fx.snapper.snapshotNow('home');
    await writeTree(fx.home, { 'Budget.ods': makeOds([['Rent', '900']]) });
    expect(await preview('Budget.ods', 1)).toEqual({
      kind: 'document',
      format: 'spreadsheet',
      thumbnail: null,
      text: 'Rent\t850\nFood\t320',
      truncated: false,
    });
    expect(await preview('Budget.ods')).toMatchObject({ text: 'Rent\t900' });
  });

  it('recognises OpenDocument by its mimetype member, not by the name', async () => {
    const odp = makeOdf(
      'application/vnd.oasis.opendocument.presentation',
      '<office:presentation><draw:page><draw:frame><draw:text-box><text:p>Slide one</text:p></draw:text-box></draw:frame></draw:page></office:presentation>',
      null,
    );
    const plainZip = makeZip([
      { name: 'content.xml', data: Buffer.from('<office:body><text:p>hi</text:p></office:body>') },
    ]);
    await writeTree(fx.home, { 'talk.bin': odp, 'fake.odt': plainZip });
    expect(await preview('talk.bin')).toMatchObject({
      kind: 'document',
      format: 'presentation',
      text: 'Slide one',
    });
    expect(await preview('fake.odt')).toEqual({ kind: 'none', reason: 'binary' });
  });

  it('gives no preview for a damaged archive instead of failing', async () => {
    const odt = makeOdt(['Hello']);
    await writeTree(fx.home, { 'cut.odt': odt.subarray(0, odt.length - 30) });
    expect(await preview('cut.odt')).toEqual({ kind: 'none', reason: 'binary' });
  });

  it('shows only the beginning of a long document', async () => {
    const lines = Array.from({ length: 200 }, (_, i) => `Line ${i + 1}`);
    const shown = await (async () => {
      await writeTree(fx.home, { 'long.odt': makeOdt(lines, { thumbnail: false }) });
      return preview('long.odt');
    })();
    expect(shown).toMatchObject({ kind: 'document', thumbnail: null, truncated: true });
    if (shown.kind !== 'document') throw new Error('not a document preview');
    expect(shown.text.split('\n')).toEqual(lines.slice(0, 40));
  });
});

describe('zip reader bounds', () => {
  async function withZip<T>(
    data: Buffer,
    run: (h: Awaited<ReturnType<typeof open>>, size: number) => Promise<T>,
  ): Promise<T> {
    const path = join(fx.base, 'z.zip');
    await writeTree(fx.base, { 'z.zip': data });
    const handle = await open(path, 'r');
    try {
      return await run(handle, data.length);
    } finally {
      await handle.close();
    }
  }

  it('inflates no more than the limit, however much a member would expand', async () => {
    const bomb = makeZip([
      { name: 'content.xml', data: Buffer.alloc(8 * 1024 * 1024, 0x41), deflate: true },
    ]);
    await withZip(bomb, async (handle, size) => {
      const [entry] = await readDirectory(handle, size);
      if (!entry) throw new Error('no entry');
      // 8 MB of one letter deflates far beyond the allowed ratio: refused before inflating.
      expect(entry.size / entry.compressedSize).toBeGreaterThan(MAX_RATIO);
      await expect(readMember(handle, size, entry, 1024)).rejects.toBeInstanceOf(ZipError);
      // The same member declared honestly small still stops at the limit.
      const lying = { ...entry, size: entry.compressedSize };
      const out = await readMember(handle, size, lying, 4096);
      expect(out.data.length).toBe(4096);
      expect(out.complete).toBe(false);
    });
  });

  it('refuses a directory that claims more entries than it holds, and a CRC mismatch is not complete', async () => {
    const zip = makeZip([{ name: 'a.txt', data: Buffer.from('hello') }]);
    const broken = Buffer.from(zip);
    broken.writeUInt16LE(500, broken.length - 22 + 10);
    await withZip(broken, async (handle, size) => {
      await expect(readDirectory(handle, size)).rejects.toMatchObject({ reason: 'bad-directory' });
    });
    const tampered = Buffer.from(zip);
    tampered.write('jello', 30 + 'a.txt'.length, 'latin1');
    await withZip(tampered, async (handle, size) => {
      const [entry] = await readDirectory(handle, size);
      if (!entry) throw new Error('no entry');
      expect(await readMember(handle, size, entry, 100)).toMatchObject({ complete: false });
    });
  });
});

describe('odfText', () => {
  it('strips tags, decodes only the XML entities and numeric references, never expands others', () => {
    const xml =
      '<!DOCTYPE x [<!ENTITY big "boom">]><office:document-content><office:body><office:text>' +
      '<text:h>Title &amp; more</text:h><text:p>a<text:s text:c="3"/>b<text:tab/>c&#233;&#x263A; &big; &#0;</text:p>' +
      '<office:annotation><text:p>a private comment</text:p></office:annotation>' +
      '<text:p attr="x > y">second<text:line-break/>line</text:p></office:text></office:body></office:document-content>';
    expect(odfText(xml, 40, 4000)).toEqual({
      text: 'Title & more\na   b\tcé☺ &big; \uFFFD\nsecond\nline',
      truncated: false,
    });
  });

  it('copes with a cut-off document', () => {
    expect(odfText('<office:body><text:p>one</text:p><text:p>tw', 40, 4000, false)).toEqual({
      text: 'one\ntw',
      truncated: true,
    });
    expect(odfText('<office:body><text:p>one</text:p><text:p', 40, 4000, false)).toEqual({
      text: 'one',
      truncated: true,
    });
  });
});
