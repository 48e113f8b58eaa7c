import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { type FilesFixture, makeFilesFixture, rejection, writeTree } from './fixture';

let fx: FilesFixture;
beforeEach(async () => {
  fx = await makeFilesFixture();
});
afterEach(async () => {
  await fx.remove();
});

describe('files.folders (the in-app folder chooser)', () => {
  it('lists the subfolders of a home folder by name, without files, hidden folders or links', async () => {
    await writeTree(fx.home, {
      'Documents/a.txt': 'a',
      'notes.txt': 'n',
      '.config/x': 'x',
      'Pictures/p.png': 'p',
      'music/m': 'm',
    });
    await mkdir(join(fx.home, 'Documents', 'Recipes'));
    await symlink(join(fx.home, 'Documents'), join(fx.home, 'Docs link'));
    const top = await fx.service.folders(fx.home);
    expect(top).toEqual({
      path: fx.home,
      home: fx.home,
      parent: null,
      folders: ['Documents', 'music', 'Pictures'].map((name) => ({
        name,
        path: join(fx.home, name),
      })),
      truncated: false,
    });
    const docs = await fx.service.folders(join(fx.home, 'Documents'));
    expect(docs.parent).toBe(fx.home);
    expect(docs.folders.map((f) => f.name)).toEqual(['Recipes']);
  });

  it('refuses anything outside the home, also through a link or ..', async () => {
    await writeTree(fx.base, { 'outside/secret/x': 'x' });
    await symlink(join(fx.base, 'outside'), join(fx.home, 'away'));
    expect(await rejection(fx.service.folders(fx.base))).toMatchObject({
      code: 'invalid-input',
      reason: 'path-outside-home',
    });
    expect(await rejection(fx.service.folders(`${fx.home}/../outside`))).toMatchObject({
      code: 'invalid-input',
      reason: 'path-escape',
    });
    expect(await rejection(fx.service.folders(join(fx.home, 'away')))).toMatchObject({
      code: 'invalid-input',
      reason: 'symlink-outside',
    });
    expect(await rejection(fx.service.folders(join(fx.home, 'gone')))).toMatchObject({
      code: 'not-found',
    });
  });
});
