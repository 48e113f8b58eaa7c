import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { nodeFileSystem } from '../../../electron/backends/restore-fs/node-fs';
import { ChecksServiceImpl } from '../../../electron/core/checks/service';
import type { KairnEnvironment } from '../../../electron/core/env';
import { redact } from '../../../electron/core/report/redact';
import { ReportServiceImpl, writeNew } from '../../../electron/core/report/service';
import type { JournalPort } from '../../../electron/core/ports/systemd';
import type { SnapshotsService, StatusService } from '../../../electron/core/services';
import { EventBus } from '../../../electron/core/api/events';
import { JobRunner } from '../../../electron/core/jobs/job-runner';
import type { SnapperPort } from '../../../electron/core/ports/snapper';
import type { RestartInfo } from '../../../shared/schemas/restart';
import type { RestorePoint, RestorePointList } from '../../../shared/schemas/restore-points';
import type { Status } from '../../../shared/schemas/status';
import { makeTempDir } from '../../harness/tmp';

// Planted: a user name and a host name that occur nowhere else in a report.
const USER = 'zoltanq';
const HOST = 'quokkabox';
const HOME = `/home/${USER}`;
const MAIL = `${USER}.private@example.org`;

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
beforeAll(async () => (tmp = await makeTempDir('kairn-report-')));
afterAll(async () => tmp.remove());

const env: KairnEnvironment = {
  home: HOME,
  uid: 1000,
  gid: 1000,
  userName: USER,
  osReleasePath: null,
  stateDir: '/nonexistent',
  demo: false,
  hostName: `${HOST}.lan`,
};

const status: Status = {
  family: 'suse-transactional',
  familyLabel: `openSUSE Kalpa on ${HOST}`,
  osRelease: {
    id: 'opensuse-kalpa',
    idLike: ['suse'],
    name: 'openSUSE Kalpa',
    prettyName: `openSUSE Kalpa (${USER}'s build)`,
    versionId: '20261120',
    variantId: null,
    imageId: null,
    imageVersion: null,
    fields: {},
  },
  services: {
    snapper: 'running',
    logind: 'running',
    tukit: 'running',
    rpmOstree: 'missing',
    sysupdate: 'missing',
  },
  snapper: {
    available: true,
    configs: [
      {
        name: 'home',
        subvolume: HOME,
        fstype: 'btrfs',
        allowUsers: [USER],
        allowGroups: [],
        syncAcl: true,
        timeline: true,
        coversHome: true,
      },
    ],
    problem: null,
  },
  home: { path: HOME, config: 'home' },
  restart: { checked: true, required: false, reasons: [], scheduled: null },
  restorePoints: null,
  demo: false,
};

const snapshots: SnapshotsService = {
  home: () =>
    Promise.resolve({
      home: HOME,
      userName: USER,
      config: { name: 'home', subvolume: HOME, allowed: true, syncAcl: true },
      problem: null,
    }),
  list: () =>
    Promise.resolve([
      {
        number: 7,
        date: '2026-11-20T10:00:00.000Z',
        type: 'single',
        preNumber: null,
        description: `before ${USER} edited ${HOME}/Documents on ${HOST}`,
        cleanup: '',
        userdata: {},
        important: false,
        uid: 1000,
      },
    ]),
  create: () => Promise.reject(new Error('unused')),
  keep: () => Promise.reject(new Error('unused')),
  setupHome: () => Promise.reject(new Error('unused')),
};

// The restart and restore-points areas carry the planted names too (a flag path, a point's title).
const restartInfo: RestartInfo = {
  checked: true,
  required: true,
  reasons: [`/run/reboot-needed-by-${USER}`],
  evidence: [{ reason: 'reboot-needed', source: `/run/reboot-needed-by-${USER}`, since: null }],
  since: '2026-11-19T12:00:00.000Z',
  brings: null,
  scheduled: null,
  tonightTime: '03:00',
  tonightFrom: 'default',
  inhibitors: [],
  restartVia: 'logind',
  rebootManager: null,
  logindAvailable: true,
};

const point = (id: string, over: Partial<RestorePoint>): RestorePoint => ({
  id,
  version: null,
  date: '2026-11-19T10:00:00.000Z',
  kind: 'named',
  title: `Before ${USER} tried ${HOST}`,
  description: `by ${MAIL}`,
  running: false,
  nextStart: false,
  kept: true,
  goBackBlocked: null,
  ...over,
});

const restorePoints: RestorePointList = {
  family: 'suse-transactional',
  list: { available: true, reason: null, detail: null },
  goBack: { available: true, reason: null, detail: null },
  keep: { available: true, reason: null, detail: null },
  cancellable: false,
  points: [point('9', { nextStart: true }), point('8', { running: true })],
  undo: null,
  restartNeeded: true,
  startedFromOlder: true,
};

const journal: JournalPort = {
  recentErrors: (scope) =>
    Promise.resolve(
      scope === 'system'
        ? {
            lines: [
              `2026-11-20T09:00:00+0100 ${HOST} sshd[12]: Invalid user from ${MAIL}`,
              `2026-11-20T09:01:00+0100 ${HOST.toUpperCase()} kernel: /home/${USER}/x: error`,
            ],
          }
        : { missing: true },
    ),
};

function service(over: Partial<ConstructorParameters<typeof ReportServiceImpl>[0]> = {}) {
  const statusService: StatusService = { get: () => Promise.resolve(status) };
  const checks = new ChecksServiceImpl({
    env,
    fs: nodeFileSystem,
    snapper: {
      getConfig: () => Promise.resolve({ name: 'home', subvolume: HOME, values: { QGROUP: '' } }),
    } as unknown as SnapperPort,
    snapshots,
    systemd: {
      failedUnits: () =>
        Promise.resolve([
          {
            name: `user-${USER}.service`,
            description: `Worker for ${USER}@${HOST}`,
            loadState: 'loaded',
            activeState: 'failed',
            subState: 'failed',
          },
        ]),
      mayRestartUnits: () => Promise.resolve(false),
      restartUnit: () => Promise.resolve(),
    },
    space: { usedSpace: () => Promise.resolve(0) },
    restart: {
      get: () => Promise.resolve(restartInfo),
      schedule: () => Promise.reject(new Error('unused')),
    },
    restorePoints: {
      list: () => Promise.resolve(restorePoints),
      rollback: () => Promise.reject(new Error('unused')),
    },
    jobs: new JobRunner(new EventBus()),
  });
  return new ReportServiceImpl({
    env,
    fs: nodeFileSystem,
    status: statusService,
    snapshots,
    checks,
    journal,
    version: '0.0.0-test',
    now: () => new Date('2026-11-20T12:00:00Z'),
    ...over,
  });
}

describe('the support report', () => {
  it('holds every part, and no user name, host name, home path or e-mail address', async () => {
    const { text, fileName } = await service().create();
    for (const part of [
      '== System ==',
      '== File history ==',
      '== Checks ==',
      '== Failed system services ==',
      'Recent errors: system journal',
      'Points in time: 1',
      'openSUSE Kalpa',
      'journalctl is not installed',
      '[problem] Restart: An installed update has been waiting',
      '[attention] Restore point in use: The computer started from an older restore point (from ',
    ])
      expect(text).toContain(part);
    expect(text).toContain('<user>');
    expect(text).toContain('<host>');
    expect(text).toContain('<e-mail>');
    expect(text).toContain('~/Documents');
    expect(text.toLowerCase()).not.toContain(USER);
    expect(text.toLowerCase()).not.toContain(HOST);
    expect(text).not.toContain('example.org');
    expect(fileName).toBe('kairn-report-20261120-1200.txt');
  });

  it('says why where a part could not be read', async () => {
    const broken: JournalPort = {
      recentErrors: () =>
        Promise.resolve({
          failed: 'No journal files were opened due to insufficient permissions.',
        }),
    };
    const { text } = await service({
      journal: broken,
      status: { get: () => Promise.reject(new Error('bus gone')) },
    }).create();
    expect(text).toContain('The journal could not be read: No journal files');
    expect(text).toContain('Could not read the system status');
  });

  it('redaction leaves words that merely contain a name alone', () => {
    expect(redact('annual report by ann', { userName: 'ann', home: '/home/ann' })).toBe(
      'annual report by <user>',
    );
  });

  it('saving without a host dialog says unavailable; with one it writes exactly the text', async () => {
    expect(await service().save('x', 'r.txt')).toEqual({ outcome: 'unavailable' });
    const target = join(tmp.path, 'chosen.txt');
    const saved = await service({ saveDialog: { choose: () => Promise.resolve(target) } }).save(
      'the report',
      'r.txt',
    );
    expect(saved).toEqual({ outcome: 'saved', path: target });
    expect(await readFile(target, 'utf8')).toBe('the report');
    expect(
      await service({ saveDialog: { choose: () => Promise.resolve(null) } }).save('x', 'r.txt'),
    ).toEqual({ outcome: 'cancelled' });
  });

  it('writeNew never overwrites and leaves no temporary file behind', async () => {
    const path = join(tmp.path, 'taken.txt');
    await writeFile(path, 'mine');
    await expect(writeNew(nodeFileSystem, path, 'report', false)).rejects.toMatchObject({
      reason: 'report-exists',
    });
    expect(await readFile(path, 'utf8')).toBe('mine');
    expect((await readdir(tmp.path)).filter((n) => n.includes('kairn-tmp'))).toEqual([]);
  });
});
