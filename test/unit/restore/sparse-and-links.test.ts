import { createHash, randomBytes } from 'node:crypto';
import { link, lstat, mkdir, open, readFile, readdir, statfs, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { nodeFileSystem } from '../../../electron/backends/restore-fs/node-fs';
import type { RestoreServiceImpl } from '../../../electron/core/restore/service';
import { FaultyFs } from '../../fakes/faulty-fs';
import {
  SNAPSHOT_TIME,
  changedOrLost,
  digestTree,
  type Fixture,
  makeFixture,
  restore,
  tempLeftovers,
  writeTree,
} from './helpers';

/**
 * What a byte copy must keep besides the bytes: the holes of sparse files (restored onto a file
 * system that cannot clone, here the test's ext4 or tmpfs /tmp) and hard links inside a folder.
 */

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
/** Where the sparse file holds data: a few KiB in a 1 GiB file, ending in a hole. */
const DATA_AT = [0, 300 * MiB + 123, 777 * MiB];
const DATA_LEN = 4096;

let fx: Fixture;
let faulty: FaultyFs;
/** A folder outside the home holding one file already (the destination of "Restore to…"). */
let dest: string;
let destBefore: Map<string, string>;
let homeBefore: Map<string, string>;
let snapDir: string;

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** A file of `size` bytes with random data only at `at` (each DATA_LEN long); the rest are holes. */
async function writeSparse(path: string, size: number, at: number[]): Promise<Buffer[]> {
  const handle = await open(path, 'wx');
  const chunks = at.map(() => randomBytes(DATA_LEN));
  try {
    for (const [i, position] of at.entries()) await handle.write(chunks[i]!, 0, DATA_LEN, position);
    await handle.truncate(size);
  } finally {
    await handle.close();
  }
  return chunks;
}

async function readAt(path: string, position: number, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, position);
    return buffer;
  } finally {
    await handle.close();
  }
}

function startAndKeepId(params: Parameters<RestoreServiceImpl['start']>[0]) {
  let resolveId: (id: string) => void = () => {};
  const id = new Promise<string>((resolve) => (resolveId = resolve));
  const started = fx.service.start(params).then((jobId) => (resolveId(jobId), jobId));
  return { id, started };
}

beforeEach(async () => {
  faulty = new FaultyFs(nodeFileSystem);
  fx = await makeFixture(faulty.fs);
  await writeTree(fx.home, {
    'Disk/readme.txt': 'the disk image folder',
    'Linked/placeholder': 'x',
  });
  await fx.snapper.snapshotNow('home', 'x', SNAPSHOT_TIME);
  snapDir = fx.inSnapshot(1, join(fx.home, 'Disk'));
  dest = join(fx.base, 'elsewhere');
  await mkdir(dest);
  await writeFile(join(dest, 'already here.txt'), 'an existing file');
  destBefore = await digestTree(dest);
  // The big sparse files live only in the snapshot: digests of the home leave .snapshots out.
  homeBefore = await digestTree(join(fx.home, 'Disk'));
});

afterEach(async () => {
  await fx.remove();
});

async function expectNothingExistingChanged(): Promise<void> {
  expect(changedOrLost(destBefore, await digestTree(dest))).toEqual([]);
  expect(changedOrLost(homeBefore, await digestTree(join(fx.home, 'Disk')))).toEqual([]);
  expect(await tempLeftovers(dest)).toEqual([]);
}

describe('sparse files', () => {
  it(
    'a 1 GiB file with 12 KiB of data stays sparse, with the same size and data',
    { timeout: 60_000 },
    async () => {
      const fsType = (await statfs(dest)).type;
      expect(
        fsType,
        'the destination must be a file system that cannot clone (not btrfs)',
      ).not.toBe(0x9123683e);
      const image = join(snapDir, 'disk.img');
      const chunks = await writeSparse(image, GiB, DATA_AT);
      expect((await lstat(image)).blocks * 512).toBeLessThan(MiB);
      const out = await restore(fx, {
        config: 'home',
        snapshot: 1,
        paths: [join(fx.home, 'Disk')],
        mode: 'to',
        dest,
      });
      expect(out.error).toBeNull();
      const restored = join(dest, 'Disk/disk.img');
      const st = await lstat(restored);
      expect(st.size).toBe(GiB);
      // Without holes this would be 1 GiB allocated.
      expect(st.blocks * 512).toBeLessThan(MiB);
      for (const [i, position] of DATA_AT.entries()) {
        expect(sha(await readAt(restored, position, DATA_LEN)), `data at ${position}`).toBe(
          sha(chunks[i]!),
        );
      }
      // Around the data the holes read as zeros (a block each side, and the end of the file).
      const zeros = sha(Buffer.alloc(DATA_LEN));
      for (const position of [
        DATA_LEN,
        300 * MiB + 123 - DATA_LEN,
        777 * MiB + DATA_LEN,
        GiB - DATA_LEN,
      ]) {
        expect(sha(await readAt(restored, position, DATA_LEN)), `hole at ${position}`).toBe(zeros);
      }
      expect(out.result?.bytes).toBe(GiB + (await lstat(join(snapDir, 'readme.txt'))).size);
      await expectNothingExistingChanged();
    },
  );

  it('a small sparse file (below the chunked size) keeps its hole and bytes too', async () => {
    const small = join(snapDir, 'small.db');
    await writeSparse(small, 2 * MiB, [0, 2 * MiB - DATA_LEN]);
    await restore(fx, {
      config: 'home',
      snapshot: 1,
      paths: [join(fx.home, 'Disk')],
      mode: 'to',
      dest,
    });
    const restored = join(dest, 'Disk/small.db');
    expect(sha(await readFile(restored))).toBe(sha(await readFile(small)));
    expect((await lstat(restored)).blocks * 512).toBeLessThan(MiB);
  });

  it('a file that is not sparse keeps every byte, zero runs included', async () => {
    const dense = join(snapDir, 'dense.bin');
    // Written zeros are allocated: not sparse, so it is copied as it is.
    await writeFile(
      dense,
      Buffer.concat([
        randomBytes(MiB),
        Buffer.alloc(3 * MiB),
        randomBytes(5 * MiB + 17),
        Buffer.alloc(MiB),
      ]),
    );
    expect((await lstat(dense)).blocks * 512).toBeGreaterThanOrEqual((await lstat(dense)).size);
    await restore(fx, {
      config: 'home',
      snapshot: 1,
      paths: [join(fx.home, 'Disk')],
      mode: 'to',
      dest,
    });
    const restored = join(dest, 'Disk/dense.bin');
    expect((await lstat(restored)).size).toBe((await lstat(dense)).size);
    expect(sha(await readFile(restored))).toBe(sha(await readFile(dense)));
  });

  it('disk full while writing a sparse file: no-space, nothing changed', async () => {
    await writeSparse(
      join(snapDir, 'disk.img'),
      64 * MiB,
      DATA_AT.slice(0, 1).concat([20 * MiB, 40 * MiB]),
    );
    faulty.plan = { enospcAtWrite: 2 };
    const out = await restore(fx, {
      config: 'home',
      snapshot: 1,
      paths: [join(fx.home, 'Disk')],
      mode: 'to',
      dest,
    });
    expect(out.error).toMatchObject({ code: 'no-space' });
    expect([...(await digestTree(dest)).keys()].sort()).toEqual([...destBefore.keys()].sort());
    await expectNothingExistingChanged();
  });

  it('cancel inside a sparse file stops between chunks, nothing changed', async () => {
    await writeSparse(join(snapDir, 'disk.img'), 64 * MiB, [0, 20 * MiB, 40 * MiB, 60 * MiB]);
    const { id, started } = startAndKeepId({
      config: 'home',
      snapshot: 1,
      paths: [join(fx.home, 'Disk/disk.img')],
      mode: 'to',
      dest,
    });
    let dataWrites = 0;
    faulty.plan = {
      // The first data block written: cancel (the clone attempt before it counts as a write too).
      beforeWrite: async ({ op }) => {
        if (op === 'write' && ++dataWrites === 1) fx.jobs.cancel(await id);
      },
    };
    const snap = await fx.jobs.wait(await started);
    expect(snap.state).toBe('cancelled');
    expect(dataWrites).toBe(1);
    expect([...(await digestTree(dest)).keys()].sort()).toEqual([...destBefore.keys()].sort());
    await expectNothingExistingChanged();
  });
});

describe('hard links', () => {
  it('a hard-linked pair stays one inode in the restored folder; other files stay apart', async () => {
    const snap = fx.inSnapshot(1, join(fx.home, 'Linked'));
    await writeFile(join(snap, 'a'), 'shared content');
    await mkdir(join(snap, 'sub'));
    await link(join(snap, 'a'), join(snap, 'sub/b'));
    await writeFile(join(snap, 'c'), 'shared content');
    const live = await digestTree(join(fx.home, 'Linked'));
    const out = await restore(fx, {
      config: 'home',
      snapshot: 1,
      paths: [join(fx.home, 'Linked')],
      mode: 'to',
      dest,
    });
    expect(out.error).toBeNull();
    const [a, b, c] = await Promise.all(
      ['a', 'sub/b', 'c'].map((rel) => lstat(join(dest, 'Linked', rel))),
    );
    expect(a!.ino).toBe(b!.ino);
    expect(a!.nlink).toBe(2);
    expect(c!.ino).not.toBe(a!.ino);
    expect(c!.nlink).toBe(1);
    for (const rel of ['a', 'sub/b', 'c'])
      expect(await readFile(join(dest, 'Linked', rel), 'utf8')).toBe('shared content');
    expect((await readdir(join(dest, 'Linked'))).sort()).toEqual(['a', 'c', 'placeholder', 'sub']);
    // The linked name is counted once, as the bytes it really takes.
    expect(out.result).toMatchObject({ files: 4, bytes: 'shared content'.length * 2 + 1 });
    expect(changedOrLost(live, await digestTree(join(fx.home, 'Linked')))).toEqual([]);
    await expectNothingExistingChanged();
  });

  it('a link to a file outside the restored folder is a copy of its own', async () => {
    const snap = fx.inSnapshot(1, join(fx.home, 'Linked'));
    await link(join(snap, 'placeholder'), join(fx.inSnapshot(1, join(fx.home, 'Disk')), 'outside'));
    await restore(fx, {
      config: 'home',
      snapshot: 1,
      paths: [join(fx.home, 'Linked')],
      mode: 'to',
      dest,
    });
    const copy = await lstat(join(dest, 'Linked/placeholder'));
    expect(copy.nlink).toBe(1);
    expect(await readFile(join(dest, 'Linked/placeholder'), 'utf8')).toBe('x');
  });
});
