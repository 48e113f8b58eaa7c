import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { nodeFileSystem } from '../../../electron/backends/restore-fs/node-fs';
import type { KairnEnvironment } from '../../../electron/core/env';
import { RestartServiceImpl } from '../../../electron/core/restart/service';
import { nextLocalTime, parseRestartTime } from '../../../electron/core/restart/when';
import type { StatusService } from '../../../electron/core/services';
import type { Status } from '../../../shared/schemas/status';
import { SuseRestartDetection } from '../../../electron/backends/restart-detection/suse';
import { UnavailableRestorePoints } from '../../../electron/core/restore-points/unavailable';
import { checkRestart, type RestartCheck } from '../../../electron/core/status/restart-check';
import { FakeLogind, FakeRebootManager, FakeSession } from '../../fakes/restart-fake';
import { makeTempDir } from '../../harness/tmp';

const NOW = new Date(2026, 10, 24, 14, 30); // 24 Nov 2026, 14:30 local

describe('restart times', () => {
  it('Tonight is the next 03:00 local, today when it is still ahead', () => {
    expect(nextLocalTime('03:00', NOW)).toEqual(new Date(2026, 10, 25, 3, 0));
    expect(nextLocalTime('03:00', new Date(2026, 10, 24, 1, 0))).toEqual(
      new Date(2026, 10, 24, 3, 0),
    );
    expect(nextLocalTime('14:30', NOW)).toEqual(new Date(2026, 10, 25, 14, 30));
  });

  it.each([
    ['unparsable', 'tomorrow', 'time-unparsable'],
    ['no time', '2026-11-25', 'time-unparsable'],
    ['not a real day', '2026-02-31T03:00', 'time-unparsable'],
    ['hour 25', '2026-11-25T25:00', 'time-unparsable'],
    ['in the past', '2026-11-24T14:00', 'time-in-past'],
    ['now exactly', '2026-11-24T14:30', 'time-in-past'],
    ['years ahead', '2206-11-24T03:00', 'time-too-far'],
  ])('%s → invalid-input (%s)', (_n, text, reason) => {
    expect(() => parseRestartTime(text, NOW)).toThrow(
      expect.objectContaining({ code: 'invalid-input', reason }) as Error,
    );
  });

  it('takes local time, an offset, or Z', () => {
    expect(parseRestartTime('2026-11-25T03:00', NOW)).toEqual(new Date(2026, 10, 25, 3, 0));
    expect(parseRestartTime('2026-11-25T03:00:00Z', NOW).toISOString()).toBe(
      '2026-11-25T03:00:00.000Z',
    );
    expect(parseRestartTime('2026-11-25T03:00+01:00', NOW).toISOString()).toBe(
      '2026-11-25T02:00:00.000Z',
    );
  });
});

const ENV_BASE = {
  home: '/home/alex',
  uid: 1000,
  gid: 1000,
  userName: 'alex',
  osReleasePath: null,
  demo: false,
};
const OS = {
  id: 'opensuse-kalpa',
  idLike: ['opensuse', 'suse'],
  name: 'openSUSE Kalpa',
  prettyName: 'openSUSE Kalpa',
  versionId: null,
  variantId: null,
  imageId: null,
  imageVersion: null,
  fields: {},
};

describe('RestartServiceImpl', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let logind: FakeLogind;
  let session: FakeSession;
  let required: boolean;
  let service: RestartServiceImpl;
  let rebootManager: FakeRebootManager;

  const status: StatusService = {
    get: () =>
      Promise.resolve({
        restart: {
          checked: true,
          required,
          reasons: required ? ['/run/reboot-needed'] : [],
          scheduled: null,
        },
      } as Status),
  };

  beforeEach(async () => {
    tmp = await makeTempDir();
    const env: KairnEnvironment = {
      home: tmp.path,
      uid: 1000,
      gid: 1000,
      userName: 'alex',
      osReleasePath: null,
      stateDir: join(tmp.path, 'state'),
      demo: false,
      sysRoot: join(tmp.path, 'root'),
    };
    await mkdir(join(tmp.path, 'root', 'run'), { recursive: true });
    logind = new FakeLogind();
    session = new FakeSession();
    required = true;
    service = new RestartServiceImpl({
      env,
      fs: nodeFileSystem,
      status,
      logind,
      session,
      rebootManager: (rebootManager = new FakeRebootManager()),
      now: () => NOW,
    });
  });
  afterEach(() => tmp.remove());

  it("schedules Tonight at 03:00 by default and reads it back from logind as Kairn's own", async () => {
    const { scheduled, restart } = await service.schedule({
      when: 'tonight',
      replace: false,
      onlyIfRequired: false,
    });
    expect(scheduled).toBe(true);
    expect(logind.current).toEqual({ type: 'reboot', at: new Date(2026, 10, 25, 3, 0) });
    expect(restart.scheduled).toEqual({
      at: new Date(2026, 10, 25, 3, 0).toISOString(),
      type: 'reboot',
      byKairn: true,
    });
  });

  it('shows what logind holds, not what Kairn remembers', async () => {
    await service.schedule({ when: 'tonight', replace: false, onlyIfRequired: false });
    logind.current = null; // cancelled elsewhere (shutdown -c)
    expect((await service.get()).scheduled).toBeNull();
  });

  it('remembers a new Tonight time', async () => {
    await service.schedule({
      when: 'tonight',
      time: '01:15',
      replace: false,
      onlyIfRequired: false,
    });
    expect(logind.current?.at).toEqual(new Date(2026, 10, 25, 1, 15));
    expect((await service.get()).tonightTime).toBe('01:15');
  });

  it("where rebootmgr restarts in a nightly window, Tonight starts there, and the person's own time wins", async () => {
    rebootManager.info = {
      api: 'varlink',
      strategy: 'maint-window',
      windowStart: '03:30',
      windowDuration: '90min',
      windowMinutes: 90,
      dailyStart: '03:30',
      requested: false,
      rebootTime: null,
    };
    expect(await service.get()).toMatchObject({
      tonightTime: '03:30',
      tonightFrom: 'maintenance-window',
      rebootManager: { strategy: 'maint-window', windowMinutes: 90 },
    });
    await service.schedule({ when: 'tonight', replace: false, onlyIfRequired: false });
    expect(logind.current?.at).toEqual(new Date(2026, 10, 25, 3, 30));
    // Scheduling without a time of their own does not turn the window into "their" time.
    rebootManager.info = { ...rebootManager.info, dailyStart: '04:00', windowStart: '04:00' };
    expect((await service.get()).tonightTime).toBe('04:00');
    // Nor does the page sending the suggested time back unchanged.
    await service.schedule({
      when: 'tonight',
      time: '04:00',
      replace: false,
      onlyIfRequired: false,
    });
    expect(await service.get()).toMatchObject({
      tonightTime: '04:00',
      tonightFrom: 'maintenance-window',
    });
    await service.schedule({
      when: 'tonight',
      time: '01:15',
      replace: false,
      onlyIfRequired: false,
    });
    expect(await service.get()).toMatchObject({ tonightTime: '01:15', tonightFrom: 'user' });
  });

  it('refuses a time in the past before calling logind', async () => {
    await expect(
      service.schedule({
        when: 'at',
        at: '2026-11-24T09:00',
        replace: false,
        onlyIfRequired: false,
      }),
    ).rejects.toMatchObject({ code: 'invalid-input', reason: 'time-in-past' });
    expect(logind.current).toBeNull();
  });

  it('never overwrites or cancels a restart someone else scheduled unless told to', async () => {
    const theirs = { type: 'reboot', at: new Date(2026, 10, 24, 18, 0) };
    logind.current = theirs;
    expect((await service.get()).scheduled).toMatchObject({ byKairn: false });
    await expect(
      service.schedule({ when: 'tonight', replace: false, onlyIfRequired: false }),
    ).rejects.toMatchObject({ code: 'busy', reason: 'restart-scheduled-by-other' });
    await expect(service.cancel({ replace: false })).rejects.toMatchObject({
      code: 'busy',
      reason: 'restart-scheduled-by-other',
    });
    expect(logind.current).toBe(theirs);
    await service.schedule({ when: 'tonight', replace: true, onlyIfRequired: false });
    expect(logind.current).toMatchObject({ at: new Date(2026, 10, 25, 3, 0) });
  });

  it('changes and cancels its own schedule without asking', async () => {
    await service.schedule({ when: 'tonight', replace: false, onlyIfRequired: false });
    await service.schedule({
      when: 'at',
      at: '2026-11-24T22:00',
      replace: false,
      onlyIfRequired: false,
    });
    const { cancelled, restart } = await service.cancel({ replace: false });
    expect(cancelled).toBe(true);
    expect(restart.scheduled).toBeNull();
  });

  it('passes polkit refusing through as access-denied and leaves nothing remembered', async () => {
    logind.failChanges = 'access-denied';
    await expect(
      service.schedule({ when: 'tonight', replace: false, onlyIfRequired: false }),
    ).rejects.toMatchObject({ code: 'access-denied' });
    logind.failChanges = null;
    expect((await service.get()).scheduled).toBeNull();
  });

  it('reports logind absent in restart.get and as service-missing when scheduling', async () => {
    logind.fail = 'service-missing';
    const info = await service.get();
    expect(info).toMatchObject({ logindAvailable: false, scheduled: null, inhibitors: [] });
    await expect(
      service.schedule({ when: 'tonight', replace: false, onlyIfRequired: false }),
    ).rejects.toMatchObject({ code: 'service-missing' });
  });

  it('says since when the restart waits (the flag file time) and why, from the family detection', async () => {
    const flag = join(tmp.path, 'root', 'run', 'reboot-needed');
    await writeFile(flag, 'reboot\n');
    const then = new Date('2026-11-20T08:00:00Z');
    await utimes(flag, then, then);
    const env = { sysRoot: join(tmp.path, 'root') };
    const detection = new SuseRestartDetection(
      nodeFileSystem,
      env,
      new UnavailableRestorePoints('x'),
    );
    const detected = new RestartServiceImpl({
      env: { ...ENV_BASE, stateDir: join(tmp.path, 'state'), sysRoot: env.sysRoot },
      fs: nodeFileSystem,
      status,
      logind,
      session,
      rebootManager: new FakeRebootManager(),
      detect: () =>
        checkRestart({
          fs: nodeFileSystem,
          sysRoot: env.sysRoot,
          family: 'suse-transactional',
          os: OS,
          detection,
        }),
      now: () => NOW,
    });
    const info = await detected.get();
    expect(info.since).toBe(then.toISOString());
    expect(info.reasons).toEqual(['reboot-needed']);
    expect(info.evidence).toEqual([
      { reason: 'reboot-needed', source: '/run/reboot-needed = reboot', since: then.toISOString() },
    ]);
    // Without restore points there is nothing to say about what the restart brings.
    expect(info.brings).toBeNull();
  });

  it('where the system keeps no time (a staged deployment), says since when Kairn has known; a new pending state starts anew', async () => {
    let clock = NOW;
    let found: RestartCheck = {
      checked: true,
      required: true,
      reasons: ['staged-deployment'],
      evidence: [{ reason: 'staged-deployment', source: 'staged deployment A', since: null }],
    };
    const known = new RestartServiceImpl({
      env: { ...ENV_BASE, stateDir: join(tmp.path, 'state'), sysRoot: join(tmp.path, 'root') },
      fs: nodeFileSystem,
      status,
      logind,
      session,
      rebootManager: new FakeRebootManager(),
      detect: () => Promise.resolve(found),
      now: () => clock,
    });
    expect((await known.get()).since).toBe(NOW.toISOString());
    clock = new Date(NOW.getTime() + 3600_000);
    expect((await known.get()).since).toBe(NOW.toISOString());
    found = {
      ...found,
      evidence: [{ reason: 'staged-deployment', source: 'staged deployment B', since: null }],
    };
    expect((await known.get()).since).toBe(clock.toISOString());
    found = { checked: true, required: false, reasons: [], evidence: [] };
    expect((await known.get()).since).toBeNull();
    found = {
      checked: true,
      required: true,
      reasons: ['staged-deployment'],
      evidence: [{ reason: 'staged-deployment', source: 'staged deployment B', since: null }],
    };
    clock = new Date(NOW.getTime() + 7200_000);
    expect((await known.get()).since).toBe(clock.toISOString());
  });

  it('Restart now goes through the desktop session when it is there (apps can save)', async () => {
    session.present = true;
    expect(await service.now({ overInhibitors: false, onlyIfRequired: false })).toEqual({
      started: true,
      via: 'session',
    });
    expect(session.logouts).toBe(1);
    expect(logind.reboots).toBe(0);
  });

  it('Restart now falls back to logind without a session service', async () => {
    expect(await service.now({ overInhibitors: false, onlyIfRequired: false })).toEqual({
      started: true,
      via: 'logind',
    });
    expect(logind.reboots).toBe(1);
  });

  it('warns about apps that asked to delay the restart, and only goes ahead when told', async () => {
    logind.inhibitorList = [
      {
        what: 'sleep',
        who: 'NetworkManager',
        why: 'Disconnect first',
        mode: 'delay',
        uid: 0,
        pid: 1,
      },
      {
        what: 'shutdown:sleep',
        who: 'Writer',
        why: 'Unsaved document',
        mode: 'delay',
        uid: 1000,
        pid: 2,
      },
    ];
    expect((await service.get()).inhibitors).toEqual([
      { what: 'shutdown:sleep', who: 'Writer', why: 'Unsaved document', mode: 'delay' },
    ]);
    await expect(
      service.now({ overInhibitors: false, onlyIfRequired: false }),
    ).rejects.toMatchObject({ code: 'busy', reason: 'restart-inhibited' });
    expect(logind.reboots).toBe(0);
    await service.now({ overInhibitors: true, onlyIfRequired: false });
    expect(logind.reboots).toBe(1);
  });

  it('an action clicked after the restart is no longer needed is a quiet no-op, never a surprise restart', async () => {
    required = false;
    expect(await service.now({ overInhibitors: false, onlyIfRequired: true })).toEqual({
      started: false,
      via: null,
    });
    expect(
      (await service.schedule({ when: 'tonight', replace: false, onlyIfRequired: true })).scheduled,
    ).toBe(false);
    expect(logind.reboots).toBe(0);
    expect(logind.current).toBeNull();
  });
});
