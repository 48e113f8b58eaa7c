/**
 * `kairn restore-points` and `kairn rollback` through the real binary on the demo machine
 * (openSUSE-like: snapper's root config with a pending update, and tukit to go back with).
 * Without tukit the adapter's own test covers the plain refusal (restore-points-snapper-tukit).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';

import { startDemoEnvironment, type DemoEnvironment } from '../../electron/demo/demo';
import { assertBuilt, runKairn } from './helpers/kairn-process';

let demo: DemoEnvironment | undefined;

const ScriptPoint = z
  .object({
    id: z.string(),
    version: z.string().nullable(),
    date: z.iso.datetime(),
    title: z.string(),
    running: z.boolean(),
    nextStart: z.boolean(),
    kept: z.boolean(),
  })
  .strict();

function kairn(...args: string[]): ReturnType<typeof runKairn> {
  if (!demo) throw new Error('the demo machine is not running');
  return runKairn(args, demo.env);
}

beforeAll(async () => {
  assertBuilt();
  demo = await startDemoEnvironment();
});
afterAll(() => demo?.stop());

it('restore-points --json prints the array scripts rely on, newest first, with both marks', async () => {
  const run = await kairn('restore-points', '--json');
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const points = z.array(ScriptPoint).parse(JSON.parse(run.stdout));
  expect(points.length).toBeGreaterThan(3);
  const dates = points.map((p) => Date.parse(p.date));
  expect([...dates].sort((a, b) => b - a)).toEqual(dates);
  // The demo has a pending update: the newest is used at next start, the one before it runs.
  expect(points[0]).toMatchObject({ nextStart: true, running: false });
  expect(points[1]).toMatchObject({ nextStart: false, running: true });
  expect(points[1]?.version).toMatch(/^2026\d{4}$/);
  expect(points.some((p) => p.kept)).toBe(true);
});

it('status --json says a restart is needed because the next start differs', async () => {
  const run = await kairn('status', '--json');
  const status = z
    .object({ restart: z.object({ required: z.boolean(), reasons: z.array(z.string()) }) })
    .parse(JSON.parse(run.stdout));
  expect(status.restart.required).toBe(true);
  expect(status.restart.reasons).toContain('next-start-differs');
});

it('rollback goes back to the newest point older than the running one, waits, and exits 0; undo moves it back', async () => {
  const before = z
    .array(ScriptPoint)
    .parse(JSON.parse((await kairn('restore-points', '--json')).stdout));
  const running = before.findIndex((p) => p.running);
  const target = before[running + 1];
  expect(target).toBeDefined();
  const run = await kairn('rollback', '--json');
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const after = z
    .array(ScriptPoint)
    .parse(JSON.parse((await kairn('restore-points', '--json')).stdout));
  expect(after.find((p) => p.nextStart)?.id).toBe(target?.id);
  expect(after.find((p) => p.running)?.id).toBe(before[running]?.id);
  const undo = await kairn('call', 'restorePoints.undoRollback', '--params', '{}');
  expect(undo.code).toBe(0);
  const back = z
    .array(ScriptPoint)
    .parse(JSON.parse((await kairn('restore-points', '--json')).stdout));
  expect(back.find((p) => p.nextStart)?.id).toBe(before.find((p) => p.nextStart)?.id);
});

it('rollback --to with a malformed id is wrong input (exit 2) before anything starts', async () => {
  const run = await kairn('rollback', '--to', '../7');
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/--to/);
});
