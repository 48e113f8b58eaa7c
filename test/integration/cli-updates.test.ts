/**
 * `kairn updates`, `kairn update check|prepare` and what `kairn reboot --json` says the restart
 * brings, through the real binary on the demo machines: Fedora Kinoite (rpm-ostree simulator:
 * check and prepare offered) and openSUSE Kalpa (updates run by the system itself: refused).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { RestartInfo } from '../../shared/schemas/restart';
import { PrepareUpdateResult, UpdateCheckResult, UpdatesInfo } from '../../shared/schemas/updates';
import { startDemoEnvironment, type DemoEnvironment } from '../../electron/demo/demo';
import { assertBuilt, runKairn } from './helpers/kairn-process';

describe('on Fedora Kinoite (rpm-ostree)', () => {
  let demo: DemoEnvironment | undefined;
  const kairn = (...args: string[]): ReturnType<typeof runKairn> => {
    if (!demo) throw new Error('the demo machine is not running');
    return runKairn(args, demo.env);
  };
  beforeAll(async () => {
    assertBuilt();
    demo = await startDemoEnvironment({ family: 'rpm-ostree' });
  }, 60_000);
  afterAll(() => demo?.stop());

  it('updates --json: check and prepare offered, nothing known yet', async () => {
    const run = await kairn('updates', '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(UpdatesInfo.parse(JSON.parse(run.stdout))).toMatchObject({
      family: 'ostree',
      check: { available: true },
      prepare: { available: true },
      last: null,
    });
  });

  it('update check waits for the job and prints the answer; --json is the job result', async () => {
    const text = await kairn('update', 'check');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^version \S+ is available \(checked /);
    const run = await kairn('update', 'check', '--json');
    expect(run.code).toBe(0);
    const result = UpdateCheckResult.parse(JSON.parse(run.stdout));
    expect(result.available).toBe(true);
    expect(result.packages?.updated.length).toBeGreaterThan(0);
  }, 30_000);

  it('update prepare stages it; reboot --json then says a restart is due and what it brings', async () => {
    const before = RestartInfo.parse(JSON.parse((await kairn('reboot', '--json')).stdout));
    expect(before.required).toBe(false);
    const run = await kairn('update', 'prepare', '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const prepared = PrepareUpdateResult.parse(JSON.parse(run.stdout));
    expect(prepared).toMatchObject({ nothingToDo: false, restartNeeded: true });
    const after = RestartInfo.parse(JSON.parse((await kairn('reboot', '--json')).stdout));
    expect(after.required).toBe(true);
    expect(after.reasons).toContain('staged-deployment');
    expect(after.brings?.version).toBe(prepared.version);
    expect(after.brings?.changes?.packages?.updated.length).toBeGreaterThan(0);
    const text = await kairn('reboot');
    expect(text.stdout).toContain(`Brings:          ${prepared.version ?? ''}`);
    const updates = UpdatesInfo.parse(JSON.parse((await kairn('updates', '--json')).stdout));
    expect(updates.last).toMatchObject({
      outcome: 'succeeded',
      by: 'kairn',
      version: prepared.version,
    });
    expect((await kairn('checks')).stdout).toContain('The system updated today, and it worked.');
  }, 60_000);

  it('bad subcommands are usage errors (exit 2, one line) before any bus is opened', async () => {
    for (const args of [['update'], ['update', 'now'], ['update', 'check', 'extra']]) {
      const run = await kairn(...args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.signal).toBeNull();
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('on openSUSE Kalpa (transactional-update)', () => {
  let demo: DemoEnvironment | undefined;
  beforeAll(async () => {
    assertBuilt();
    demo = await startDemoEnvironment();
  }, 60_000);
  afterAll(() => demo?.stop());

  it("checking is refused in plain words; the last update comes from the system's own snapshot", async () => {
    if (!demo) throw new Error('no demo');
    const info = UpdatesInfo.parse(
      JSON.parse((await runKairn(['updates', '--json'], demo.env)).stdout),
    );
    expect(info.check).toMatchObject({ available: false, reason: 'updates-need-admin' });
    expect(info.last).toMatchObject({ outcome: 'succeeded', by: 'system' });
    const run = await runKairn(['update', 'check'], demo.env);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /Kairn cannot start them; an administrator can\. \(not-yet-available\)\n$/,
    );
    const restart = RestartInfo.parse(
      JSON.parse((await runKairn(['reboot', '--json'], demo.env)).stdout),
    );
    expect(restart.reasons).toEqual(['reboot-needed', 'next-start-differs']);
    expect(restart.brings?.pointId).toBeDefined();
    expect(restart.since).not.toBeNull();
  }, 30_000);
});
