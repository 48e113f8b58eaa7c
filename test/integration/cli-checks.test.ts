/**
 * `kairn checks` and `kairn report` through the real binary, on a machine with no system
 * services at all (the buses point at sockets that do not exist): the checks still answer,
 * free space is measured for real, and the report names no planted user or host.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { assertBuilt, runKairn } from './helpers/kairn-process';
import { makeTempDir } from '../harness/tmp';
import { makeUnwritableFolder } from '../harness/unwritable-folder';

const USER = 'zoltanq';
const HOST = 'quokkabox';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let env: NodeJS.ProcessEnv;

const CheckJson = z
  .object({
    id: z.string(),
    title: z.string(),
    state: z.enum(['ok', 'attention', 'problem', 'unknown']),
    summary: z.string(),
    details: z.array(z.string()),
    fix: z.object({ id: z.string(), label: z.string() }).strict().optional(),
  })
  .strict();

beforeAll(async () => {
  assertBuilt();
  tmp = await makeTempDir('kairn-cli-checks-');
  const home = join(tmp.path, 'home', USER);
  await mkdir(home, { recursive: true });
  // openSUSE Kalpa whose update tool left its "restart needed" flag, with no service on any bus.
  const sysRoot = join(tmp.path, 'root');
  await mkdir(join(sysRoot, 'run'), { recursive: true });
  await writeFile(join(sysRoot, 'run', 'reboot-needed'), '');
  await writeFile(
    join(tmp.path, 'os-release'),
    'NAME="openSUSE Kalpa"\nID="opensuse-kalpa"\nID_LIKE="suse opensuse"\nPRETTY_NAME="openSUSE Kalpa"\n',
  );
  env = {
    KAIRN_SYSROOT: sysRoot,
    KAIRN_OS_RELEASE: join(tmp.path, 'os-release'),
    DBUS_SYSTEM_BUS_ADDRESS: `unix:path=${join(tmp.path, 'no-system-bus')}`,
    DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(tmp.path, 'no-session-bus')}`,
    KAIRN_HOME: home,
    KAIRN_USER: USER,
    KAIRN_HOSTNAME: HOST,
    KAIRN_STATE_DIR: join(tmp.path, 'state'),
  };
});

afterAll(async () => {
  await tmp?.remove();
});

describe('kairn checks', () => {
  it('--json answers with no system service present: unknown where one is missing, free space measured', async () => {
    const run = await runKairn(['checks', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    const checks = z.array(CheckJson).parse(JSON.parse(run.stdout));
    const byId = new Map(checks.map((c) => [c.id, c]));
    expect([...byId.keys()]).toEqual([
      'restart-pending',
      'free-space-system',
      'free-space-home',
      'history-space',
      'file-history',
      'history-schedule',
      'failed-services',
    ]);
    for (const id of ['history-space', 'file-history', 'history-schedule', 'failed-services'])
      expect(byId.get(id)?.state).toBe('unknown');
    // The flag file says a restart waits; without logind there is no Restart tonight to offer.
    expect(byId.get('restart-pending')).toMatchObject({ state: 'attention' });
    expect(byId.get('restart-pending')?.fix).toBeUndefined();
    const system = byId.get('free-space-system');
    expect(['ok', 'attention', 'problem']).toContain(system?.state);
    const size = /size: (\d+) bytes/.exec(system?.details.join('\n') ?? '');
    expect(Number(size?.[1])).toBeGreaterThan(0);
  });

  it('without --json prints one line per check', async () => {
    const run = await runKairn(['checks'], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\[unknown *\] System services: /m);
    expect(run.stdout).toMatch(/^\[attention\] Restart: An update was just installed\./m);
  });
});

describe('kairn report', () => {
  it('writes one redacted file to a new path', async () => {
    const out = join(tmp.path, 'report.txt');
    const run = await runKairn(['report', '--output', out], env);
    expect(run.code, run.stderr).toBe(0);
    const text = await readFile(out, 'utf8');
    expect(text).toContain('== Checks ==');
    expect(text).toMatch(/Recent errors: system journal/);
    expect(text.toLowerCase()).not.toContain(USER);
    expect(text.toLowerCase()).not.toContain(HOST);
    expect((await readdir(tmp.path)).filter((n) => n.includes('kairn-tmp'))).toEqual([]);
  });

  it('refuses an existing path and leaves it untouched', async () => {
    const out = join(tmp.path, 'mine.txt');
    await writeFile(out, 'my own notes');
    const run = await runKairn(['report', '--output', out], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/already exists; Kairn never overwrites it/);
    expect(await readFile(out, 'utf8')).toBe('my own notes');
  });

  it('refuses a folder it cannot write into, writing nothing there', async () => {
    // Read-only for real, root included (a read-only mount as root, mode 0500 otherwise).
    const locked = await makeUnwritableFolder(join(tmp.path, 'locked'));
    try {
      const run = await runKairn(['report', '--output', join(locked.path, 'r.txt')], env);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/cannot write into the folder/);
      expect(await readdir(locked.path)).toEqual([]);
    } finally {
      await locked.release();
    }
  });
});
