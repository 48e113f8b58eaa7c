import { mkdir, readFile, readdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { nodeFileSystem } from '../../../electron/backends/restore-fs/node-fs';
import { FaultyFs } from '../../fakes/faulty-fs';
import {
  SNAPSHOT_TIME,
  digestTree,
  type Fixture,
  makeFixture,
  restore,
  tempLeftovers,
  writeTree,
} from './helpers';

/**
 * Issue 6, item 1: a folder on the destination path that is (or becomes) a symlink is never
 * followed. Snapshot 1 holds the real ~/trip/precious.txt; afterwards ~/trip is a link to a
 * folder outside the home. Nothing inside or outside the home may change.
 */

let fx: Fixture;
let faulty: FaultyFs;
let outside: string;
const trip = () => join(fx.home, 'trip');
const precious = () => join(trip(), 'precious.txt');

beforeEach(async () => {
  faulty = new FaultyFs(nodeFileSystem);
  fx = await makeFixture(faulty.fs);
  outside = join(fx.base, 'outside');
  await writeTree(outside, { 'precious.txt': 'the outside file', 'other.txt': 'also outside' });
  await writeTree(fx.home, {
    'trip/precious.txt': 'snapshot precious',
    'trip/new/deep.txt': 'deep',
    'keep.txt': 'keep',
  });
  await fx.snapper.snapshotNow('home', 'before', SNAPSHOT_TIME);
});

afterEach(async () => {
  await fx.remove();
});

/** ~/trip becomes a link to the outside folder. */
async function tripBecomesLink(): Promise<void> {
  await rm(trip(), { recursive: true });
  await symlink(outside, trip());
}

describe('a destination folder that is a link', () => {
  it.each(['keep-both', 'replace'] as const)(
    '%s: refused at start, nothing written anywhere',
    async (mode) => {
      await tripBecomesLink();
      const before = await digestTree(fx.base);
      for (const path of [precious(), join(trip(), 'new/deep.txt')]) {
        await expect(
          fx.service.start({ config: 'home', snapshot: 1, paths: [path], mode }),
        ).rejects.toMatchObject({
          code: 'invalid-input',
          reason: 'destination-is-link',
        });
      }
      // Exactly the same tree (digests of every file, inside and outside the home; no new entries).
      expect(await digestTree(fx.base)).toEqual(before);
    },
  );

  it.each(['keep-both', 'replace'] as const)(
    '%s: the folder becoming a link between copying and placing is refused',
    async (mode) => {
      const beforeOutside = await digestTree(outside);
      let swapped = false;
      faulty.plan = {
        // The copy's last step is its times: staging is complete, the placing has not begun.
        after: async (op, [path]) => {
          if (op !== 'utimes' || swapped || !path?.includes('.precious.txt.kairn-tmp-')) return;
          swapped = true;
          await tripBecomesLink();
        },
      };
      const out = await restore(fx, { config: 'home', snapshot: 1, paths: [precious()], mode });
      expect(swapped).toBe(true);
      expect(out.state).toBe('failed');
      expect(out.error).toMatchObject({ code: 'invalid-input', reason: 'destination-is-link' });
      expect(await digestTree(outside)).toEqual(beforeOutside);
      expect(await readFile(join(outside, 'precious.txt'), 'utf8')).toBe('the outside file');
      expect(await tempLeftovers(fx.home)).toEqual([]);
      expect(await readdir(fx.stateDir).catch(() => [])).not.toContain('undo');
    },
  );

  it('replace: a planted .kairn-replaced link is refused, the current file stays', async () => {
    await writeFile(precious(), 'current precious');
    await symlink(outside, join(trip(), '.kairn-replaced'));
    const beforeOutside = await digestTree(outside);
    const out = await restore(fx, {
      config: 'home',
      snapshot: 1,
      paths: [precious()],
      mode: 'replace',
    });
    expect(out.error).toMatchObject({ code: 'invalid-input', reason: 'destination-is-link' });
    expect(await readFile(precious(), 'utf8')).toBe('current precious');
    expect(await digestTree(outside)).toEqual(beforeOutside);
    expect(await tempLeftovers(fx.home)).toEqual([]);
  });

  it('undo of a replace refuses when the folder became a link meanwhile, and the kept version stays', async () => {
    await writeFile(precious(), 'current precious');
    const out = await restore(fx, {
      config: 'home',
      snapshot: 1,
      paths: [precious()],
      mode: 'replace',
    });
    const real = join(fx.base, 'trip-moved');
    await rename(trip(), real);
    await symlink(outside, trip());
    const beforeOutside = await digestTree(outside);
    await expect(fx.service.undo(out.result!.undoId!)).rejects.toMatchObject({
      reason: 'destination-is-link',
    });
    expect(await digestTree(outside)).toEqual(beforeOutside);
    expect(
      await readFile(join(real, '.kairn-replaced', out.result!.undoId!, 'precious.txt'), 'utf8'),
    ).toBe('current precious');
  });

  it('a missing folder on the way is created as a real folder (no link followed on the way)', async () => {
    await rm(join(trip(), 'new'), { recursive: true });
    await mkdir(join(fx.base, 'elsewhere'));
    const out = await restore(fx, {
      config: 'home',
      snapshot: 1,
      paths: [join(trip(), 'new/deep.txt')],
      mode: 'keep-both',
    });
    expect(out.result?.restored).toEqual([join(trip(), 'new/deep.txt')]);
    expect(await readdir(join(fx.base, 'elsewhere'))).toEqual([]);
  });
});
