import { execFileSync } from 'node:child_process';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { RestoreResult } from '../../../shared/schemas/jobs';
import {
  LABEL,
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
 * What a folder restore leaves out is named in the result, with why: pipes (and sockets and
 * devices, which need root to make: the same path), and names that are not valid UTF-8.
 */

let fx: Fixture;
let liveBefore: Map<string, string>;
const project = () => join(fx.home, 'Project');
const restoredProject = () => join(fx.home, `Project (${LABEL})`);
const inSnap = (...rel: string[]) => join(fx.inSnapshot(1, project()), ...rel);

beforeEach(async () => {
  fx = await makeFixture();
  await writeTree(project(), { 'notes.txt': 'my notes', 'src/main.c': 'int main;' });
  await fx.snapper.snapshotNow('home', 'before', SNAPSHOT_TIME);
  await writeFile(join(project(), 'notes.txt'), 'newer notes');
  // Only the live folder: the snapshot holds names the digest's string readdir cannot look up.
  liveBefore = await digestTree(project());
});

afterEach(async () => {
  await fx.remove();
});

async function expectLiveUnchanged(): Promise<void> {
  expect(changedOrLost(liveBefore, await digestTree(project()))).toEqual([]);
  expect((await readdir(fx.home)).sort()).toEqual(['.snapshots', 'Project', `Project (${LABEL})`]);
  expect(await tempLeftovers(project())).toEqual([]);
}

describe('skipped items are named', () => {
  it('a FIFO inside a folder is left out and listed as a special file', async () => {
    execFileSync('mkfifo', [inSnap('src', 'a-pipe')]);
    const out = await restore(fx, {
      config: 'home',
      snapshot: 1,
      paths: [project()],
      mode: 'keep-both',
    });
    expect(out.state).toBe('done');
    expect(RestoreResult.parse(out.result).skipped).toEqual([
      { path: join(project(), 'src/a-pipe'), why: 'special-file' },
    ]);
    expect(await readdir(join(restoredProject(), 'src'))).toEqual(['main.c']);
    expect(await readFile(join(restoredProject(), 'notes.txt'), 'utf8')).toBe('my notes');
    await expectLiveUnchanged();
  });

  it('a name that is not valid UTF-8 is listed as unreadable, not "does not exist", and the rest is restored', async () => {
    const latin1 = Buffer.concat([
      Buffer.from(`${inSnap('src')}/caf`),
      Buffer.from([0xe9]),
      Buffer.from('.txt'),
    ]);
    await writeFile(latin1, 'written by an old program');
    // The valid name its bytes would be shown as: it must be restored, and not be mistaken for the other.
    await writeFile(inSnap('src', 'caf\uFFFD.txt'), 'a real U+FFFD name');
    const out = await restore(fx, {
      config: 'home',
      snapshot: 1,
      paths: [project()],
      mode: 'keep-both',
    });
    expect(out.error).toBeNull();
    expect(out.result?.skipped).toEqual([
      { path: join(project(), 'src/caf\uFFFD.txt'), why: 'name-not-readable' },
    ]);
    expect((await readdir(join(restoredProject(), 'src'))).sort()).toEqual([
      'caf\uFFFD.txt',
      'main.c',
    ]);
    expect(await readFile(join(restoredProject(), 'src/caf\uFFFD.txt'), 'utf8')).toBe(
      'a real U+FFFD name',
    );
    expect(out.result?.files).toBe(3);
    await expectLiveUnchanged();
  });

  it('nothing left out: the list is empty', async () => {
    const out = await restore(fx, {
      config: 'home',
      snapshot: 1,
      paths: [project()],
      mode: 'keep-both',
    });
    expect(out.result?.skipped).toEqual([]);
  });
});
