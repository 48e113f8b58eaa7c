import { execFile } from 'node:child_process';
import { chmod, chown, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { makeTempDir } from '../../harness/tmp';

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

async function restoreAsNobody(path: string): Promise<{ uid: number; rejected?: object; job?: { state: string; finished: { error: object | null } } }> {
  const args = ['--import', 'tsx', script, JSON.stringify({ home, stateDir: join(tmp.path, 'state'), path })];
  const { stdout } = await run(process.execPath, args, {
    uid: NOBODY,
    gid: NOBODY,
    cwd: join(import.meta.dirname, '../../..'),
    // tsx keeps a cache in TMPDIR: inside the test's own folder, so it goes with it.
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tmp.path, TMPDIR: join(tmp.path, 'tmp') },
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
    expect((await readdir(home)).sort()).toEqual(['.snapshots']);
  });

  it('an unreadable snapshots folder: restore.start refuses with snapshots-unreadable', async () => {
    await chmod(join(home, '.snapshots'), 0o700);
    const out = await restoreAsNobody(join(home, 'open.txt'));
    expect(out.rejected).toEqual({ code: 'access-denied', reason: 'snapshots-unreadable' });
    expect((await readdir(home)).sort()).toEqual(['.snapshots']);
  });
});
