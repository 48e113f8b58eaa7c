import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { nodeFileSystem } from '../../../electron/backends/restore-fs/node-fs';
import { DesktopServiceImpl } from '../../../electron/core/desktop/service';
import type { KairnEnvironment } from '../../../electron/core/env';
import type { FileSystemPort } from '../../../electron/core/ports/file-system';
import { makeTempDir } from '../../harness/tmp';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let home: string;
let outside: string;
let shown: string[][];
let lstatted: string[];
let service: DesktopServiceImpl;

beforeEach(async () => {
  tmp = await makeTempDir('kairn-desktop-');
  home = join(tmp.path, 'home', 'alice');
  outside = join(tmp.path, 'elsewhere');
  await mkdir(join(home, 'Documents'), { recursive: true });
  await mkdir(outside);
  await writeFile(join(home, 'Documents', 'report.txt'), 'mine');
  await writeFile(join(outside, 'secret.txt'), 'not mine');
  await symlink(outside, join(home, 'trip'));
  shown = [];
  lstatted = [];
  const env: KairnEnvironment = {
    home,
    uid: 1000,
    gid: 1000,
    userName: 'alice',
    osReleasePath: null,
    stateDir: join(tmp.path, 'state'),
    demo: false,
  };
  const fs: FileSystemPort = {
    ...nodeFileSystem,
    lstat: ((path: string, ...rest: []) => {
      lstatted.push(path);
      return nodeFileSystem.lstat(path, ...rest);
    }) as FileSystemPort['lstat'],
  };
  service = new DesktopServiceImpl({
    env,
    fs,
    fileManager: { showItems: (paths) => Promise.resolve(void shown.push(paths)) },
  });
});
afterEach(() => tmp.remove());

describe('files.showInFolder only points into the home', () => {
  it('shows an item inside the home', async () => {
    const path = join(home, 'Documents', 'report.txt');
    await expect(service.showInFolder(path)).resolves.toEqual({ shown: true });
    expect(shown).toEqual([[path]]);
  });

  it('shows the home itself', async () => {
    await expect(service.showInFolder(home)).resolves.toEqual({ shown: true });
  });

  it.each([
    ['a path outside the home', () => join(outside, 'secret.txt')],
    ['a sibling whose name starts like the home', () => `${home}-old/file.txt`],
    ['a path that climbs out with ..', () => join(home, 'Documents') + '/../../bob/file.txt'],
    [
      'an item under a folder that is a link out of the home',
      () => join(home, 'trip', 'secret.txt'),
    ],
  ])('refuses %s before touching it or the file manager', async (_name, path) => {
    await expect(service.showInFolder(path())).rejects.toMatchObject({
      code: 'invalid-input',
      reason: 'path-outside-home',
    });
    expect(lstatted).toEqual([]);
    expect(shown).toEqual([]);
  });

  it('says not-found for a missing item inside the home', async () => {
    await expect(service.showInFolder(join(home, 'Documents', 'gone.txt'))).rejects.toMatchObject({
      code: 'not-found',
    });
    expect(shown).toEqual([]);
  });
});
