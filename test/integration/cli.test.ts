import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startDemoEnvironment, type DemoEnvironment } from '../../electron/demo/demo';
import { FileVersion } from '../../shared/schemas/files';
import { RestoreResult } from '../../shared/schemas/jobs';
import { Snapshot } from '../../shared/schemas/snapshots';
import { Status } from '../../shared/schemas/status';
import { assertBuilt, runKairn } from './helpers/kairn-process';

const COMMANDS = ['status', 'snapshots', 'history', 'restore', 'reboot', 'notifier', 'serve', 'demo'];

let demo: DemoEnvironment;

function kairn(...args: string[]): ReturnType<typeof runKairn> {
  return runKairn(args, demo.env);
}

async function sha256(path: string): Promise<string> {
  return createHash('sha256').update(await readFile(path)).digest('hex');
}

/** A seeded document with several saved versions (the demo's recipe folder). */
async function documentWithHistory(): Promise<string> {
  const folder = join(demo.home, 'Documents', 'Recipes');
  const names = (await readdir(folder)).filter((name) => name.endsWith('.txt')).sort();
  expect(names.length).toBeGreaterThan(0);
  return join(folder, names[0]!);
}

beforeAll(async () => {
  assertBuilt();
  demo = await startDemoEnvironment();
});

afterAll(async () => {
  await demo?.stop();
});

describe('kairn CLI', () => {
  it('--help lists all commands', async () => {
    const run = await kairn('--help');
    expect(run.code).toBe(0);
    for (const name of COMMANDS) expect(run.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
  });

  it('status --json matches the Status schema', async () => {
    const run = await kairn('status', '--json');
    expect(run.code).toBe(0);
    const status = Status.parse(JSON.parse(run.stdout));
    expect(status).toMatchObject({ family: 'suse-transactional', demo: true, home: { path: demo.home, config: 'home' } });
    // The demo machine has a transactional update waiting (its /run/reboot-needed).
    expect(status.restart).toEqual({ checked: true, required: true, reasons: ['/run/reboot-needed'], scheduled: null });
  });

  it('status shows a restart logind has scheduled', async () => {
    const at = new Date('2026-12-01T03:00:00Z');
    const send = async (member: string, ...args: string[]): Promise<void> => {
      const argv = [`--bus=${demo.env.DBUS_SYSTEM_BUS_ADDRESS!}`, '--print-reply', '--dest=org.freedesktop.login1', '/org/freedesktop/login1', `org.freedesktop.login1.Manager.${member}`, ...args];
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

  it.each(['reboot', 'notifier'])('%s says "not yet available" on one stderr line and fails', async (name) => {
    const run = await kairn(name);
    expect(run.code).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('not yet available');
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
    const run = await kairn('history', '--config', 'home', '--path', await documentWithHistory(), '--json');
    expect(run.code).toBe(0);
    const versions = z.array(FileVersion).parse(JSON.parse(run.stdout));
    expect(versions.length).toBeGreaterThan(1);
    expect(versions.map((v) => v.snapshot)).toEqual(versions.map((v) => v.snapshot).sort((a, b) => a - b));
  });

  it('restore keeps both: brings back the old version next to the untouched current file', async () => {
    const path = await documentWithHistory();
    const before = await sha256(path);
    const history = JSON.parse((await kairn('history', '--config', 'home', '--path', path, '--json')).stdout) as { snapshot: number }[];
    const oldest = history[0]!.snapshot;
    const run = await kairn('restore', '--config', 'home', '--snapshot', String(oldest), '--path', path, '--json');
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
});
