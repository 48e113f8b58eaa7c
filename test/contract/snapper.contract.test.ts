import { chmod, chown, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';

import { KairnError } from '../../electron/core/errors';
import { realSnapperRequired, startSnapperEnv, type SnapperEnv } from '../harness/snapper-env';
import { makeTempDir } from '../harness/tmp';

/**
 * One scenario against real snapperd (root, loop btrfs) and the simulator; the answers must match.
 * Covers: config list shape, snapshot list fields (300+ snapshots), GetMountPoint layout, comparisons
 * over nested folders, unicode and backslash names, symlinks, a type change, owner/mode changes and
 * a large file, plus error names.
 */
const withReal = await realSnapperRequired();
const MANY = 305;
const BULK_FILES = 3000;

async function put(root: string, rel: string, content: string | Buffer): Promise<void> {
  await mkdir(dirname(join(root, rel)), { recursive: true });
  await writeFile(join(root, rel), content);
}

async function errorOf(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  return err instanceof KairnError
    ? `${err.code}/${err.reason ?? ''}/${err.detail ?? ''}`
    : `not a KairnError: ${String(err)}`;
}

interface Answers {
  config: { name: string; subvolume: string; values: Record<string, string> };
  snapshots: Array<
    Omit<Awaited<ReturnType<SnapperEnv['snapper']['listSnapshots']>>[number], 'date'>
  >;
  datesAscending: boolean;
  rawFirst: unknown;
  atTimeCount: number;
  mountPoints: string[];
  comparisons: Record<string, unknown>;
  errors: string[];
  timings: { createMs: number; listMs: number; bulkCompareMs: number; bulkChanges: number };
}

/** Builds the tree step by step in the env's subvolume and collects every answer, normalised. */
async function scenario(env: SnapperEnv): Promise<Answers> {
  const home = env.subvolume;
  await put(home, 'Documents/Projects/Garden/plan.md', '# plan\n');
  await put(home, 'Documents/Café Menü.txt', 'Crêpe\n');
  await put(home, 'Documents/back\\slash.txt', 'bs\n');
  await put(home, 'counter.txt', '0');
  await symlink('Documents/Projects', join(home, 'projects-link'));
  await symlink('/etc/hostname', join(home, 'outside-link'));
  const t0 = performance.now();
  const numbers: number[] = [];
  for (let i = 1; i <= MANY; i++) {
    await writeFile(join(home, 'counter.txt'), 'x'.repeat(i));
    const userdata: Record<string, string> =
      i % 50 === 0 ? { important: 'yes', step: String(i) } : {};
    numbers.push(
      await env.snapper.createSingleSnapshot(
        env.config,
        i % 7 === 0 ? `step ${i} — größer \\ ok` : `step ${i}`,
        i % 2 ? 'timeline' : 'number',
        userdata,
      ),
    );
  }
  const createMs = performance.now() - t0;
  const beforeBulk = numbers.at(-1)!;
  for (let i = 0; i < BULK_FILES; i++)
    await put(home, `bulk/d${i % 30}/sub ${i % 7}/file ${i}.txt`, `content ${i}\n`);
  await put(home, 'big.bin', Buffer.alloc(48 * 1024 * 1024, 7));
  const afterBulk = await env.snapshot('after bulk');
  // Edits: content (size changes), mode, owner, type change file→dir, symlink retarget, deletion, unicode.
  await writeFile(join(home, 'Documents/Café Menü.txt'), 'Crêpe au sucre\n');
  await chmod(join(home, 'Documents/back\\slash.txt'), 0o600);
  await chown(join(home, 'Documents/Projects/Garden/plan.md'), 65534, 65534);
  await rm(join(home, 'counter.txt'));
  await put(home, 'counter.txt/now a dir.txt', 'dir now');
  await rm(join(home, 'projects-link'));
  await symlink('Documents', join(home, 'projects-link'));
  await rm(join(home, 'bulk/d3'), { recursive: true });
  await put(home, 'Documents/Neu ü/日本語.md', 'new\n');
  const edited = await env.snapshot('edited');
  await put(home, 'live only.txt', 'not in any snapshot');

  const t1 = performance.now();
  const list = await env.snapper.listSnapshots(env.config);
  const listMs = performance.now() - t1;
  const t2 = performance.now();
  const bulk = await env.snapper.compare(env.config, beforeBulk, afterBulk, { limit: 100_000 });
  const bulkCompareMs = performance.now() - t2;

  const config = (await env.snapper.listConfigs()).find((c) => c.name === env.config)!;
  const rel = (p: string): string => relative(home, p) || '.';
  const [rawList] = await env.call('ListSnapshots', [env.config]);
  const [atTime] = await env.call('ListSnapshotsAtTime', [
    env.config,
    0n,
    BigInt(Math.floor(Date.now() / 1000) + 3600),
  ]);
  return {
    config: {
      name: 'CONFIG',
      subvolume: rel(config.subvolume),
      values: { ...config.values, SUBVOLUME: rel(config.values.SUBVOLUME ?? '') },
    },
    snapshots: list.map(({ date: _date, ...rest }) => rest),
    datesAscending: list.every((s, i) => i === 0 || s.date >= list[i - 1]!.date),
    rawFirst: (rawList as unknown[])[0],
    atTimeCount: (atTime as unknown[]).length,
    mountPoints: await Promise.all(
      [0, numbers[0]!, edited].map(async (n) => rel(await env.snapper.snapshotDir(env.config, n))),
    ),
    comparisons: {
      bulk: {
        count: bulk.changes.length,
        truncated: bulk.truncated,
        sample: bulk.changes.filter((c) => !c.path.startsWith('/bulk/')),
      },
      bulkCut: await env.snapper.compare(env.config, beforeBulk, afterBulk, { limit: 10 }),
      edits: await env.snapper
        .compare(env.config, afterBulk, edited, { limit: 10_000 })
        .then((r) => ({ ...r, changes: r.changes.filter((c) => !c.path.startsWith('/bulk/d3/')) })),
      removedDir: (
        await env.snapper.compare(env.config, afterBulk, edited, { limit: 10_000 })
      ).changes.filter((c) => c.path.startsWith('/bulk/d3/')).length,
      live: await env.snapper.compare(env.config, edited, 0, { limit: 100 }),
      firstToSecond: await env.snapper.compare(env.config, numbers[0]!, numbers[1]!, {
        limit: 100,
      }),
    },
    errors: [
      await errorOf(env.snapper.listSnapshots('kairn-no-such-config')),
      await errorOf(env.snapper.getSnapshot(env.config, 99_999)),
      await errorOf(env.snapper.snapshotDir(env.config, 99_999)),
      await errorOf(env.call('DeleteSnapshots', [env.config, [0]])),
      await errorOf(env.call('GetFiles', [env.config, numbers[0], numbers[1]])),
    ],
    timings: { createMs, listMs, bulkCompareMs, bulkChanges: bulk.changes.length },
  };
}

async function runOn(real: boolean): Promise<Answers> {
  const tmp = await makeTempDir('kairn-contract-');
  const env = await startSnapperEnv({ real, dir: tmp.path });
  cleanups.push(async () => {
    await env.stop();
    await tmp.remove();
  });
  const answers = await scenario(env);
  console.log(
    `[contract] ${real ? 'real snapperd' : 'simulator'}: ${MANY} creates ${answers.timings.createMs.toFixed(0)} ms; list ${answers.snapshots.length} snapshots ${answers.timings.listMs.toFixed(1)} ms; compare ${answers.timings.bulkChanges} changes via GetFilesByPipe ${answers.timings.bulkCompareMs.toFixed(0)} ms`,
  );
  return answers;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const step of cleanups.splice(0).reverse()) await step();
});

const results: { sim?: Answers; real?: Answers } = {};

describe('snapper contract: simulator and real snapperd answer alike', () => {
  it('runs the scenario on the simulator with the expected answers', async () => {
    const sim = (results.sim = await runOn(false));
    expect(sim.snapshots).toHaveLength(MANY + 2);
    expect(sim.snapshots[49]).toMatchObject({
      type: 'single',
      preNumber: 0,
      uid: 0,
      cleanup: 'number',
      userdata: { important: 'yes', step: '50' },
    });
    expect(sim.snapshots[6]!.description).toBe('step 7 — größer \\ ok');
    expect(sim.datesAscending).toBe(true);
    expect(sim.rawFirst).toEqual([0, 0, 0, -1n, 0, 'current', '', {}]);
    expect(sim.atTimeCount).toBe(MANY + 2);
    expect(sim.mountPoints).toEqual([
      '.',
      '.snapshots/1/snapshot',
      `.snapshots/${MANY + 2}/snapshot`,
    ]);
    expect(sim.comparisons.bulk).toEqual({
      count: BULK_FILES + 30 + 30 * 7 + 2,
      truncated: false,
      sample: [
        { path: '/big.bin', status: 1 },
        { path: '/bulk', status: 1 },
      ],
    });
    expect(sim.comparisons.edits).toEqual({
      truncated: false,
      changes: [
        { path: '/Documents/Café Menü.txt', status: 8 },
        { path: '/Documents/Neu ü', status: 1 },
        { path: '/Documents/Neu ü/日本語.md', status: 1 },
        { path: '/Documents/Projects/Garden/plan.md', status: 96 },
        { path: '/Documents/back\\slash.txt', status: 16 },
        { path: '/bulk/d3', status: 2 },
        { path: '/counter.txt', status: 20 }, // type + permissions (file 644 → dir 755), as snapperd says
        { path: '/counter.txt/now a dir.txt', status: 1 },
        { path: '/projects-link', status: 8 },
      ],
    });
    expect(sim.comparisons.live).toEqual({
      truncated: false,
      changes: [{ path: '/live only.txt', status: 1 }],
    });
    expect(sim.comparisons.firstToSecond).toEqual({
      truncated: false,
      changes: [{ path: '/counter.txt', status: 8 }],
    });
    expect(sim.errors).toEqual([
      'not-found/config-missing/error.unknown_config',
      'not-found/snapshot-missing/error.illegal_snapshot',
      'not-found/snapshot-missing/error.illegal_snapshot',
      'not-found/snapshot-missing/error.illegal_snapshot',
      'backend-failed//error.no_comparisons',
    ]);
  }, 600_000);

  it.runIf(withReal)(
    'runs the same scenario on real snapperd and gets the same answers',
    async () => {
      const real = (results.real = await runOn(true));
      const sim = results.sim;
      expect(sim, 'the simulator scenario must run first').toBeDefined();
      const { timings: _r, ...realAnswers } = real;
      const { timings: _s, ...simAnswers } = sim!;
      expect(simAnswers).toEqual(realAnswers);
    },
    600_000,
  );
});
