import { execFileSync } from 'node:child_process';
import { mkdir, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { sniff } from '../../../electron/core/files/sniff';
import { type FilesFixture, makeFilesFixture, rejection, writeTree } from './fixture';

let fx: FilesFixture;
beforeEach(async () => {
  fx = await makeFilesFixture();
});
afterEach(async () => {
  await fx.remove();
});

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489',
  'hex',
);
const preview = (name: string, snapshot = 0) =>
  fx.service.preview('home', snapshot, join(fx.home, name), undefined);

describe('files.preview', () => {
  it('shows text, cut at 64 KB without breaking a character', async () => {
    await writeTree(fx.home, {
      'note.txt': 'Grüße\nzweite Zeile\n',
      'long.txt': `${'a'.repeat(65535)}é and more`,
    });
    expect(await preview('note.txt')).toEqual({
      kind: 'text',
      text: 'Grüße\nzweite Zeile\n',
      truncated: false,
    });
    const long = await preview('long.txt');
    expect(long).toMatchObject({ kind: 'text', truncated: true });
    expect(long.kind === 'text' && long.text).toBe('a'.repeat(65535));
  });

  it('returns image and PDF bytes with their type', async () => {
    const pdf = Buffer.from(
      '%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n',
      'latin1',
    );
    await writeTree(fx.home, {
      'pic.dat': PNG,
      'doc.pdf': pdf,
      'photo.jpg': Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]),
      'icon.svg':
        '<?xml version="1.0"?>\n<!-- drawn by hand -->\n<svg xmlns="http://www.w3.org/2000/svg"/>',
    });
    expect(await preview('pic.dat')).toEqual({
      kind: 'image',
      mime: 'image/png',
      dataBase64: PNG.toString('base64'),
    });
    expect(await preview('doc.pdf')).toEqual({ kind: 'pdf', dataBase64: pdf.toString('base64') });
    expect(await preview('photo.jpg')).toMatchObject({ kind: 'image', mime: 'image/jpeg' });
    expect(await preview('icon.svg')).toMatchObject({ kind: 'image', mime: 'image/svg+xml' });
  });

  it('says why there is no preview: binary, too large, link, special file', async () => {
    await writeTree(fx.home, {
      'blob.bin': Buffer.from([0x41, 0x00, 0x42]),
      'latin1.txt': Buffer.from([0x63, 0x61, 0x66, 0xe9]),
    });
    await writeFile(join(fx.home, 'big.pdf'), '%PDF-1.7\n');
    await truncate(join(fx.home, 'big.pdf'), 21 * 1024 * 1024); // sparse: costs no disk
    await symlink('blob.bin', join(fx.home, 'link'));
    execFileSync('mkfifo', [join(fx.home, 'pipe')]);
    expect(await preview('blob.bin')).toEqual({ kind: 'none', reason: 'binary' });
    expect(await preview('latin1.txt')).toEqual({ kind: 'none', reason: 'binary' });
    expect(await preview('big.pdf')).toEqual({ kind: 'none', reason: 'too-large' });
    expect(await preview('link')).toEqual({ kind: 'none', reason: 'symlink' });
    expect(await preview('pipe')).toEqual({ kind: 'none', reason: 'other' });
  });

  it('counts a folder and previews a file that exists only in a snapshot', async () => {
    await mkdir(join(fx.home, 'Docs'));
    await writeTree(fx.home, { 'Docs/a.txt': 'old text', 'Docs/b.txt': 'b' });
    await fx.snapper.snapshotNow('home');
    await rm(join(fx.home, 'Docs/a.txt'));
    expect(await preview('Docs')).toEqual({ kind: 'folder', entries: 1, hidden: 0 });
    // Dot-items are counted apart, so the screen can leave them out while hidden items are not shown.
    await writeTree(fx.home, { 'Docs/.lock': 'l', 'Docs/.cache/x': 'x' });
    expect(await preview('Docs')).toEqual({ kind: 'folder', entries: 3, hidden: 2 });
    expect(await preview('Docs/a.txt', 1)).toEqual({
      kind: 'text',
      text: 'old text',
      truncated: false,
    });
    expect(await rejection(preview('Docs/a.txt'))).toMatchObject({
      code: 'not-found',
      reason: 'file-missing',
    });
  });

  it('refuses to read through a link leading out of the home', async () => {
    await writeTree(fx.base, { 'outside/secret.txt': 'secret' });
    await symlink(join(fx.base, 'outside'), join(fx.home, 'out'));
    expect(await rejection(preview('out/secret.txt'))).toMatchObject({
      code: 'invalid-input',
      reason: 'symlink-outside',
    });
  });
});

describe('sniff', () => {
  it('recognises magic bytes, not names', () => {
    expect(sniff(Buffer.from('GIF89a....'), true)).toEqual({ kind: 'image', mime: 'image/gif' });
    expect(sniff(Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 '), true)).toEqual({
      kind: 'image',
      mime: 'image/webp',
    });
    expect(sniff(Buffer.from('<html><svg></svg></html>'), true)).toMatchObject({ kind: 'text' });
    expect(sniff(Buffer.from(''), true)).toEqual({ kind: 'text', text: '' });
  });

  it('keeps a cut multi-byte character from making text look binary, but only when cut', () => {
    const cut = Buffer.from('ab€', 'utf8').subarray(0, 4);
    expect(sniff(cut, false)).toEqual({ kind: 'text', text: 'ab' });
    expect(sniff(cut, true)).toEqual({ kind: 'binary' });
  });
});
