import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { nodeFileSystem } from '../../../electron/backends/restore-fs/node-fs';
import type { KairnEnvironment } from '../../../electron/core/env';
import { probeSystem } from '../../../electron/core/family/probe';
import type { FileSystemPort } from '../../../electron/core/ports/file-system';
import { checkRestart } from '../../../electron/core/status/restart-check';
import { OstreeRestartDetection } from '../../../electron/backends/restart-detection/ostree';
import { readBootTime } from '../../../electron/core/system/boot-time';
import { SYSTEM_FILES, systemPath } from '../../../electron/core/system/sysroot';
import { FakeSnapper } from '../../fakes/snapper-fake';
import { makeTempDir } from '../../harness/tmp';

describe('systemPath: every system file under KAIRN_SYSROOT', () => {
  it('prefixes absolute paths and keeps "/" as it is', () => {
    expect(systemPath({ sysRoot: '/mnt/sys' }, '/etc/os-release')).toBe('/mnt/sys/etc/os-release');
    expect(systemPath({ sysRoot: '/' }, '/run/reboot-needed')).toBe('/run/reboot-needed');
    expect(systemPath({}, '/proc/stat')).toBe('/proc/stat');
  });

  it('never leaves the root, whatever the path says', () => {
    expect(systemPath({ sysRoot: '/mnt/sys' }, '/../../etc/shadow')).toBe('/mnt/sys/etc/shadow');
  });

  it('refuses relative paths', () => {
    expect(() => systemPath({ sysRoot: '/mnt/sys' }, 'etc/os-release')).toThrow(/absolute/);
  });
});

describe('the readers use it', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let env: KairnEnvironment;
  const read: string[] = [];
  const spy: FileSystemPort = new Proxy(nodeFileSystem, {
    get(target, key, receiver) {
      const real: unknown = Reflect.get(target, key, receiver);
      if (typeof real !== 'function') return real;
      return (...args: unknown[]) => {
        read.push(String(args[0]));
        return Reflect.apply(real, target, args) as unknown;
      };
    },
  });

  async function put(path: string, text: string): Promise<void> {
    const full = systemPath(env, path);
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, text);
  }

  beforeEach(async () => {
    tmp = await makeTempDir();
    read.length = 0;
    env = {
      home: '/home/a',
      uid: 1000,
      gid: 1000,
      userName: 'a',
      osReleasePath: null,
      stateDir: tmp.path,
      demo: false,
      sysRoot: join(tmp.path, 'machine'),
    };
  });
  afterEach(() => tmp.remove());

  it('os-release, /run/ostree-booted, the restart flags and /proc/stat are read under the root only', async () => {
    await put(SYSTEM_FILES.osRelease, 'NAME="Fedora Linux"\nID=fedora\nVARIANT_ID=kinoite\n');
    await put(SYSTEM_FILES.ostreeBooted, '');
    await put(SYSTEM_FILES.procStat, 'cpu 1 2 3\nbtime 1763900000\n');
    const facts = await probeSystem({
      env,
      fs: spy,
      names: { state: () => Promise.resolve('missing') },
      fileHistory: new FakeSnapper(),
    });
    expect(facts.family).toBe('ostree');
    expect(facts.ostreeBooted).toBe(true);
    await put(SYSTEM_FILES.rebootRequired, '');
    const restart = await checkRestart({
      fs: spy,
      sysRoot: env.sysRoot ?? '/',
      family: 'ostree',
      os: facts.osRelease,
      // The family's own detection reads its runstate file under the same root.
      detection: new OstreeRestartDetection({ current: () => Promise.resolve([]) }, spy, env),
    });
    expect(restart.reasons).toEqual(['reboot-required']);
    expect(restart.evidence[0]?.source).toBe(SYSTEM_FILES.rebootRequired);
    expect(await readBootTime(spy, env)).toEqual(new Date(1763900000 * 1000));
    expect(read.length).toBeGreaterThan(4);
    for (const path of read) expect(path.startsWith(join(tmp.path, 'machine') + '/')).toBe(true);
  });

  it('KAIRN_OS_RELEASE still wins over the root', async () => {
    await writeFile(join(tmp.path, 'own-os-release'), 'NAME="KDE Linux"\nID=kde-linux\n');
    env = { ...env, osReleasePath: join(tmp.path, 'own-os-release') };
    const facts = await probeSystem({
      env,
      fs: spy,
      names: { state: () => Promise.resolve('missing') },
      fileHistory: new FakeSnapper(),
    });
    expect(facts.family).toBe('sysupdate');
  });
});
