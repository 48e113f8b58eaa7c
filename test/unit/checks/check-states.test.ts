import { describe, expect, it } from 'vitest';

import { failedServicesCheck } from '../../../electron/core/checks/failed-services';
import { freeSpaceCheck, judgeSpace } from '../../../electron/core/checks/free-space';
import {
  fileHistoryCheck,
  historyScheduleCheck,
  type HistoryReader,
} from '../../../electron/core/checks/history';
import { historySpaceCheck } from '../../../electron/core/checks/history-space';
import { runChecks } from '../../../electron/core/checks/runner';
import { KairnError } from '../../../electron/core/errors';
import type { FileSystemPort } from '../../../electron/core/ports/file-system';
import type { SnapperPort } from '../../../electron/core/ports/snapper';
import type { FailedUnit, SystemdPort } from '../../../electron/core/ports/systemd';
import type { SnapshotsService } from '../../../electron/core/services';
import { nodeFileSystem } from '../../../electron/backends/restore-fs/node-fs';
import type { HistoryRetention, HomeHistory, Snapshot } from '../../../shared/schemas/snapshots';

const GB = 1_000_000_000;
const NOW = new Date('2026-11-20T12:00:00Z');

function statfsFs(freeBytes: number, sizeBytes: number): FileSystemPort {
  const bsize = 4096;
  const statfs = () =>
    Promise.resolve({
      type: 0x9123683e,
      bsize,
      blocks: Math.floor(sizeBytes / bsize),
      bfree: Math.floor(freeBytes / bsize),
      bavail: Math.floor(freeBytes / bsize),
      files: 0,
      ffree: 0,
    });
  return { ...nodeFileSystem, statfs: statfs as unknown as FileSystemPort['statfs'] };
}

async function one(check: Parameters<typeof runChecks>[0][number]) {
  const [result] = await runChecks([check]);
  if (!result) throw new Error('no result');
  return result;
}

const RETENTION: HistoryRetention = {
  timeline: true,
  cleanup: true,
  hourly: 10,
  daily: 10,
  weekly: 0,
  monthly: 10,
  yearly: 10,
};

function home(
  over: Partial<HomeHistory> = {},
  retention: HistoryRetention | null = RETENTION,
): HistoryReader {
  const config = {
    name: 'home',
    subvolume: '/home',
    allowed: true,
    syncAcl: true,
    ...(retention ? { retention } : {}),
  };
  return {
    home: () =>
      Promise.resolve({ home: '/home/alice', userName: 'alice', config, problem: null, ...over }),
  };
}

function snap(number: number, date: string): Snapshot {
  return {
    number,
    date,
    type: 'single',
    preNumber: null,
    description: '',
    cleanup: 'timeline',
    userdata: {},
    important: false,
    uid: 0,
  };
}

function snapshotsWith(list: Snapshot[], created: string[] = []): SnapshotsService {
  return {
    home: () => Promise.reject(new Error('not used')),
    list: () => Promise.resolve(list),
    create: (config) => {
      created.push(config);
      return Promise.resolve(snap(99, NOW.toISOString()));
    },
    keep: () => Promise.reject(new Error('not used')),
    setupHome: () => Promise.reject(new Error('not used')),
  };
}

describe('free space', () => {
  it.each([
    [50 * GB, 100 * GB, 'ok'],
    [8 * GB, 100 * GB, 'attention'],
    [3 * GB, 20 * GB, 'attention'],
    [0.5 * GB, 100 * GB, 'problem'],
    [2 * GB, 100 * GB, 'problem'],
  ] as const)('%d bytes free of %d is %s', async (free, size, state) => {
    expect(judgeSpace(free, size)).toBe(state);
    const result = await one(
      freeSpaceCheck('free-space-home', statfsFs(free, size), '/home/alice'),
    );
    expect(result.state).toBe(state);
    expect(result.words.key).toBe(`free-space-home.${state}`);
  });

  it('says free and total in words', async () => {
    const result = await one(freeSpaceCheck('free-space-system', statfsFs(50 * GB, 100 * GB), '/'));
    expect(result.summary).toMatch(/^There is enough room for updates: 50 GB free of 100 GB\.$/);
  });

  it('an unreadable file system is unknown', async () => {
    const fs = {
      ...nodeFileSystem,
      statfs: (() =>
        Promise.reject(
          Object.assign(new Error('no'), { code: 'EACCES' }),
        )) as unknown as FileSystemPort['statfs'],
    };
    expect((await one(freeSpaceCheck('free-space-system', fs, '/'))).state).toBe('unknown');
  });

  it('measures this machine for real', async () => {
    const result = await one(freeSpaceCheck('free-space-system', nodeFileSystem, '/'));
    expect(['ok', 'attention', 'problem']).toContain(result.state);
    expect(Number(result.words.values.sizeBytes)).toBeGreaterThan(0);
  });
});

describe('file history and its newest point', () => {
  const check = (list: Snapshot[], reader = home(), created: string[] = []) =>
    fileHistoryCheck(reader, snapshotsWith(list, created), () => NOW);

  it('ok when the newest point is recent', async () => {
    const r = await one(check([snap(1, '2026-11-18T00:00:00Z'), snap(2, '2026-11-20T09:00:00Z')]));
    expect(r).toMatchObject({
      state: 'ok',
      summary: 'File history is on. The newest point in time is 3 hours old.',
    });
    expect(r.fix).toBeUndefined();
  });
  it('attention after two days, with the fix', async () => {
    const r = await one(check([snap(1, '2026-11-17T11:00:00Z')]));
    expect(r).toMatchObject({ state: 'attention', fix: { id: 'take-point' } });
    expect(r.summary).toMatch(/3 days old/);
  });
  it('problem after two weeks', async () => {
    expect((await one(check([snap(1, '2026-10-01T00:00:00Z')]))).state).toBe('problem');
  });
  it('attention with no point at all', async () => {
    expect(await one(check([]))).toMatchObject({
      state: 'attention',
      words: { key: 'file-history.none' },
      fix: { id: 'take-point' },
    });
  });
  it('attention when off, unknown when snapper is missing', async () => {
    expect((await one(check([], home({ config: null, problem: 'no-config' })))).state).toBe(
      'attention',
    );
    expect((await one(check([], home({ config: null, problem: 'snapper-missing' })))).state).toBe(
      'unknown',
    );
  });
  it('the fix takes a point in the home config', async () => {
    const created: string[] = [];
    const c = check([], home(), created);
    await c.fixes?.[0]?.run(new AbortController().signal);
    expect(created).toEqual(['home']);
  });
});

describe('timeline and cleanup', () => {
  it.each([
    [RETENTION, 'ok'],
    [{ ...RETENTION, timeline: false }, 'attention'],
    [{ ...RETENTION, cleanup: false }, 'attention'],
  ] as const)('%o is %s', async (retention, state) => {
    expect((await one(historyScheduleCheck(home({}, retention)))).state).toBe(state);
  });
  it('unknown when the settings cannot be read or snapper is missing', async () => {
    expect((await one(historyScheduleCheck(home({}, null)))).state).toBe('unknown');
    expect(
      (await one(historyScheduleCheck(home({ config: null, problem: 'snapper-missing' })))).state,
    ).toBe('unknown');
  });
});

describe('space used by file history', () => {
  const snapper = (values: Record<string, string>): SnapperPort =>
    ({
      getConfig: () => Promise.resolve({ name: 'home', subvolume: '/home', values }),
    }) as unknown as SnapperPort;
  const space = (bytes: number) => ({ usedSpace: () => Promise.resolve(bytes) });
  const list = [snap(1, '2026-11-19T00:00:00Z'), snap(2, '2026-11-20T00:00:00Z')];

  it('ok with quotas and a modest share', async () => {
    const r = await one(
      historySpaceCheck(
        home(),
        snapshotsWith(list),
        snapper({ FSTYPE: 'btrfs', QGROUP: '1/0' }),
        space(1 * GB),
        statfsFs(50 * GB, 100 * GB),
      ),
    );
    expect(r).toMatchObject({
      state: 'ok',
      summary: 'File history uses 2.0 GB for its points in time.',
    });
  });
  it('attention above a quarter of the disk', async () => {
    const r = await one(
      historySpaceCheck(
        home(),
        snapshotsWith(list),
        snapper({ FSTYPE: 'btrfs', QGROUP: '1/0' }),
        space(20 * GB),
        statfsFs(50 * GB, 100 * GB),
      ),
    );
    expect(r.state).toBe('attention');
  });
  it('without quotas it says it cannot be measured (unknown, never ok)', async () => {
    const r = await one(
      historySpaceCheck(
        home(),
        snapshotsWith(list),
        snapper({ FSTYPE: 'btrfs', QGROUP: '' }),
        space(0),
        statfsFs(50 * GB, 100 * GB),
      ),
    );
    expect(r).toMatchObject({ state: 'unknown', words: { key: 'history-space.notMeasurable' } });
  });
  it('snapper refusing GetUsedSpace is unknown with why', async () => {
    const refusing = {
      usedSpace: () => Promise.reject(new KairnError('backend-failed', { detail: 'error.quota' })),
    };
    const r = await one(
      historySpaceCheck(
        home(),
        snapshotsWith(list),
        snapper({ FSTYPE: 'btrfs', QGROUP: '1/0' }),
        refusing,
        statfsFs(50 * GB, 100 * GB),
      ),
    );
    expect(r.state).toBe('unknown');
    expect(r.details.join()).toContain('error.quota');
  });
});

describe('failed system services', () => {
  const unit = (name: string, description: string): FailedUnit => ({
    name,
    description,
    loadState: 'loaded',
    activeState: 'failed',
    subState: 'failed',
  });
  const systemd = (
    units: FailedUnit[] | Error,
    allowed: boolean,
    restarted: string[] = [],
    refuse = false,
  ): SystemdPort => ({
    failedUnits: () => (units instanceof Error ? Promise.reject(units) : Promise.resolve(units)),
    mayRestartUnits: () => Promise.resolve(allowed),
    restartUnit: (name) => {
      if (refuse)
        return Promise.reject(
          new KairnError('access-denied', {
            reason: 'admin-needed',
            detail: 'org.freedesktop.DBus.Error.InteractiveAuthorizationRequired',
          }),
        );
      restarted.push(name);
      return Promise.resolve();
    },
  });

  it('ok with none failed', async () => {
    expect((await one(failedServicesCheck(systemd([], true)))).state).toBe('ok');
  });
  it('attention, named by description, with the fix only where polkit allows it', async () => {
    const units = [unit('cups.service', 'CUPS Scheduler'), unit('odd.service', '')];
    const allowed = await one(failedServicesCheck(systemd(units, true)));
    expect(allowed.summary).toBe(
      '2 system services have stopped with an error: CUPS Scheduler, odd.service.',
    );
    expect(allowed.fix?.id).toBe('restart-service');
    const refused = await one(failedServicesCheck(systemd(units, false)));
    expect(refused.state).toBe('attention');
    expect(refused.fix).toBeUndefined();
  });
  it('unknown when systemd is not there', async () => {
    const r = await one(failedServicesCheck(systemd(new KairnError('service-missing'), false)));
    expect(r).toMatchObject({ state: 'unknown', words: { key: 'failed-services.missing' } });
  });
  it('the fix restarts what has failed now; a refusal is a clear sentence', async () => {
    const restarted: string[] = [];
    await failedServicesCheck(
      systemd([unit('cups.service', 'CUPS')], true, restarted),
    ).fixes?.[0]?.run(new AbortController().signal);
    expect(restarted).toEqual(['cups.service']);
    const refusing = failedServicesCheck(systemd([unit('cups.service', 'CUPS')], true, [], true));
    await expect(refusing.fixes?.[0]?.run(new AbortController().signal)).rejects.toMatchObject({
      code: 'access-denied',
      reason: 'restart-unit-refused',
      message: expect.stringMatching(/did not allow restarting/) as unknown,
    });
  });
});
