import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { nodeFileSystem } from '../../electron/backends/restore-fs/node-fs';
import { environmentFromProcess, type KairnEnvironment } from '../../electron/core/env';
import type { FileSystemPort } from '../../electron/core/ports/file-system';
import type { RestartPort, ServiceNamesPort } from '../../electron/core/ports/system';
import { StatusServiceImpl } from '../../electron/core/status/service';
import { OstreeRestartDetection } from '../../electron/backends/restart-detection/ostree';
import { SuseRestartDetection } from '../../electron/backends/restart-detection/suse';
import { UnavailableRestorePoints } from '../../electron/core/restore-points/unavailable';
import type { RestartDetectionPort } from '../../electron/core/ports/restart-detection';
import { Status } from '../../shared/schemas/status';
import { FakeSnapper } from '../fakes/snapper-fake';
import { makeTempDir } from '../harness/tmp';

const KALPA =
  'NAME="openSUSE Kalpa"\nID="opensuse-kalpa"\nID_LIKE="opensuse suse"\nPRETTY_NAME="openSUSE Kalpa"\n';

describe('StatusServiceImpl', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let env: KairnEnvironment;
  let snapper: FakeSnapper;
  let scheduled: Awaited<ReturnType<RestartPort['scheduled']>> | Error = null;
  const names: ServiceNamesPort = {
    state: (name) => Promise.resolve(name === 'org.freedesktop.login1' ? 'activatable' : 'missing'),
  };
  const restart: Pick<RestartPort, 'scheduled'> = {
    scheduled: () =>
      scheduled instanceof Error ? Promise.reject(scheduled) : Promise.resolve(scheduled),
  };

  function service(
    fs: FileSystemPort = nodeFileSystem,
    detection: RestartDetectionPort | null = null,
  ): StatusServiceImpl {
    return new StatusServiceImpl({
      env,
      fs,
      snapper,
      names,
      restart,
      ostreeBootedPath: join(tmp.path, 'no-ostree'),
      restartDetection: () => Promise.resolve(detection),
    });
  }

  beforeEach(async () => {
    tmp = await makeTempDir();
    await writeFile(join(tmp.path, 'os-release'), KALPA);
    env = {
      home: '/home/alex',
      uid: 1000,
      gid: 1000,
      userName: 'alex',
      osReleasePath: join(tmp.path, 'os-release'),
      stateDir: tmp.path,
      demo: true,
      sysRoot: join(tmp.path, 'root'),
    };
    snapper = new FakeSnapper();
    snapper.addConfig('root', '/');
    snapper.addConfig('home', '/home', {
      ALLOW_USERS: 'alex bob',
      SYNC_ACL: 'yes',
      TIMELINE_CREATE: 'yes',
    });
    scheduled = null;
  });
  afterEach(() => tmp.remove());

  it('reports family, configs and the home history config', async () => {
    const suse = new SuseRestartDetection(nodeFileSystem, env, new UnavailableRestorePoints('x'));
    const status = Status.parse(await service(nodeFileSystem, suse).get());
    expect(status.family).toBe('suse-transactional');
    expect(status.familyLabel).toBe('openSUSE Kalpa');
    expect(status.home).toEqual({ path: '/home/alex', config: 'home' });
    expect(status.services.logind).toBe('activatable');
    expect(status.snapper.configs).toEqual([
      expect.objectContaining({ name: 'root', coversHome: false }),
      expect.objectContaining({
        name: 'home',
        coversHome: true,
        allowUsers: ['alex', 'bob'],
        syncAcl: true,
        timeline: true,
      }),
    ]);
    // openSUSE's transactional-update flags a waiting update in /run/reboot-needed; there is none.
    expect(status.restart).toEqual({
      checked: true,
      required: false,
      reasons: [],
      scheduled: null,
    });
  });

  it('treats a missing snapper as a state, not a failure', async () => {
    snapper.fault = 'missing';
    const status = await service().get();
    expect(status.snapper).toEqual({ available: false, configs: [], problem: 'service-missing' });
    expect(status.home.config).toBeNull();
    expect(status.family).toBe('generic');
  });

  it('reports a refusing snapper with its code', async () => {
    snapper.fault = 'denied';
    expect((await service().get()).snapper).toEqual({
      available: true,
      configs: [],
      problem: 'access-denied',
    });
  });

  it('shows a scheduled reboot but not a power-off or a dry run', async () => {
    scheduled = { type: 'reboot', at: new Date('2026-11-24T02:00:00Z') };
    expect((await service().get()).restart.scheduled).toEqual({ at: '2026-11-24T02:00:00.000Z' });
    scheduled = { type: 'poweroff', at: new Date('2026-11-24T02:00:00Z') };
    expect((await service().get()).restart.scheduled).toBeNull();
    scheduled = { type: 'dry-reboot', at: new Date('2026-11-24T02:00:00Z') };
    expect((await service().get()).restart.scheduled).toBeNull();
    scheduled = new Error('logind gone');
    expect((await service().get()).restart.scheduled).toBeNull();
  });

  it('reads os-release and the ostree flag only through its file-system port', async () => {
    env = { ...env, osReleasePath: null, sysRoot: '/' };
    snapper = new FakeSnapper(); // No root config: only the port's ostree flag can make this "ostree".
    const asked: string[] = [];
    const fs: FileSystemPort = {
      ...nodeFileSystem,
      readFile: ((path: string) => {
        asked.push(`readFile ${path}`);
        return path === '/etc/os-release'
          ? Promise.resolve(KALPA)
          : Promise.reject(new Error('ENOENT'));
      }) as FileSystemPort['readFile'],
      access: (path) => {
        asked.push(`access ${String(path)}`);
        return Promise.resolve();
      },
    };
    const status = await service(fs).get();
    expect(status.familyLabel).toBe('openSUSE Kalpa');
    expect(status.family).toBe('ostree');
    expect(asked).toEqual(['readFile /etc/os-release', `access ${join(tmp.path, 'no-ostree')}`]);
  });

  describe('restart needed, from the flag files under KAIRN_SYSROOT', () => {
    async function flag(path: string): Promise<void> {
      const full = join(tmp.path, 'root', path);
      await mkdir(join(full, '..'), { recursive: true });
      await writeFile(full, '');
    }
    async function osRelease(text: string): Promise<void> {
      await writeFile(join(tmp.path, 'os-release'), text);
    }

    it('says a restart is waiting when transactional-update left /run/reboot-needed (the family detection)', async () => {
      const suse = new SuseRestartDetection(nodeFileSystem, env, new UnavailableRestorePoints('x'));
      expect((await service(nodeFileSystem, suse).get()).restart).toEqual({
        checked: true,
        required: false,
        reasons: [],
        scheduled: null,
      });
      await flag('run/reboot-needed');
      expect((await service(nodeFileSystem, suse).get()).restart).toEqual({
        checked: true,
        required: true,
        reasons: ['reboot-needed'],
        scheduled: null,
      });
    });

    it('reads a staged ostree deployment as a waiting restart, and its absence as none', async () => {
      snapper = new FakeSnapper();
      await osRelease('NAME="Fedora Linux"\nID=fedora\nVARIANT_ID=kinoite\n');
      const ostree = (): StatusServiceImpl =>
        new StatusServiceImpl({
          env,
          snapper,
          names,
          restart,
          fs: nodeFileSystem,
          ostreeBootedPath: join(tmp.path, 'root/run/ostree-booted'),
          // rpm-ostreed lists only the booted deployment: the runstate file is what changes here.
          restartDetection: () =>
            Promise.resolve(
              new OstreeRestartDetection(
                { current: () => Promise.resolve([]) },
                nodeFileSystem,
                env,
              ),
            ),
        });
      await flag('run/ostree-booted');
      expect((await ostree().get()).family).toBe('ostree');
      expect((await ostree().get()).restart).toMatchObject({ checked: true, required: false });
      await flag('run/ostree/staged-deployment');
      expect((await ostree().get()).restart).toMatchObject({
        checked: true,
        required: true,
        reasons: ['staged-deployment'],
      });
    });

    it('checks /run/reboot-required on Debian-like systems', async () => {
      snapper = new FakeSnapper();
      await osRelease('NAME="Ubuntu"\nID=ubuntu\nID_LIKE=debian\n');
      expect((await service().get()).restart).toMatchObject({ checked: true, required: false });
      await flag('run/reboot-required');
      expect((await service().get()).restart).toMatchObject({
        checked: true,
        required: true,
        reasons: ['reboot-required'],
      });
    });

    it('says "not checked" where the family leaves no flag (KDE Linux) instead of "no restart needed"', async () => {
      snapper = new FakeSnapper();
      await osRelease('NAME="KDE Linux"\nID=kde-linux\n');
      const status = await service().get();
      expect(status.family).toBe('sysupdate');
      expect(status.restart).toEqual({
        checked: false,
        required: false,
        reasons: [],
        scheduled: null,
      });
    });

    it('takes the system root from KAIRN_SYSROOT (default "/") and os-release from under it', async () => {
      expect(environmentFromProcess({}).sysRoot).toBe('/');
      expect(environmentFromProcess({ KAIRN_SYSROOT: '/mnt/sys' }).sysRoot).toBe('/mnt/sys');
      await mkdir(join(tmp.path, 'root/etc'), { recursive: true });
      await writeFile(
        join(tmp.path, 'root/etc/os-release'),
        'NAME="openSUSE Aeon"\nID=opensuse-aeon\nPRETTY_NAME="openSUSE Aeon"\n',
      );
      env = { ...env, osReleasePath: null };
      expect((await service().get()).osRelease.prettyName).toBe('openSUSE Aeon');
    });
  });
});
