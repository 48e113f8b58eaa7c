import { execFileSync } from 'node:child_process';
import {
  chmod,
  chown,
  lstat,
  mkdir,
  readFile,
  readdir,
  readlink,
  symlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { join } from 'node:path';

import { getAttribute, setAttribute } from 'fs-xattr';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { nodeFileSystem } from '../../../electron/backends/restore-fs/node-fs';
import { FaultyFs } from '../../fakes/faulty-fs';
import {
  LABEL,
  SNAPSHOT_TIME,
  changedOrLost,
  digestTree,
  type Fixture,
  makeFixture,
  restore,
  writeTree,
} from './helpers';

let fx: Fixture;
let spy: FaultyFs;
/** Every (operation, path) the restore did, to prove what it never touched. */
let touched: string[];
const isRoot = process.getuid?.() === 0;
const OLD = new Date('2024-02-03T04:05:06.789Z');

beforeEach(async () => {
  touched = [];
  spy = new FaultyFs(nodeFileSystem, {
    eacces: (op, path) => {
      touched.push(`${op} ${path}`);
      return false;
    },
  });
  fx = await makeFixture(spy.fs);
  const project = join(fx.home, 'Project');
  await writeTree(project, {
    'src/main.c': 'int main;',
    'src/deep/er/x.h': '#x',
    README: 'read me',
    'run.sh': '#!/bin/sh',
  });
  await symlink('/etc/passwd', join(project, 'passwd-link'));
  await symlink('src/main.c', join(project, 'relative-link'));
  await symlink('does/not/exist', join(project, 'dangling'));
  await symlink('src', join(project, 'dir-link'));
  await mkdir(join(project, 'locked'));
  await writeFile(join(project, 'locked/inside.txt'), 'in a read-only folder');
  await chmod(join(project, 'locked'), 0o555);
  await chmod(join(project, 'run.sh'), 0o750);
  await chmod(join(project, 'README'), 0o604);
  await utimes(join(project, 'src/main.c'), OLD, OLD);
  await utimes(join(project, 'src/deep'), OLD, OLD);
  await fx.snapper.snapshotNow('home', 'before', SNAPSHOT_TIME);
});

afterEach(async () => {
  await chmod(join(fx.home, 'Project/locked'), 0o755).catch(() => undefined);
  await fx.remove();
});

const project = () => join(fx.home, 'Project');
const restoredProject = () => join(fx.home, `Project (${LABEL})`);

describe('folder restore', () => {
  it('copies nested folders with modes and times, and changes nothing existing', async () => {
    const before = await digestTree(fx.home);
    const out = await restore(fx, {
      config: 'home',
      snapshot: 1,
      paths: [project()],
      mode: 'keep-both',
    });
    expect(out.result?.restored).toEqual([restoredProject()]);
    expect(changedOrLost(before, await digestTree(fx.home))).toEqual([]);
    const src = await digestTree(fx.inSnapshot(1, project()));
    expect(await digestTree(restoredProject())).toEqual(src);
    for (const rel of ['run.sh', 'README', 'locked', 'src/main.c', 'src/deep', 'src/deep/er/x.h']) {
      const [a, b] = [
        await lstat(join(fx.inSnapshot(1, project()), rel)),
        await lstat(join(restoredProject(), rel)),
      ];
      expect({ rel, mode: b.mode }).toEqual({ rel, mode: a.mode });
      // utimes takes float seconds: equal to the microsecond.
      expect(Math.abs(b.mtimeMs - a.mtimeMs), rel).toBeLessThan(0.002);
    }
    expect((await lstat(join(restoredProject(), 'src/main.c'))).mtime.toISOString()).toBe(
      OLD.toISOString(),
    );
    expect(await readFile(join(restoredProject(), 'locked/inside.txt'), 'utf8')).toBe(
      'in a read-only folder',
    );
  });

  it('restores symlinks as symlinks and never reads their targets', async () => {
    await restore(fx, { config: 'home', snapshot: 1, paths: [project()], mode: 'keep-both' });
    const links = {
      'passwd-link': '/etc/passwd',
      'relative-link': 'src/main.c',
      dangling: 'does/not/exist',
      'dir-link': 'src',
    };
    for (const [name, target] of Object.entries(links)) {
      expect((await lstat(join(restoredProject(), name))).isSymbolicLink()).toBe(true);
      expect(await readlink(join(restoredProject(), name))).toBe(target);
    }
    const snapLink = join(fx.inSnapshot(1, project()), 'passwd-link');
    // Creating the link names its target (`symlink /etc/passwd`); nothing else may mention it or read through the link.
    const reads = touched.filter(
      (t) =>
        (t.includes('/etc/passwd') && !t.startsWith('symlink ')) ||
        (/^(copyFile|open|readFile|stat|readdir) /.test(t) && t.endsWith(snapLink)),
    );
    expect(reads).toEqual([]);
    expect(touched.some((t) => t === `readlink ${snapLink}`)).toBe(true);
  });

  it('restores a single symlink pointing at /etc/passwd as a link', async () => {
    const link = join(project(), 'passwd-link');
    const out = await restore(fx, {
      config: 'home',
      snapshot: 1,
      paths: [link],
      mode: 'keep-both',
    });
    const restored = join(project(), `passwd-link (${LABEL})`);
    expect(out.result?.restored).toEqual([restored]);
    expect(await readlink(restored)).toBe('/etc/passwd');
    expect(out.result?.bytes).toBe(0);
    expect(touched.filter((t) => t.includes('/etc/passwd') && !t.startsWith('symlink '))).toEqual(
      [],
    );
    expect(touched).toContain(`symlink /etc/passwd`);
  });

  it('keeps user extended attributes (where the file system has them)', async (ctx) => {
    const probe = join(fx.base, 'xattr-probe');
    await writeFile(probe, '');
    const supported = await setAttribute(probe, 'user.kairn.probe', '1').then(
      () => true,
      () => false,
    );
    // tmpfs before Linux 6.6 and some ext4 mounts refuse user.* attributes: only this check is skipped there.
    if (!supported) ctx.skip('user.* xattrs unsupported on the test file system');
    const snapFile = join(fx.inSnapshot(1, project()), 'README');
    await setAttribute(snapFile, 'user.xdg.origin.url', 'https://example.org/readme');
    await setAttribute(join(fx.inSnapshot(1, project()), 'src'), 'user.folder.tag', 'blue');
    await restore(fx, { config: 'home', snapshot: 1, paths: [project()], mode: 'keep-both' });
    expect(
      (await getAttribute(join(restoredProject(), 'README'), 'user.xdg.origin.url')).toString(),
    ).toBe('https://example.org/readme');
    expect((await getAttribute(join(restoredProject(), 'src'), 'user.folder.tag')).toString()).toBe(
      'blue',
    );
  });

  it.skipIf(!isRoot)('as root, restores owners too (files, folders and symlinks)', async () => {
    const snap = fx.inSnapshot(1, project());
    await chown(join(snap, 'README'), 1234, 2345);
    await chown(join(snap, 'src'), 1234, 2345);
    await import('node:fs/promises').then((f) => f.lchown(join(snap, 'dangling'), 1234, 2345));
    await restore(fx, { config: 'home', snapshot: 1, paths: [project()], mode: 'keep-both' });
    for (const rel of ['README', 'src', 'dangling']) {
      const st = await lstat(join(restoredProject(), rel));
      expect({ rel, uid: st.uid, gid: st.gid }).toEqual({ rel, uid: 1234, gid: 2345 });
    }
  });

  it.skipIf(!isRoot)(
    "as a user, does not try to give away files that were someone else's",
    async () => {
      await fx.remove();
      fx = await makeFixture(nodeFileSystem, 1000);
      await writeTree(fx.home, { 'a.txt': 'a' });
      await fx.snapper.snapshotNow('home', 'x', SNAPSHOT_TIME);
      await chown(fx.inSnapshot(1, join(fx.home, 'a.txt')), 4321, 4321);
      await restore(fx, {
        config: 'home',
        snapshot: 1,
        paths: [join(fx.home, 'a.txt')],
        mode: 'keep-both',
      });
      expect((await lstat(join(fx.home, `a (${LABEL}).txt`))).uid).toBe(0);
    },
  );

  it('leaves sockets and other special files out of a folder', async () => {
    execFileSync('mkfifo', [join(fx.inSnapshot(1, project()), 'a-fifo')]);
    expect(await readdir(fx.inSnapshot(1, project()))).toContain('a-fifo');
    const out = await restore(fx, {
      config: 'home',
      snapshot: 1,
      paths: [project()],
      mode: 'keep-both',
    });
    expect(out.result?.files).toBe(9);
    expect(out.result?.skipped).toEqual([{ path: join(project(), 'a-fifo'), why: 'special-file' }]);
    expect(await readdir(restoredProject())).not.toContain('a-fifo');
    expect(touched.filter((t) => t.endsWith('a-fifo'))).toEqual(
      [`lstat ${join(fx.inSnapshot(1, project()), 'a-fifo')}`].flatMap((x) => [x, x]),
    );
  });
});
