/**
 * Restore points on openSUSE: the snapper+tukit adapter against the snapper simulator on a
 * private system bus, and a tukit stand-in we wrote from the reference (python-dbusmock), not
 * from our own simulator. Then the same through dispatch: the job, busy, unknown ids, undo.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import type { ParamsIn, MethodName, ResultOf } from '../../shared/api/contract';
import type { JobSnapshot } from '../../shared/schemas/jobs';
import { nodeProcesses } from '../../electron/backends/os/processes';
import { BusServiceNames } from '../../electron/backends/os/names';
import { nodeFileSystem } from '../../electron/backends/restore-fs/node-fs';
import { SuseRestartDetection } from '../../electron/backends/restart-detection/suse';
import { UnavailableUpdates } from '../../electron/core/updates/unavailable';
import { SnapperTukitRestorePoints } from '../../electron/backends/restore-points/snapper-tukit';
import { createCore, type Core } from '../../electron/core/compose';
import type { KairnEnvironment } from '../../electron/core/env';
import { busPidOf, waitNameGone } from '../harness/bus-names';
import { startSnapperEnv, type SnapperEnv } from '../harness/snapper-env';
import { makeTempDir } from '../harness/tmp';
import { fakeRestartPorts } from '../fakes/restart-fake';
import { noUpdates } from '../harness/no-updates';

const TUKIT = 'org.opensuse.tukit';
const TEMPLATE = resolve(import.meta.dirname, 'helpers/tukit-standin.py');

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let env: SnapperEnv;
let bootFile: string;
let modeFile: string;
let tukit: ChildProcess | null = null;
const numbers: number[] = [];

async function waitFor(
  check: () => Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise<void>((r) => setImmediate(r));
  }
}

async function startTukit(): Promise<void> {
  const params = JSON.stringify({ boot_file: bootFile, config: env.config, mode_file: modeFile });
  tukit = spawn(
    '/usr/bin/python3',
    ['-m', 'dbusmock', '--system', '--template', TEMPLATE, '-p', params],
    {
      env: { ...process.env, DBUS_SYSTEM_BUS_ADDRESS: env.busAddress },
      stdio: 'ignore',
    },
  );
  await waitFor(async () => (await busPidOf(env.conn, TUKIT)) !== null, 'the tukit stand-in');
}

async function stopTukit(): Promise<void> {
  const child = tukit;
  tukit = null;
  if (!child || child.exitCode !== null) return;
  const gone = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGKILL');
  await gone;
  await waitNameGone(env.conn, TUKIT, 10_000).catch(() => undefined);
}

async function mode(value: string): Promise<void> {
  await writeFile(modeFile, value);
}

async function boot(state: { default: number; active: number }): Promise<void> {
  await writeFile(bootFile, JSON.stringify({ [env.config]: state }));
}

function adapter(goBackTimeoutMs = 5000): SnapperTukitRestorePoints {
  return new SnapperTukitRestorePoints(env.snapper, env.conn, env.config, { goBackTimeoutMs });
}

beforeAll(async () => {
  tmp = await makeTempDir();
  env = await startSnapperEnv({ real: false, dir: tmp.path });
  bootFile = join(tmp.path, 'sim-state', 'boot.json');
  modeFile = join(tmp.path, 'tukit-mode');
  await writeFile(join(env.subvolume, 'os-release-marker'), 'one\n');
  numbers.push(await env.snapshot('first root filesystem'));
  numbers.push(await env.snapshot('Snapshot Update of #1'));
  await writeFile(join(env.subvolume, 'os-release-marker'), 'two\n');
  await writeFile(join(env.subvolume, 'new-file'), 'x\n');
  numbers.push(await env.snapshot('Snapshot Update of #2', { important: 'yes' }));
  await boot({ default: 3, active: 3 });
}, 60_000);

afterAll(async () => {
  await stopTukit();
  await env?.stop();
  await tmp?.remove();
});

afterEach(() => mode('ok'));

describe('the adapter against the snapper simulator and a tukit stand-in', () => {
  it('lists snapper system snapshots with kind, kept mark, running and next start', async () => {
    const points = await adapter().list();
    expect(points.map((p) => [p.id, p.kind, p.kept])).toEqual([
      ['1', 'named', false],
      ['2', 'update', false],
      ['3', 'update', true],
    ]);
    expect(await adapter().boot()).toEqual({ running: '3', nextStart: '3' });
  });

  it('says what changed: descriptions and how many files differ from the point before', async () => {
    const changes = await adapter().changes('3');
    expect(changes.comparedWith).toBe('2');
    expect(changes.descriptions).toEqual(['Snapshot Update of #2']);
    expect(changes.changedFiles).toBe(2);
    expect(changes.technical).toMatchObject({ snapshot: '3', userdata: 'important=yes' });
  });

  it('without tukit, going back is "not available here" with a reason, not a crash', async () => {
    expect(await adapter().goBackUnavailable()).toEqual({
      reason: 'tukit-missing',
      detail: expect.stringContaining(TUKIT) as string,
    });
    await expect(adapter().goBack('2')).rejects.toMatchObject({
      code: 'service-missing',
      reason: 'tukit-missing',
    });
  });

  it('goes back with Snapshot.RollbackTo: the next start moves', async () => {
    await startTukit();
    expect(await adapter().goBackUnavailable()).toBeNull();
    await adapter().goBack('2');
    expect(await adapter().boot()).toEqual({ running: '3', nextStart: '2' });
    await adapter().goBack('3');
    expect(await adapter().boot()).toEqual({ running: '3', nextStart: '3' });
  });

  it.each([
    ['busy', { code: 'busy', reason: 'rollback-running' }],
    ['denied', { code: 'access-denied', reason: 'rollback-not-allowed' }],
    ['fail', { code: 'not-found', reason: 'restore-point-missing' }],
  ])('tukit answering %s becomes a clear error and the next start stays', async (m, expected) => {
    await mode(m);
    const err: unknown = await adapter()
      .goBack('2')
      .catch((e: unknown) => e);
    expect(err).toMatchObject(expected);
    expect(err).toMatchObject({
      detail: expect.stringContaining('org.opensuse.tukit.Snapshot.RollbackTo') as string,
    });
    expect((await adapter().boot()).nextStart).toBe('3');
  });

  it('keeps a restore point with a name: description + important=yes', async () => {
    await adapter().keep('2', 'Before the printer setup');
    const two = (await adapter().list()).find((p) => p.id === '2');
    expect(two).toMatchObject({
      description: 'Before the printer setup',
      kept: true,
      kind: 'named',
    });
  });
});

describe('through dispatch', () => {
  let core: Core;
  let stateDir: string;

  async function call<M extends MethodName>(method: M, params: ParamsIn<M>): Promise<ResultOf<M>> {
    const reply = await core.dispatch(method, params);
    if (!reply.ok) throw Object.assign(new Error(reply.error.message), reply.error);
    return reply.result as ResultOf<M>;
  }

  async function job(
    method: 'restorePoints.rollback' | 'restorePoints.undoRollback',
    params: { to: string } | Record<string, never>,
  ): Promise<JobSnapshot> {
    const started =
      method === 'restorePoints.rollback'
        ? await call(method, { to: 'to' in params ? params.to : '' })
        : await call('restorePoints.undoRollback', {});
    return core.jobs.wait(started.jobId);
  }

  beforeAll(async () => {
    stateDir = join(tmp.path, 'kairn-state');
    const kenv: KairnEnvironment = {
      home: env.subvolume,
      uid: 0,
      gid: 0,
      userName: 'root',
      osReleasePath: null,
      stateDir,
      demo: false,
    };
    core = createCore(kenv, {
      fileHistory: env.snapper,
      names: new BusServiceNames(env.conn),
      ...fakeRestartPorts(),
      fileManager: { showItems: () => Promise.resolve() },
      fs: nodeFileSystem,
      processes: nodeProcesses,
      chooseAdapters: () => {
        const points = new SnapperTukitRestorePoints(env.snapper, env.conn, env.config, {
          goBackTimeoutMs: 1500,
        });
        return {
          restorePoints: points,
          restartDetection: new SuseRestartDetection(nodeFileSystem, kenv, points),
          updates: new UnavailableUpdates('updates-need-admin'),
        };
      },
    });
    if (tukit === null) await startTukit();
    await boot({ default: 3, active: 3 });
  });
  afterAll(() => core?.shutdown());

  it('lists newest first with the marks, and can go back', async () => {
    const list = await call('restorePoints.list', {});
    expect(list.points.map((p) => p.id)).toEqual(['3', '2', '1']);
    expect(list.points[0]).toMatchObject({
      running: true,
      nextStart: true,
      kept: true,
      title: 'System update',
    });
    expect(list.goBack).toEqual({ available: true, reason: null, detail: null });
    expect(list.cancellable).toBe(false);
  });

  it('rollback is a job; then status says a restart is needed, and undo moves next start back', async () => {
    const done = await job('restorePoints.rollback', { to: '1' });
    expect(done.state).toBe('done');
    expect(done.finished?.result).toEqual({ from: '3', to: '1', restartNeeded: true });
    const list = await call('restorePoints.list', {});
    expect(list.points.find((p) => p.nextStart)?.id).toBe('1');
    expect(list.undo).toEqual({ from: '3', to: '1' });
    expect(list.restartNeeded).toBe(true);
    const status = await call('status.get', {});
    expect(status.restart.required).toBe(true);
    expect(status.restart.reasons).toContain('next-start-differs');
    expect(status.restorePoints).toEqual({ running: '3', nextStart: '1', startedFromOlder: false });
    // The undo record survives the process (and so the restart).
    expect(JSON.parse(await readFile(join(stateDir, 'restore-points-undo.json'), 'utf8'))).toEqual({
      from: '3',
      to: '1',
    });
    const undone = await job('restorePoints.undoRollback', {});
    expect(undone.state).toBe('done');
    const after = await call('restorePoints.list', {});
    expect(after.points.find((p) => p.nextStart)?.id).toBe('3');
    expect(after.undo).toBeNull();
    expect((await call('status.get', {})).restart.reasons).not.toContain('next-start-differs');
  });

  it('an unknown id is not-found before anything starts; a bad id is invalid input', async () => {
    await expect(call('restorePoints.rollback', { to: '999' })).rejects.toMatchObject({
      code: 'not-found',
      reason: 'restore-point-missing',
    });
    await expect(call('restorePoints.changes', { id: '999' })).rejects.toMatchObject({
      code: 'not-found',
    });
    await expect(call('restorePoints.rollback', { to: '../1' })).rejects.toMatchObject({
      code: 'invalid-input',
    });
    await expect(call('restorePoints.undoRollback', {})).rejects.toMatchObject({
      code: 'not-found',
      reason: 'nothing-to-undo',
    });
  });

  it('a second rollback while one runs is busy; a rollback that never answers ends with a clear timeout', async () => {
    await mode('hang');
    const first = (await call('restorePoints.rollback', { to: '2' })).jobId;
    await expect(call('restorePoints.rollback', { to: '1' })).rejects.toMatchObject({
      code: 'busy',
      reason: 'rollback-running',
    });
    const end = await core.jobs.wait(first);
    expect(end.state).toBe('failed');
    expect(end.finished?.error).toMatchObject({
      code: 'backend-failed',
      reason: 'rollback-timeout',
    });
    // The stand-in is stuck in its sleep: replace it.
    await stopTukit();
    await mode('ok');
    await startTukit();
    expect((await call('restorePoints.list', {})).points.find((p) => p.nextStart)?.id).toBe('3');
  }, 30_000);

  it('the daemon vanishing mid-job fails the job with the reason; the list recovers when it returns', async () => {
    await mode('die');
    const end = await job('restorePoints.rollback', { to: '2' });
    expect(end.state).toBe('failed');
    expect(end.finished?.error).toMatchObject({ code: 'backend-failed', reason: 'tukit-stopped' });
    await mode('ok');
    await stopTukit();
    const list = await call('restorePoints.list', {});
    expect(list.goBack).toMatchObject({ available: false, reason: 'tukit-missing' });
    await startTukit();
    expect((await call('restorePoints.list', {})).goBack.available).toBe(true);
    expect((await call('restorePoints.list', {})).points.find((p) => p.nextStart)?.id).toBe('3');
  }, 30_000);

  it('access denied names the refusal under Details', async () => {
    await mode('denied');
    const end = await job('restorePoints.rollback', { to: '2' });
    expect(end.finished?.error).toMatchObject({
      code: 'access-denied',
      reason: 'rollback-not-allowed',
    });
    expect(end.finished?.error?.detail).toContain('org.freedesktop.DBus.Error.AccessDenied');
  });

  it('a restore point deleted since it was listed (cleanup) is not-found; the next start stays', async () => {
    const gone = String(await env.snapshot('Snapshot Update of #3'));
    expect((await call('restorePoints.list', {})).points.map((p) => p.id)).toContain(gone);
    await env.call('DeleteSnapshots', [env.config, [Number(gone)]]);
    await expect(call('restorePoints.rollback', { to: gone })).rejects.toMatchObject({
      code: 'not-found',
      reason: 'restore-point-missing',
    });
    const list = await call('restorePoints.list', {});
    expect(list.points.map((p) => p.id)).not.toContain(gone);
    expect(list.points.find((p) => p.nextStart)?.id).toBe('3');
  });
});

describe('versions are read once per snapshot', () => {
  it('a second list asks snapper for no mount point and answers the same; a new snapshot is read', async () => {
    const cached = adapter();
    const dirs = vi.spyOn(env.snapper, 'snapshotDir');
    try {
      const first = await cached.list();
      expect(dirs).toHaveBeenCalledTimes(first.length);
      dirs.mockClear();
      expect(await cached.list()).toEqual(first);
      expect(dirs).not.toHaveBeenCalled();

      await mkdir(join(env.subvolume, 'usr/lib'), { recursive: true });
      await writeFile(
        join(env.subvolume, 'usr/lib/os-release'),
        'NAME="MicroOS"\nVERSION_ID="20261201"\n',
      );
      const added = String(await env.snapshot('Snapshot Update of #3'));
      dirs.mockClear();
      const after = await cached.list();
      expect(dirs).toHaveBeenCalledTimes(1);
      expect(after.find((p) => p.id === added)?.version).toBe('20261201');
      // Exactly what an adapter without anything remembered says.
      dirs.mockClear();
      expect(await adapter().list()).toEqual(after);
      expect(dirs).toHaveBeenCalledTimes(after.length);
    } finally {
      dirs.mockRestore();
    }
  });
});

describe('the check "started from an older restore point", through dispatch', () => {
  let core: Core | undefined;
  afterAll(async () => {
    await core?.shutdown();
    await boot({ default: 3, active: 3 });
  });

  async function call<M extends MethodName>(method: M, params: ParamsIn<M>): Promise<ResultOf<M>> {
    if (!core) throw new Error('no core');
    const reply = await core.dispatch(method, params);
    if (!reply.ok) throw Object.assign(new Error(reply.error.message), reply.error);
    return reply.result as ResultOf<M>;
  }

  it('the boot chose #1 over a newer default: going back to #1 is offered and done by the rollback job', async () => {
    // This boot happened after every point was made (its /proc/stat btime), yet it runs #1.
    const sysRoot = join(tmp.path, 'sysroot-older');
    await mkdir(join(sysRoot, 'proc'), { recursive: true });
    const btime = Math.floor(Date.now() / 1000) + 60;
    await writeFile(join(sysRoot, 'proc', 'stat'), `cpu 0 0 0 0\nbtime ${String(btime)}\n`);
    // The simulator dates points to the second: the new default must be at least a second newer.
    const first = (await adapter().list()).find((p) => p.id === '1');
    const nextSecond = (first?.date.getTime() ?? 0) + 1000;
    if (Date.now() < nextSecond)
      await new Promise((resolve) => setTimeout(resolve, nextSecond - Date.now()));
    const update = String(await env.snapshot('Snapshot Update of #3'));
    await boot({ default: Number(update), active: 1 });
    if (tukit === null) await startTukit();
    core = createCore(
      {
        home: env.subvolume,
        uid: 0,
        gid: 0,
        userName: 'root',
        osReleasePath: null,
        stateDir: join(tmp.path, 'kairn-state-older'),
        demo: false,
        sysRoot,
      },
      {
        fileHistory: env.snapper,
        names: new BusServiceNames(env.conn),
        ...fakeRestartPorts(),
        fileManager: { showItems: () => Promise.resolve() },
        fs: nodeFileSystem,
        processes: nodeProcesses,
        chooseAdapters: () => ({
          restorePoints: new SnapperTukitRestorePoints(env.snapper, env.conn, env.config, {
            goBackTimeoutMs: 1500,
          }),
          ...noUpdates(),
        }),
      },
    );
    const before = (await call('checks.run', {})).checks.find((c) => c.id === 'started-older');
    expect(before).toMatchObject({
      state: 'attention',
      words: { key: 'started-older.older' },
      fix: { id: 'go-back', label: 'Go back to the restore point from before the update' },
    });
    expect(before?.details, JSON.stringify(before?.details)).toContain(
      'started from an older point: true',
    );

    const started = await call('checks.fix', { check: 'started-older' });
    const done = await core.jobs.wait(started.jobId);
    expect(done.state, JSON.stringify(done.finished?.error)).toBe('done');
    expect(done.finished?.kind === 'fix' ? done.finished.result?.check : null).toMatchObject({
      state: 'ok',
      words: { key: 'started-older.ok' },
    });
    expect(await adapter().boot()).toEqual({ running: '1', nextStart: '1' });
    // Going back left its undo record, like a go-back from the Restore points page.
    const list = await call('restorePoints.list', {});
    expect(list.undo).toEqual({ from: update, to: '1' });
  });
});
