/**
 * A real full disk (not an injected ENOSPC): "Restore to…" a 1 MiB tmpfs that already holds a
 * file, with a 20 MB file from a snapshot. The job must end as no-space, leave no temp file,
 * and change nothing that was there — neither in the destination nor in the home.
 * Needs root to mount; with CI set, not being able to is a failure, not a skip.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  changedOrLost,
  digestTree,
  makeFixture,
  restore,
  tempLeftovers,
  writeTree,
  type Fixture,
} from '../unit/restore/helpers';

const isRoot = process.getuid?.() === 0;
if (!isRoot && process.env.CI)
  throw new Error('CI must run as root: the disk-full test mounts a tmpfs');

describe.runIf(isRoot)('restore onto a really full disk', () => {
  let fx: Fixture;
  let dest: string;

  beforeAll(async () => {
    fx = await makeFixture();
    await writeTree(fx.home, {
      'Video/big.mkv': randomBytes(20 * 1024 * 1024),
      'note.txt': 'keep me',
    });
    await fx.snapper.snapshotNow('home', 'before');
    dest = join(fx.base, 'small-disk');
    await mkdir(dest);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'kairn-test-small-disk', dest]);
    await writeFile(join(dest, 'already here.txt'), 'an existing file on the small disk');
  });

  afterAll(async () => {
    if (dest) execFileSync('umount', [dest]);
    // fx is still unset when beforeAll failed before creating it.
    await fx?.remove();
  });

  it('ends as no-space, leaves no temp file and changes nothing', async () => {
    const destBefore = await digestTree(dest);
    const homeBefore = await digestTree(fx.home);
    const outcome = await restore(fx, {
      config: 'home',
      snapshot: 1,
      mode: 'to',
      dest,
      paths: [join(fx.home, 'Video/big.mkv')],
    });
    expect(outcome.state).toBe('failed');
    expect(outcome.error?.code).toBe('no-space');
    expect(await tempLeftovers(dest)).toEqual([]);
    const destAfter = await digestTree(dest);
    expect(changedOrLost(destBefore, destAfter)).toEqual([]);
    expect([...destAfter.keys()].sort()).toEqual([...destBefore.keys()].sort());
    expect(changedOrLost(homeBefore, await digestTree(fx.home))).toEqual([]);
  });

  it('a 256 MiB sparse file with 8 KiB of data fits onto the 1 MiB disk: its holes are kept', async () => {
    const small = join(fx.base, 'small-disk-2');
    await mkdir(small);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'kairn-test-sparse-disk', small]);
    try {
      const image = fx.inSnapshot(1, join(fx.home, 'disk.img'));
      const data = [randomBytes(4096), randomBytes(4096)];
      const handle = await open(image, 'wx');
      await handle.write(data[0]!, 0, 4096, 0);
      await handle.write(data[1]!, 0, 4096, 200 * 1024 * 1024);
      await handle.truncate(256 * 1024 * 1024);
      await handle.close();
      const outcome = await restore(fx, {
        config: 'home',
        snapshot: 1,
        mode: 'to',
        dest: small,
        paths: [join(fx.home, 'disk.img')],
      });
      expect(outcome.error).toBeNull();
      const restored = join(small, 'disk.img');
      expect((await lstat(restored)).size).toBe(256 * 1024 * 1024);
      expect((await lstat(restored)).blocks * 512).toBeLessThan(64 * 1024);
      const copy = await open(restored, 'r');
      const back = [Buffer.alloc(4096), Buffer.alloc(4096)];
      await copy.read(back[0]!, 0, 4096, 0);
      await copy.read(back[1]!, 0, 4096, 200 * 1024 * 1024);
      await copy.close();
      expect(back).toEqual(data);
    } finally {
      execFileSync('umount', [small]);
    }
  });
});
