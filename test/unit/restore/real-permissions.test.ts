import { execFile } from 'node:child_process';
import { chmod, chown, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { makeTempDir } from '../../harness/tmp';
import { changedOrLost, digestTree } from './helpers';

/**
 * Real EACCES, not injected: root bypasses permissions, so the restore runs in a child process
 * as uid/gid 65534 (nobody). Needs root to set that up; skipped otherwise.
 */

const run = promisify(execFile);
const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;
const script = join(import.meta.dirname, 'fixtures/restore-as-user.ts');

let tmp: { path: string; remove(): Promise<void> };
let home: string;

interface ChildJob {
  state: string;
  finished: {
    error: Record<string, unknown> | null;
    result: { restored: string[]; skipped: object[] } | null;
  };
}

async function restoreAsNobody(
  path: string,
  skipUnreadable = false,
): Promise<{ uid: number; rejected?: object; job?: ChildJob }> {
  const args = [
    '--import',
    'tsx',
    script,
    JSON.stringify({ home, stateDir: join(tmp.path, 'state'), path, skipUnreadable }),
  ];
  const { stdout } = await run(process.execPath, args, {
    uid: NOBODY,
    gid: NOBODY,
    cwd: join(import.meta.dirname, '../../..'),
    // tsx keeps a cache in TMPDIR: inside the test's own folder, so it goes with it.
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: tmp.path,
      TMPDIR: join(tmp.path, 'tmp'),
    },
    timeout: 60_000,
  });
  return JSON.parse(stdout) as never;
}

beforeEach(async () => {
  tmp = await makeTempDir('kairn-restore-perm-');
  await chmod(tmp.path, 0o755);
  home = join(tmp.path, 'home');
  const snap = join(home, '.snapshots/1/snapshot');
  await mkdir(snap, { recursive: true });
  await writeFile(join(snap, 'open.txt'), 'anyone may read this');
  await writeFile(join(snap, 'secret.txt'), 'root only', { mode: 0o600 });
  // A folder the user owns, with one root-owned 0600 file in it (and a root-only subfolder).
  await mkdir(join(snap, 'Project/private'), { recursive: true });
  await writeFile(join(snap, 'Project/plan.txt'), 'the plan');
  await writeFile(join(snap, 'Project/root-only.txt'), 'root only', { mode: 0o600 });
  await writeFile(join(snap, 'Project/private/deep.txt'), 'root only too');
  await chmod(join(snap, 'Project/private'), 0o700);
  await chown(join(snap, 'Project'), NOBODY, NOBODY);
  await mkdir(join(home, 'Project'));
  await writeFile(join(home, 'Project/plan.txt'), 'the live plan');
  await chown(join(home, 'Project'), NOBODY, NOBODY);
  await chown(home, NOBODY, NOBODY);
  // The user's own folders: tsx's cache and Kairn's state (restore journals).
  for (const own of ['tmp', 'state']) {
    await mkdir(join(tmp.path, own));
    await chown(join(tmp.path, own), NOBODY, NOBODY);
  }
});

afterEach(async () => {
  await tmp.remove();
});

describe.skipIf(!isRoot)('restore with real permissions (as uid 65534)', () => {
  it('restores what the user may read', async () => {
    const out = await restoreAsNobody(join(home, 'open.txt'));
    expect(out.uid).toBe(NOBODY);
    expect(out.job?.state).toBe('done');
    expect(await readdir(home)).toContain('open.txt');
  });

  it('an unreadable file: the job fails with access-denied (unreadable), nothing written', async () => {
    const out = await restoreAsNobody(join(home, 'secret.txt'));
    expect(out.job?.finished.error).toMatchObject({ code: 'access-denied', reason: 'unreadable' });
    expect((await readdir(home)).sort()).toEqual(['.snapshots', 'Project']);
  });

  it('a folder holding unreadable items: refused naming them, nothing written; then the rest is restored', async () => {
    const live = await digestTree(home);
    const project = join(home, 'Project');
    const refused = await restoreAsNobody(project);
    expect(refused.job?.state).toBe('failed');
    const unreadable = [
      { path: join(project, 'private'), why: 'unreadable' },
      { path: join(project, 'root-only.txt'), why: 'unreadable' },
    ];
    expect(refused.job?.finished.error).toMatchObject({
      code: 'access-denied',
      reason: 'some-unreadable',
      items: unreadable,
    });
    expect(refused.job?.finished.error?.message).toMatch(
      /^2 items cannot be read with your permissions/,
    );
    expect(changedOrLost(live, await digestTree(home))).toEqual([]);
    expect((await readdir(home)).sort()).toEqual(['.snapshots', 'Project']);

    const rest = await restoreAsNobody(project, true);
    expect(rest.job?.state).toBe('done');
    // The label's hour is the child's local time: found by its start.
    const name = (await readdir(home)).find((n) => n.startsWith('Project (restored '));
    const restored = join(home, name ?? 'no restored copy');
    expect(rest.job?.finished.result).toMatchObject({ restored: [restored], skipped: unreadable });
    expect((await readdir(restored)).sort()).toEqual(['plan.txt']);
    expect(await readFile(join(restored, 'plan.txt'), 'utf8')).toBe('the plan');
    expect(changedOrLost(live, await digestTree(home))).toEqual([]);
  });

  it('an unreadable snapshots folder: restore.start refuses with snapshots-unreadable', async () => {
    await chmod(join(home, '.snapshots'), 0o700);
    const out = await restoreAsNobody(join(home, 'open.txt'));
    expect(out.rejected).toEqual({ code: 'access-denied', reason: 'snapshots-unreadable' });
    expect((await readdir(home)).sort()).toEqual(['.snapshots', 'Project']);
  });
});
