import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';

import { expect, it } from 'vitest';

const run = promisify(execFile);
const PREFLIGHT = join(import.meta.dirname, '..', 'harness', 'preflight.mjs');

it('npm test stops at once with one line naming what is missing and the setup command', async () => {
  const emptyPath = await mkdtemp(join(tmpdir(), 'kairn-empty-path-'));
  try {
    const failure = await run(process.execPath, [PREFLIGHT], {
      env: { PATH: emptyPath, CI: 'true' },
    }).then(
      () => null,
      (err: unknown) => err as { code: number; stdout: string; stderr: string },
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stdout).toBe('');
    const lines = (failure?.stderr ?? '').trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/missing .*dbus-daemon.*snapper/);
    expect(lines[0]).toMatch(/npm run setup$/);
  } finally {
    await rm(emptyPath, { recursive: true, force: true });
  }
});

it('passes silently on a machine that has everything (this one, set up by npm run setup)', async () => {
  const { stdout, stderr } = await run(process.execPath, [PREFLIGHT]);
  expect(stdout + stderr).toBe('');
});
