/**
 * Contract test at the API level: one home with nested folders, unicode and backslash names,
 * symlinks (one pointing out of the home) and a large file, the same snapshots, the same API
 * calls through dispatch — against real snapperd on a loop btrfs and against the simulator.
 * The answers must be the same, and restores must leave every existing file untouched.
 */
import { createHash } from 'node:crypto';
import {
  lstat,
  lutimes,
  mkdir,
  readdir,
  readFile,
  rm,
  symlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import type { MethodName, ParamsIn, ResultOf } from '../../shared/api/contract';
import { nodeProcesses } from '../../electron/backends/os/processes';
import { nodeFileSystem } from '../../electron/backends/restore-fs/node-fs';
import { createCore, type Core } from '../../electron/core/compose';
import type { KairnEnvironment } from '../../electron/core/env';
import { makeTempDir } from '../harness/tmp';
import { realSnapperRequired, startSnapperEnv, type SnapperEnv } from '../harness/snapper-env';
import { fakeRestartPorts } from '../fakes/restart-fake';

const FIXED = new Date('2026-11-02T10:00:00Z');

async function put(path: string, data: string | Buffer, at = FIXED): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, data);
  await utimes(path, at, at);
}

/** Builds the live home and takes the same five snapshots on any snapper. */
async function buildHistory(env: SnapperEnv): Promise<void> {
  const home = env.subvolume;
  await put(join(home, 'Documents/report.txt'), 'Quarterly report\nversion one\n');
  await put(join(home, 'Documents/Deep/Deeper/notes.md'), '# Notes\n- one\n');
  await put(join(home, 'Café Menü.txt'), 'Soupe du jour\n');
  await put(join(home, 'back\\slash name.txt'), 'a backslash in the name\n');
  await put(join(home, 'Old CV.txt'), 'CV 2019\n');
  await put(join(home, 'Videos/big.bin'), Buffer.alloc(12 * 1024 * 1024, 7));
  await symlink('/etc/passwd', join(home, 'link-out'));
  await symlink('Documents/report.txt', join(home, 'link-in'));
  await lutimes(join(home, 'link-out'), FIXED, FIXED);
  await lutimes(join(home, 'link-in'), FIXED, FIXED);
  await env.snapshot('one');
  await put(
    join(home, 'Documents/report.txt'),
    'Quarterly report\nversion two\n',
    new Date('2026-11-03T10:00:00Z'),
  );
  await env.snapshot('two');
  await env.snapshot('three (nothing changed)');
  await rm(join(home, 'Old CV.txt'));
  await put(join(home, 'Documents/new idea.txt'), 'new\n');
  await env.snapshot('four');
  await put(
    join(home, 'Documents/report.txt'),
    'Quarterly report\nversion three, now\n',
    new Date('2026-11-04T10:00:00Z'),
  );
}

function coreFor(env: SnapperEnv, stateDir: string): Core {
  const kenv: KairnEnvironment = {
    home: env.subvolume,
    uid: 0,
    gid: 0,
    userName: 'root',
    osReleasePath: null,
    stateDir,
    demo: false,
  };
  return createCore(kenv, {
    fileHistory: env.snapper,
    names: { state: async () => 'running' },
    ...fakeRestartPorts(),
    fileManager: { showItems: async () => undefined },
    fs: nodeFileSystem,
    processes: nodeProcesses,
  });
}

async function call<M extends MethodName>(
  core: Core,
  method: M,
  params: ParamsIn<M>,
): Promise<ResultOf<M>> {
  const reply = await core.dispatch(method, params);
  if (!reply.ok)
    throw new Error(
      `${method}: ${reply.error.code} ${reply.error.reason ?? ''} ${reply.error.detail ?? ''}`,
    );
  return reply.result as ResultOf<M>;
}

/** Replaces what legitimately differs between two snappers (dates of creation, folder sizes and times, the temp root). */
function normalize(value: unknown, root: string): unknown {
  return JSON.parse(JSON.stringify(value), (key, v: unknown) => {
    if (key === 'date') return '<date>';
    if (typeof v === 'string') return v.split(root).join('<home>');
    if (v && typeof v === 'object' && (v as { kind?: string }).kind === 'dir')
      return { ...v, size: 0, mtime: null };
    return v;
  });
}

async function checksums(dir: string, skip: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    if (path.startsWith(skip) || !entry.isFile()) continue;
    out.set(
      path,
      createHash('sha256')
        .update(await readFile(path))
        .digest('hex'),
    );
  }
  return out;
}

/** The scenario: every read the UI makes, then restores; returns the normalized answers. */
async function scenario(env: SnapperEnv, core: Core): Promise<unknown[]> {
  const home = env.subvolume;
  const config = env.config;
  const answers: unknown[] = [];
  const homeInfo = await call(core, 'snapshots.home', {});
  expect(homeInfo.config?.name).toBe(config);
  const snaps = await call(core, 'snapshots.list', { config });
  answers.push(snaps.map((s) => [s.number, s.description, s.type]));
  for (const snapshot of [0, 1, 4]) {
    answers.push(await call(core, 'files.list', { config, snapshot, path: home, sort: 'name' }));
    answers.push(
      await call(core, 'files.list', {
        config,
        snapshot,
        path: join(home, 'Documents'),
        sort: 'size',
        descending: true,
      }),
    );
  }
  answers.push(
    await call(core, 'files.versions', { config, path: join(home, 'Documents/report.txt') }),
  );
  answers.push(await call(core, 'files.versions', { config, path: join(home, 'Old CV.txt') }));
  answers.push(
    await call(core, 'files.diff', {
      config,
      snapshot: 1,
      path: join(home, 'Documents/report.txt'),
    }),
  );
  answers.push(
    await call(core, 'files.preview', { config, snapshot: 1, path: join(home, 'Café Menü.txt') }),
  );
  answers.push(
    await call(core, 'files.preview', {
      config,
      snapshot: 1,
      path: join(home, 'back\\slash name.txt'),
    }),
  );
  const changes = await call(core, 'files.changes', { config, from: 1, to: 0 });
  answers.push(changes);
  expect(changes.deleted.map((c) => c.path)).toContain(join(home, 'Old CV.txt'));
  expect(changes.modified.map((c) => c.path)).toContain(join(home, 'Documents/report.txt'));
  expect(changes.created.map((c) => c.path)).toContain(join(home, 'Documents/new idea.txt'));

  const { jobId } = await call(core, 'files.search', { config, query: 'cv' });
  const found = await core.jobs.wait(jobId);
  answers.push(found.finished?.state);

  const before = await checksums(home, join(home, '.snapshots'));
  const restore = await call(core, 'restore.start', {
    config,
    snapshot: 1,
    mode: 'keep-both',
    paths: [
      join(home, 'Old CV.txt'),
      join(home, 'Documents/report.txt'),
      join(home, 'Documents/Deep'),
      join(home, 'link-out'),
    ],
  });
  const done = await core.jobs.wait(restore.jobId);
  expect(done.finished?.state).toBe('done');
  const result = done.finished?.kind === 'restore' ? done.finished.result : null;
  answers.push(
    result?.restored.map((p) => p.replace(/\(restored [^)]*\)/, '(restored <when>)')).sort(),
  );
  const after = await checksums(home, join(home, '.snapshots'));
  for (const [path, sum] of before) expect(after.get(path), path).toBe(sum);
  expect(await readFile(join(home, 'Old CV.txt'), 'utf8')).toBe('CV 2019\n');
  const link = result?.restored.find((p) => p.includes('link-out'));
  expect(link).toBeDefined();
  expect((await lstat(link!)).isSymbolicLink()).toBe(true);
  return answers.map((a) => normalize(a, home));
}

const results = new Map<string, unknown[]>();
let realRuns = false;

beforeAll(async () => {
  realRuns = await realSnapperRequired();
});

describe.each([{ real: false }, { real: true }])('API over snapper (real=$real)', ({ real }) => {
  let env: SnapperEnv | undefined;
  let tmp: Awaited<ReturnType<typeof makeTempDir>> | undefined;
  let core: Core | undefined;

  afterAll(async () => {
    await core?.shutdown();
    await env?.stop();
    await tmp?.remove();
  });

  test('the whole file history scenario gives the expected answers', async (ctx) => {
    if (real && !realRuns) ctx.skip();
    tmp = await makeTempDir();
    env = await startSnapperEnv({ real, dir: tmp.path });
    await buildHistory(env);
    core = coreFor(env, join(tmp.path, 'state'));
    results.set(real ? 'real' : 'sim', await scenario(env, core));
  });

  test('snapperd killed between calls: the next call works again', async (ctx) => {
    if ((real && !realRuns) || !env || !core) ctx.skip();
    await env!.killDaemon();
    const versions = await call(core!, 'files.versions', {
      config: env!.config,
      path: join(env!.subvolume, 'Documents/report.txt'),
    });
    expect(versions.versions.length).toBeGreaterThan(1);
  });
});

test('real snapperd and the simulator answer the same', (ctx) => {
  if (!realRuns) ctx.skip();
  expect(results.get('sim')).toEqual(results.get('real'));
});
