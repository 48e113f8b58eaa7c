import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { nodeFileSystem } from '../../../electron/backends/restore-fs/node-fs';
import { EventBus } from '../../../electron/core/api/events';
import {
  restartPendingCheck,
  RESTART_WAIT_PROBLEM_DAYS,
  type RestartReader,
} from '../../../electron/core/checks/restart-pending';
import { runChecks } from '../../../electron/core/checks/runner';
import { ChecksServiceImpl } from '../../../electron/core/checks/service';
import { bootChecks, restartChecks } from '../../../electron/core/checks/modules';
import { startedFromOlderCheck } from '../../../electron/core/checks/started-older';
import type { KairnEnvironment } from '../../../electron/core/env';
import { KairnError } from '../../../electron/core/errors';
import { JobRunner } from '../../../electron/core/jobs/job-runner';
import type { SnapperPort } from '../../../electron/core/ports/snapper';
import type { RestartPort } from '../../../electron/core/ports/system';
import type {
  BootPoints,
  RestorePointInfo,
  RestorePointsPort,
} from '../../../electron/core/ports/restore-points';
import { RestartServiceImpl } from '../../../electron/core/restart/service';
import { RestorePointsServiceImpl } from '../../../electron/core/restore-points/service';
import type { SnapshotsService } from '../../../electron/core/services';
import type { RestartInfo } from '../../../shared/schemas/restart';
import type { RestorePointList } from '../../../shared/schemas/restore-points';
import type { FixResult } from '../../../shared/schemas/checks';
import type { Status } from '../../../shared/schemas/status';
import { makeTempDir } from '../../harness/tmp';

const NOW = new Date('2026-11-20T12:00:00Z');
const HOUR = 3_600_000;

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
beforeAll(async () => (tmp = await makeTempDir('kairn-area-checks-')));
afterAll(async () => tmp.remove());

async function one(check: Parameters<typeof runChecks>[0][number]) {
  const [result] = await runChecks([check]);
  if (!result) throw new Error('no result');
  return result;
}

function info(over: Partial<RestartInfo> = {}): RestartInfo {
  return {
    checked: true,
    required: true,
    reasons: ['reboot-needed'],
    evidence: [],
    since: null,
    brings: null,
    scheduled: null,
    tonightTime: '03:00',
    tonightFrom: 'default',
    inhibitors: [],
    restartVia: 'logind',
    rebootManager: null,
    logindAvailable: true,
    ...over,
  };
}

const reader = (value: RestartInfo): RestartReader => ({
  get: () => Promise.resolve(value),
  schedule: () => Promise.reject(new Error('unused')),
});

const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();

describe('restart pending, and for how long', () => {
  const check = (value: RestartInfo) => restartPendingCheck(reader(value), () => NOW);

  it('unknown where Kairn cannot look, never ok', async () => {
    const result = await one(check(info({ checked: false, required: false, reasons: [] })));
    expect(result.state).toBe('unknown');
    expect(result.summary).toBe('Kairn cannot tell on this system whether a restart is needed.');
    expect(result.fix).toBeUndefined();
  });

  it('ok when nothing waits', async () => {
    const result = await one(check(info({ required: false, reasons: [] })));
    expect(result).toMatchObject({ state: 'ok', words: { key: 'restart-pending.ok' } });
    expect(result.fix).toBeUndefined();
  });

  it('ok when the restart is already planned, saying when', async () => {
    const at = '2026-11-21T02:00:00.000Z';
    const result = await one(
      check(info({ since: ago(30 * HOUR), scheduled: { at, type: 'reboot', byKairn: false } })),
    );
    expect(result.state).toBe('ok');
    expect(result.words).toEqual({ key: 'restart-pending.scheduled', values: { at } });
    expect(result.summary).toMatch(
      /^An update takes effect at the next restart, which is planned for Nov 2[01], 2026, /,
    );
    expect(result.fix).toBeUndefined();
    expect(result.details.join('\n')).toContain('by someone else');
  });

  it.each([
    [null, 'restart-pending.waiting', undefined],
    [ago(20 * 60_000), 'restart-pending.waitingFresh', undefined],
    [ago(5 * HOUR), 'restart-pending.waitingHours', 5],
    [ago(2 * 24 * HOUR + HOUR), 'restart-pending.waitingDays', 2],
  ] as const)('attention with Restart tonight when waiting since %s', async (since, key, count) => {
    const result = await one(check(info({ since })));
    expect(result.state).toBe('attention');
    expect(result.words.key).toBe(key);
    expect(result.words.values.count).toBe(count);
    expect(result.fix).toMatchObject({ id: 'restart-tonight', label: 'Restart tonight' });
  });

  it(`problem after ${String(RESTART_WAIT_PROBLEM_DAYS)} days, in words with its plural`, async () => {
    const result = await one(check(info({ since: ago(RESTART_WAIT_PROBLEM_DAYS * 24 * HOUR) })));
    expect(result.state).toBe('problem');
    expect(result.summary).toBe(
      `An installed update has been waiting ${String(RESTART_WAIT_PROBLEM_DAYS)} days for a restart. Until then the computer runs without its fixes.`,
    );
    expect(result.fix?.id).toBe('restart-tonight');
    const oneHour = await one(check(info({ since: ago(HOUR) })));
    expect(oneHour.summary).toBe(
      'An installed update has been waiting 1 hour for a restart to take effect.',
    );
  });

  it('no Restart tonight when logind cannot be reached', async () => {
    const result = await one(check(info({ since: ago(5 * HOUR), logindAvailable: false })));
    expect(result.state).toBe('attention');
    expect(result.fix).toBeUndefined();
    expect(result.details.join('\n')).toContain('logind not reachable');
  });

  it('a failing restart area is unknown with why', async () => {
    const failing: RestartReader = {
      get: () => Promise.reject(new KairnError('service-missing', { detail: 'logind gone' })),
      schedule: () => Promise.reject(new Error('unused')),
    };
    const result = await one(restartPendingCheck(failing));
    expect(result.state).toBe('unknown');
    expect(result.details[0]).toContain('service-missing (logind gone)');
  });
});

/** A logind stand-in that holds one schedule, as ScheduleShutdown/ScheduledShutdown do. */
function logind(refuse = false): RestartPort & { held: { type: string; at: Date } | null } {
  const port = {
    held: null as { type: string; at: Date } | null,
    scheduled: () => Promise.resolve(port.held),
    schedule: (type: 'reboot', at: Date) => {
      if (refuse)
        return Promise.reject(
          new KairnError('access-denied', {
            reason: 'restart-not-permitted',
            detail: 'org.freedesktop.login1.reboot: polkit said no',
          }),
        );
      port.held = { type, at };
      return Promise.resolve();
    },
    cancel: () => Promise.resolve(false),
    inhibitors: () => Promise.resolve([]),
    rebootNow: () => Promise.reject(new Error('never in a test')),
  };
  return port;
}

function statusWith(restart: Status['restart']): Status {
  return { restart } as unknown as Status;
}

const unusedSnapshots = {} as unknown as SnapshotsService;
const unusedSnapper = {} as unknown as SnapperPort;

function checksService(
  env: KairnEnvironment,
  parts: Pick<ConstructorParameters<typeof ChecksServiceImpl>[0], 'restart' | 'restorePoints'>,
  jobs: JobRunner,
  modules = [restartChecks],
) {
  return new ChecksServiceImpl({
    env,
    fs: nodeFileSystem,
    snapper: unusedSnapper,
    snapshots: unusedSnapshots,
    systemd: {
      failedUnits: () => Promise.resolve([]),
      mayRestartUnits: () => Promise.resolve(false),
      restartUnit: () => Promise.resolve(),
    },
    space: { usedSpace: () => Promise.resolve(0) },
    jobs,
    modules,
    ...parts,
  });
}

async function fixResult(jobs: JobRunner, jobId: string): Promise<FixResult> {
  const done = await jobs.wait(jobId);
  if (done.finished?.kind !== 'fix' || !done.finished.result)
    throw new Error(`fix failed: ${JSON.stringify(done.finished?.error)}`);
  return done.finished.result;
}

describe('Restart tonight, through the restart area', () => {
  /** The real restart service over a stand-in logind, with a flag file three days old. */
  async function setup(refuse = false) {
    const sysRoot = join(tmp.path, `root-${String(refuse)}`);
    await mkdir(join(sysRoot, 'run'), { recursive: true });
    const flag = join(sysRoot, 'run', 'reboot-required');
    await writeFile(flag, '');
    const threeDaysAgo = new Date(Date.now() - 3 * 24 * HOUR - HOUR);
    await utimes(flag, threeDaysAgo, threeDaysAgo);
    const env: KairnEnvironment = {
      home: tmp.path,
      uid: 1000,
      gid: 1000,
      userName: 'test',
      osReleasePath: null,
      stateDir: join(sysRoot, 'state'),
      demo: false,
      sysRoot,
    };
    const held = logind(refuse);
    const restart = new RestartServiceImpl({
      env,
      fs: nodeFileSystem,
      // What the generic flag's detection finds: the flag, since its file time.
      detect: () =>
        Promise.resolve({
          checked: true,
          required: true,
          reasons: ['reboot-required'],
          evidence: [
            { reason: 'reboot-required', source: '/run/reboot-required', since: threeDaysAgo },
          ],
        }),
      status: {
        get: () =>
          Promise.resolve(
            statusWith({
              checked: true,
              required: true,
              reasons: ['reboot-required'],
              scheduled: null,
            }),
          ),
      },
      logind: held,
      session: {
        available: () => Promise.resolve(false),
        logoutAndReboot: () => Promise.resolve(),
      },
      rebootManager: { read: () => Promise.resolve(null) },
    });
    const jobs = new JobRunner(new EventBus());
    const service = checksService(
      env,
      {
        restart,
        restorePoints: {
          list: () => Promise.reject(new Error('unused')),
          rollback: () => Promise.reject(new Error('unused')),
        },
      },
      jobs,
    );
    return { service, jobs, held };
  }

  it('"since" is the flag file time; the fix asks logind for tonight and the check turns ok', async () => {
    const { service, jobs, held } = await setup();
    const [before] = (await service.run()).checks;
    expect(before).toMatchObject({
      state: 'attention',
      words: { key: 'restart-pending.waitingDays', values: { count: 3 } },
      fix: { id: 'restart-tonight' },
    });
    const { check } = await fixResult(jobs, await service.fix('restart-pending'));
    expect(held.held?.type).toBe('reboot');
    const at = held.held?.at ?? new Date(0);
    expect(
      `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`,
    ).toBe('03:00');
    expect(at.getTime()).toBeGreaterThan(Date.now());
    expect(check).toMatchObject({ state: 'ok', words: { key: 'restart-pending.scheduled' } });
    // Offered no more once planned: a second fix is refused as nothing to fix.
    await expect(service.fix('restart-pending')).rejects.toMatchObject({ reason: 'no-fix-now' });
  });

  it('a restart the system does not allow: the fix fails in a plain sentence, nothing is planned', async () => {
    const { service, jobs, held } = await setup(true);
    const done = await jobs.wait(await service.fix('restart-pending'));
    expect(done.state).toBe('failed');
    expect(done.finished?.error).toMatchObject({
      code: 'access-denied',
      reason: 'restart-not-permitted',
    });
    expect(done.finished?.error?.message).toMatch(/^This computer does not allow your user/);
    expect(held.held).toBeNull();
    const [after] = (await service.run()).checks;
    expect(after).toMatchObject({ state: 'attention', fix: { id: 'restart-tonight' } });
  });
});

function list(over: Partial<RestorePointList> = {}): RestorePointList {
  return {
    family: 'suse-transactional',
    list: { available: true, reason: null, detail: null },
    goBack: { available: true, reason: null, detail: null },
    keep: { available: true, reason: null, detail: null },
    cancellable: false,
    points: [
      {
        id: '12',
        version: '20261119',
        date: '2026-11-19T08:00:00.000Z',
        kind: 'update',
        title: 'Update',
        description: '',
        running: false,
        nextStart: true,
        kept: false,
        goBackBlocked: null,
      },
      {
        id: '10',
        version: '20261110',
        date: '2026-11-10T08:00:00.000Z',
        kind: 'update',
        title: 'Update',
        description: '',
        running: true,
        nextStart: false,
        kept: false,
        goBackBlocked: null,
      },
    ],
    undo: null,
    restartNeeded: true,
    startedFromOlder: true,
    ...over,
  };
}

const points = (value: RestorePointList) => ({
  list: () => Promise.resolve(value),
  rollback: () => Promise.reject(new Error('unused')),
});

describe('started from an older restore point', () => {
  const jobs = new JobRunner(new EventBus());

  it('is left out where the system has no restore points', async () => {
    const none = list({
      family: 'generic',
      list: { available: false, reason: 'restore-points-none', detail: null },
      points: [],
    });
    expect(await runChecks([startedFromOlderCheck(points(none), jobs)])).toEqual([]);
  });

  it('unknown when the restore points cannot be read', async () => {
    const unreadable = list({
      list: { available: false, reason: 'rpm-ostree-missing', detail: 'no name owner' },
      points: [],
    });
    const result = await one(startedFromOlderCheck(points(unreadable), jobs));
    expect(result.state).toBe('unknown');
    expect(result.details[0]).toContain('rpm-ostree-missing no name owner');
  });

  it('ok when the usual restore point runs', async () => {
    const result = await one(
      startedFromOlderCheck(points(list({ startedFromOlder: false })), jobs),
    );
    expect(result).toMatchObject({ state: 'ok', words: { key: 'started-older.ok' } });
    expect(result.fix).toBeUndefined();
  });

  it('attention with Go back to the restore point from before the update', async () => {
    const result = await one(startedFromOlderCheck(points(list()), jobs));
    expect(result.state).toBe('attention');
    expect(result.words).toEqual({
      key: 'started-older.older',
      values: { at: '2026-11-10T08:00:00.000Z' },
    });
    expect(result.fix).toMatchObject({
      id: 'go-back',
      label: 'Go back to the restore point from before the update',
    });
    expect(result.details).toContain(
      'running: 10, 2026-11-10T08:00:00.000Z, version 20261110 (Update)',
    );
  });

  it('attention without a fix where going back is not offered here', async () => {
    const result = await one(
      startedFromOlderCheck(
        points(
          list({ goBack: { available: false, reason: 'rollback-not-allowed', detail: null } }),
        ),
        jobs,
      ),
    );
    expect(result).toMatchObject({
      state: 'attention',
      words: { key: 'started-older.olderNoFix' },
    });
    expect(result.fix).toBeUndefined();
  });

  it('attention without a fix where the family cannot go back to the running point (an image-based system)', async () => {
    const base = list();
    const blocked = list({
      points: base.points.map((p) =>
        p.running ? { ...p, goBackBlocked: 'rollback-image-after-restart' } : p,
      ),
    });
    const result = await one(startedFromOlderCheck(points(blocked), jobs));
    expect(result).toMatchObject({
      state: 'attention',
      words: { key: 'started-older.olderNoFix' },
    });
    expect(result.fix).toBeUndefined();
    expect(result.details).toContain(
      'going back to the running point: blocked (rollback-image-after-restart)',
    );
  });
});

/** A restore-points backend in memory: the boot chose point 10 while 12 is the default. */
function backend(refuse = false): RestorePointsPort & { boot: () => Promise<BootPoints> } {
  const infos: RestorePointInfo[] = [
    {
      id: '10',
      version: '20261110',
      date: new Date('2026-11-10T08:00:00Z'),
      kind: 'update',
      description: 'Update',
      kept: false,
    },
    {
      id: '12',
      version: '20261119',
      date: new Date('2026-11-19T08:00:00Z'),
      kind: 'update',
      description: 'Update',
      kept: false,
    },
  ];
  const boot: BootPoints = { running: '10', nextStart: '12' };
  const none = () => Promise.resolve(null);
  return {
    cancellable: false,
    listUnavailable: none,
    goBackUnavailable: none,
    keepUnavailable: none,
    list: () => Promise.resolve(infos),
    boot: () => Promise.resolve({ ...boot }),
    changes: () => Promise.reject(new Error('unused')),
    keep: () => Promise.reject(new Error('unused')),
    goBack: (id) => {
      if (refuse)
        return Promise.reject(
          new KairnError('access-denied', {
            reason: 'rollback-not-allowed',
            detail: 'polkit said no',
          }),
        );
      boot.nextStart = id;
      return Promise.resolve();
    },
  };
}

describe('Go back to the restore point from before the update, through the restore-points job', () => {
  async function setup(refuse = false) {
    const sysRoot = join(tmp.path, `boot-${String(refuse)}`);
    await mkdir(join(sysRoot, 'proc'), { recursive: true });
    // Booted on 20 November: after both points were made, so the boot chose the older one.
    await writeFile(
      join(sysRoot, 'proc', 'stat'),
      `cpu 1 2 3\nbtime ${String(Date.parse('2026-11-20T07:00:00Z') / 1000)}\n`,
    );
    const env: KairnEnvironment = {
      home: tmp.path,
      uid: 1000,
      gid: 1000,
      userName: 'test',
      osReleasePath: null,
      stateDir: join(sysRoot, 'state'),
      demo: false,
      sysRoot,
    };
    const jobs = new JobRunner(new EventBus());
    const port = backend(refuse);
    const restorePoints = new RestorePointsServiceImpl({
      env,
      fs: nodeFileSystem,
      jobs,
      backend: () => Promise.resolve({ family: 'suse-transactional', port }),
    });
    const service = checksService(env, { restart: reader(info()), restorePoints }, jobs, [
      bootChecks,
    ]);
    return { service, jobs, port };
  }

  it('makes the running point the next start; the check reads ok afterwards', async () => {
    const { service, jobs, port } = await setup();
    const [before] = (await service.run()).checks;
    expect(before).toMatchObject({
      id: 'started-older',
      state: 'attention',
      fix: { id: 'go-back' },
    });
    const { check } = await fixResult(jobs, await service.fix('started-older'));
    expect(await port.boot()).toEqual({ running: '10', nextStart: '10' });
    expect(check).toMatchObject({ state: 'ok', words: { key: 'started-older.ok' } });
  });

  it('a refused go-back fails the fix with its plain sentence and changes nothing', async () => {
    const { service, jobs, port } = await setup(true);
    const done = await jobs.wait(await service.fix('started-older'));
    expect(done.state).toBe('failed');
    expect(done.finished?.error).toMatchObject({
      code: 'access-denied',
      reason: 'rollback-not-allowed',
    });
    expect(done.finished?.error?.message).toBe(
      'Your administrator has to allow going back to a restore point.',
    );
    expect(await port.boot()).toEqual({ running: '10', nextStart: '12' });
  });
});
