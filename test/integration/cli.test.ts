import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runCli, type CliHost } from '../../electron/cli/run';
import { startDemoEnvironment, type DemoEnvironment } from '../../electron/demo/demo';
import { METHOD_NAMES, methods, type MethodName } from '../../shared/api/contract';
import type { Transport } from '../../shared/api/wire';
import { FileVersion } from '../../shared/schemas/files';
import { JobFinished, RestoreResult } from '../../shared/schemas/jobs';
import { Snapshot } from '../../shared/schemas/snapshots';
import { RestartInfo } from '../../shared/schemas/restart';
import { Status } from '../../shared/schemas/status';
import { assertBuilt, runKairn } from './helpers/kairn-process';

const COMMANDS = [
  'status',
  'checks',
  'snapshots',
  'history',
  'restore',
  'restore-points',
  'rollback',
  'call',
  'open',
  'report',
  'reboot',
  'notifier',
  'serve',
  'demo',
];
const QUERY_METHODS = METHOD_NAMES.filter((name) => methods[name].kind === 'query');

let demo: DemoEnvironment | undefined;

/** The demo machine started in beforeAll. */
function machine(): DemoEnvironment {
  if (!demo) throw new Error('the demo machine is not running');
  return demo;
}

function kairn(...args: string[]): ReturnType<typeof runKairn> {
  return runKairn(args, machine().env);
}

async function sha256(path: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
}

let seededDocument = '';

/**
 * A seeded document with several saved versions (the demo's recipe folder), picked before any
 * test restores a copy next to it (a restored copy has no history of its own).
 */
function documentWithHistory(): Promise<string> {
  return Promise.resolve(seededDocument);
}

beforeAll(async () => {
  assertBuilt();
  demo = await startDemoEnvironment();
  const folder = join(demo.home, 'Documents', 'Recipes');
  const names = (await readdir(folder)).filter((name) => name.endsWith('.txt')).sort();
  expect(names.length).toBeGreaterThan(0);
  seededDocument = join(folder, names[0]!);
});

afterAll(async () => {
  await demo?.stop();
});

describe('kairn CLI', () => {
  it('--help lists all commands and every method of the contract table', async () => {
    const run = await kairn('--help');
    expect(run.code).toBe(0);
    for (const name of COMMANDS) expect(run.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
    for (const name of METHOD_NAMES) {
      expect(run.stdout).toMatch(
        new RegExp(`^  ${name.replace('.', '\\.')} +${methods[name].kind} +\\S`, 'm'),
      );
    }
  });

  it('status --json matches the Status schema', async () => {
    const run = await kairn('status', '--json');
    expect(run.code).toBe(0);
    const status = Status.parse(JSON.parse(run.stdout));
    expect(status).toMatchObject({
      family: 'suse-transactional',
      demo: true,
      home: { path: machine().home, config: 'home' },
    });
    // The demo machine has a transactional update waiting (its /run/reboot-needed).
    expect(status.restart).toEqual({
      checked: true,
      required: true,
      // …and its root history's next start differs from the running snapshot.
      reasons: ['reboot-needed', 'next-start-differs'],
      scheduled: null,
    });
  });

  it('status shows a restart logind has scheduled', async () => {
    const at = new Date('2026-12-01T03:00:00Z');
    const send = async (member: string, ...args: string[]): Promise<void> => {
      const argv = [
        `--bus=${machine().env.DBUS_SYSTEM_BUS_ADDRESS!}`,
        '--print-reply',
        '--dest=org.freedesktop.login1',
        '/org/freedesktop/login1',
        `org.freedesktop.login1.Manager.${member}`,
        ...args,
      ];
      await promisify(execFile)('dbus-send', argv, { timeout: 10_000 });
    };
    await send('ScheduleShutdown', 'string:reboot', `uint64:${at.getTime() * 1000}`);
    try {
      const status = Status.parse(JSON.parse((await kairn('status', '--json')).stdout));
      expect(status.restart.scheduled).toEqual({ at: at.toISOString() });
      expect((await kairn('status')).stdout).toMatch(/Restart:\s+scheduled for /);
    } finally {
      await send('CancelScheduledShutdown');
    }
  });

  it('status prints a short human summary', async () => {
    const run = await kairn('status');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('openSUSE Kalpa');
    expect(run.stdout.trim().split('\n').length).toBeLessThanOrEqual(6);
  });

  it('reboot schedule --tonight --json reads the schedule back from logind; cancel clears it', async () => {
    const run = await kairn('reboot', 'schedule', '--tonight', '--json');
    expect(run.code, run.stderr).toBe(0);
    const info = RestartInfo.parse(JSON.parse(run.stdout));
    expect(info.scheduled).toMatchObject({ type: 'reboot', byKairn: true });
    const at = new Date(info.scheduled?.at ?? '');
    expect([at.getHours(), at.getMinutes()]).toEqual([3, 0]);
    expect((await kairn('status', '--json')).stdout).toContain(at.toISOString());
    const cancel = await kairn('reboot', 'cancel');
    expect(cancel.code, cancel.stderr).toBe(0);
    expect(cancel.stdout).toContain('Scheduled restart cancelled.');
    expect(
      RestartInfo.parse(JSON.parse((await kairn('reboot', '--json')).stdout)).scheduled,
    ).toBeNull();
  });

  it.each([
    [['reboot', 'schedule', '--at', '2001-01-01T03:00'], 'already passed'],
    [['reboot', 'schedule', '--at', 'tomorrow'], 'not a date and time'],
    [['reboot', 'schedule'], 'exactly one of --at'],
    [['reboot', 'schedule', '--tonight', '--time', '25:00'], '--time'],
    [['reboot', 'explode'], 'unknown reboot command'],
  ])(
    'reboot %j is wrong input: exit 2, one stderr line, nothing scheduled',
    async (args, words) => {
      const run = await kairn(...args);
      expect(run.code).toBe(2);
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(run.stderr.toLowerCase()).toContain(words.toLowerCase());
    },
  );

  it('notifier --once looks once and exits, even without a notification server', async () => {
    const run = await kairn('notifier', '--once');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('');
  });

  it('snapshots --json lists the home snapshots oldest first', async () => {
    const run = await kairn('snapshots', '--config', 'home', '--json');
    expect(run.code).toBe(0);
    const snapshots = z.array(Snapshot).parse(JSON.parse(run.stdout));
    expect(snapshots.length).toBeGreaterThan(5);
    const numbers = snapshots.map((s) => s.number);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(snapshots.every((s) => !Number.isNaN(Date.parse(s.date)))).toBe(true);
  });

  it('history --json prints the distinct versions oldest first', async () => {
    const run = await kairn(
      'history',
      '--config',
      'home',
      '--path',
      await documentWithHistory(),
      '--json',
    );
    expect(run.code).toBe(0);
    const versions = z.array(FileVersion).parse(JSON.parse(run.stdout));
    expect(versions.length).toBeGreaterThan(1);
    expect(versions.map((v) => v.snapshot)).toEqual(
      versions.map((v) => v.snapshot).sort((a, b) => a - b),
    );
  });

  it('restore keeps both: brings back the old version next to the untouched current file', async () => {
    const path = await documentWithHistory();
    const before = await sha256(path);
    const history = JSON.parse(
      (await kairn('history', '--config', 'home', '--path', path, '--json')).stdout,
    ) as { snapshot: number }[];
    const oldest = history[0]!.snapshot;
    const run = await kairn(
      'restore',
      '--config',
      'home',
      '--snapshot',
      String(oldest),
      '--path',
      path,
      '--json',
    );
    expect(run.code).toBe(0);
    const result = RestoreResult.parse(JSON.parse(run.stdout));
    expect(result.restored).toHaveLength(1);
    expect(result.restored[0]).not.toBe(path);
    expect(await sha256(path)).toBe(before);
    expect(await sha256(result.restored[0]!)).not.toBe(before);
  });

  it('reports a core error as one stderr line with its code', async () => {
    const run = await kairn('snapshots', '--config', 'no-such-config');
    expect(run.code).toBe(1);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^kairn: .+ \(not-found\)\n$/);
  });

  it('reports wrong usage on one line with exit code 2', async () => {
    for (const args of [['restore', '--path', '/tmp/x'], ['status', '--bogus'], ['frobnicate']]) {
      const run = await kairn(...args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr.trimEnd().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });

  /*
   * Each of these crashed with SIGSEGV (exit 139) and no message: the input was rejected after
   * the bus had been opened, and closing a bus whose socket was still connecting crashed usocket.
   * `call jobs.get` is rejected by the core itself (no D-Bus call at all), so it still runs the
   * fast boot-and-close path that crashed; the others are now refused before any bus is opened.
   */
  const LONG_PATH = `/${'a'.repeat(5000)}`;
  it.each([
    {
      label: 'snapshots --config bad/../name',
      args: ['snapshots', '--config', 'bad/../name'],
      code: 2,
    },
    {
      label: 'restore --snapshot 0',
      args: ['restore', '--snapshot', '0', '--path', '/tmp/x'],
      code: 2,
    },
    {
      label: 'restore --snapshot 4294967296',
      args: ['restore', '--snapshot', '4294967296', '--path', '/tmp/x'],
      code: 2,
    },
    {
      label: 'restore --path <5000 chars>',
      args: ['restore', '--snapshot', '1', '--path', LONG_PATH],
      code: 2,
    },
    { label: 'history --path <5000 chars>', args: ['history', '--path', LONG_PATH], code: 2 },
    { label: 'serve --port 99999', args: ['serve', '--port', '99999'], code: 2 },
    {
      label: 'call snapshots.list with a bad config',
      args: ['call', 'snapshots.list', '--params', '{"config":"bad/../name"}'],
      code: 2,
    },
    {
      label: 'call jobs.get (rejected by the core)',
      args: ['call', 'jobs.get', '--params', '{"jobId":"no-such-job"}'],
      code: 1,
    },
  ])(
    'refuses $label with one plain stderr line and exit $code, never a signal',
    async ({ args, code }) => {
      const run = await kairn(...args);
      expect(run.signal).toBeNull();
      expect(run.code).toBe(code);
      expect(run.stdout).toBe('');
      const lines = run.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^kairn: \S/);
      expect(lines[0]!.length).toBeLessThan(400);
    },
  );

  describe('kairn call: every query method of the table', () => {
    /** Params that make sense on the demo machine, and the outcome expected. */
    async function sample(
      method: MethodName,
    ): Promise<{ params: unknown; error?: string } | undefined> {
      const path = await documentWithHistory();
      const history = z
        .array(FileVersion)
        .parse(
          JSON.parse((await kairn('history', '--config', 'home', '--path', path, '--json')).stdout),
        );
      const snapshot = history[0]!.snapshot;
      const samples: Partial<Record<MethodName, { params: unknown; error?: string }>> = {
        'status.get': { params: {} },
        'snapshots.home': { params: {} },
        'snapshots.list': { params: { config: 'home' } },
        'files.list': { params: { config: 'home', snapshot: 0, path: machine().home } },
        'files.preview': { params: { config: 'home', snapshot, path } },
        'files.versions': { params: { config: 'home', path } },
        'files.diff': { params: { config: 'home', snapshot, path } },
        'files.changes': { params: { config: 'home', from: snapshot, to: 0 } },
        'files.folders': { params: { path: machine().home } },
        'checks.run': { params: {} },
        'report.create': { params: {} },
        'restart.get': { params: {} },
        'updates.get': { params: {} },
        'appearance.get': { params: {} },
        'restorePoints.list': { params: {} },
        'restorePoints.changes': { params: { id: '42' } },
        // openSUSE Kalpa publishes one edition: nothing to preview.
        'editions.get': { params: {} },
        'editions.preview': { params: { id: 'stable' }, error: 'not-found' },
        // Jobs live in the process that started them: a fresh kairn knows none, and says so.
        'jobs.get': { params: { jobId: 'no-such-job' }, error: 'not-found' },
      };
      return samples[method];
    }

    it.each(QUERY_METHODS)('%s is reachable and answers as the contract says', async (method) => {
      const found = await sample(method);
      expect(found, `add a sample for the new query method ${method} here`).toBeDefined();
      const run = await kairn('call', method, '--params', JSON.stringify(found!.params));
      expect(run.signal).toBeNull();
      if (found!.error !== undefined) {
        expect(run.code).toBe(1);
        expect(run.stderr).toMatch(new RegExp(`\\(${found!.error}\\)\n$`));
        return;
      }
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      methods[method].result.parse(JSON.parse(run.stdout));
    });
  });

  it('call runs a job method to its job.finished event and prints it', async () => {
    const run = await kairn(
      'call',
      'files.search',
      '--params',
      JSON.stringify({ config: 'home', query: 'soup' }),
    );
    expect(run.code).toBe(0);
    const finished = JobFinished.parse(JSON.parse(run.stdout));
    expect(finished).toMatchObject({ kind: 'search', state: 'done' });
  });

  it('call --no-wait prints the job id at once', async () => {
    const run = await kairn(
      'call',
      'files.search',
      '--no-wait',
      '--params',
      JSON.stringify({ config: 'home', query: 'soup' }),
    );
    expect(run.code).toBe(0);
    expect(Object.keys(JSON.parse(run.stdout) as object)).toEqual(['jobId']);
  });

  it('restore waits for job.finished (not the core): its output is what that event carried', async () => {
    const result: RestoreResult = {
      restored: ['/home/u/a (restored).txt'],
      keptAside: [],
      skipped: [],
      files: 1,
      bytes: 5,
      cloned: false,
      undoId: null,
    };
    const listeners = new Set<(event: string, payload: unknown) => void>();
    const calls: string[] = [];
    // A host with no core at all: restore.start answers a job id, the end comes only as an event.
    const transport: Transport = {
      invoke(method, params) {
        calls.push(method);
        if (method === 'restore.start') {
          setImmediate(() => {
            for (const l of listeners)
              l('job.finished', {
                jobId: 'j1',
                kind: 'restore',
                state: 'done',
                result,
                error: null,
              });
          });
          return Promise.resolve({ ok: true, result: { jobId: 'j1' } });
        }
        return Promise.resolve({
          ok: false,
          error: {
            code: 'invalid-input',
            message: `unexpected ${method} ${JSON.stringify(params)}`,
          },
        });
      },
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
    const host: CliHost = {
      open: () => Promise.resolve({ transport, close: () => Promise.resolve() }),
    };
    let stdout = '';
    let stderr = '';
    const io = {
      stdout: (t: string) => void (stdout += t),
      stderr: (t: string) => void (stderr += t),
      stderrIsTTY: false,
    };
    const code = await runCli(
      ['restore', '--config', 'home', '--snapshot', '3', '--path', '/home/u/a.txt', '--json'],
      io,
      host,
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(calls).toEqual(['restore.start']);
    expect(RestoreResult.parse(JSON.parse(stdout))).toEqual(result);
  });
});
