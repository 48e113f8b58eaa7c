import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { nodeFileSystem } from '../../electron/backends/restore-fs/node-fs';
import type { KairnEnvironment } from '../../electron/core/env';
import type { FileSystemPort } from '../../electron/core/ports/file-system';
import type { RestartPort, ServiceNamesPort } from '../../electron/core/ports/system';
import { StatusServiceImpl } from '../../electron/core/status/service';
import { Status } from '../../shared/schemas/status';
import { FakeSnapper } from '../fakes/snapper-fake';
import { makeTempDir } from '../harness/tmp';

const KALPA = 'NAME="openSUSE Kalpa"\nID="opensuse-kalpa"\nID_LIKE="opensuse suse"\nPRETTY_NAME="openSUSE Kalpa"\n';

describe('StatusServiceImpl', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let env: KairnEnvironment;
  let snapper: FakeSnapper;
  let scheduled: Awaited<ReturnType<RestartPort['scheduled']>> | Error = null;
  const names: ServiceNamesPort = { state: (name) => Promise.resolve(name === 'org.freedesktop.login1' ? 'activatable' : 'missing') };
  const restart: RestartPort = { scheduled: () => (scheduled instanceof Error ? Promise.reject(scheduled) : Promise.resolve(scheduled)) };

  function service(fs: FileSystemPort = nodeFileSystem): StatusServiceImpl {
    return new StatusServiceImpl({ env, fs, snapper, names, restart, ostreeBootedPath: join(tmp.path, 'no-ostree') });
  }

  beforeEach(async () => {
    tmp = await makeTempDir();
    await writeFile(join(tmp.path, 'os-release'), KALPA);
    env = { home: '/home/alex', uid: 1000, gid: 1000, userName: 'alex', osReleasePath: join(tmp.path, 'os-release'), stateDir: tmp.path, demo: true };
    snapper = new FakeSnapper();
    snapper.addConfig('root', '/');
    snapper.addConfig('home', '/home', { ALLOW_USERS: 'alex bob', SYNC_ACL: 'yes', TIMELINE_CREATE: 'yes' });
    scheduled = null;
  });
  afterEach(() => tmp.remove());

  it('reports family, configs and the home history config', async () => {
    const status = Status.parse(await service().get());
    expect(status.family).toBe('suse-transactional');
    expect(status.familyLabel).toBe('openSUSE Kalpa');
    expect(status.home).toEqual({ path: '/home/alex', config: 'home' });
    expect(status.services.logind).toBe('activatable');
    expect(status.snapper.configs).toEqual([
      expect.objectContaining({ name: 'root', coversHome: false }),
      expect.objectContaining({ name: 'home', coversHome: true, allowUsers: ['alex', 'bob'], syncAcl: true, timeline: true }),
    ]);
    expect(status.restart).toEqual({ required: false, reasons: [], scheduled: null });
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
    expect((await service().get()).snapper).toEqual({ available: true, configs: [], problem: 'access-denied' });
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
    env = { ...env, osReleasePath: null };
    snapper = new FakeSnapper(); // No root config: only the port's ostree flag can make this "ostree".
    const asked: string[] = [];
    const fs: FileSystemPort = {
      ...nodeFileSystem,
      readFile: ((path: string) => {
        asked.push(`readFile ${path}`);
        return path === '/etc/os-release' ? Promise.resolve(KALPA) : Promise.reject(new Error('ENOENT'));
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
});
