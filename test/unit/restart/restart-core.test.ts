/**
 * The notifier's restart-only core answers restart.* exactly as the full core does (same wiring,
 * same dispatch and contract checks) and nothing else.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterAll, beforeAll, expect, it } from 'vitest';

import { nodeFileSystem } from '../../../electron/backends/restore-fs/node-fs';
import { createCore, type Core } from '../../../electron/core/compose';
import { createRestartCore } from '../../../electron/core/compose-restart';
import type { KairnEnvironment } from '../../../electron/core/env';
import { METHOD_NAMES } from '../../../shared/api/contract';
import { FakeLogind, FakeRebootManager, FakeSession } from '../../fakes/restart-fake';
import { FakeSnapper } from '../../fakes/snapper-fake';
import { makeTempDir } from '../../harness/tmp';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let full: Core;
let small: Core;
const logind = new FakeLogind();

beforeAll(async () => {
  tmp = await makeTempDir();
  const root = join(tmp.path, 'root');
  await mkdir(join(root, 'run'), { recursive: true });
  // No family adapters here: the generic flag any system honours.
  await writeFile(join(root, 'run/reboot-required'), '');
  await writeFile(
    join(tmp.path, 'os-release'),
    'NAME="openSUSE Kalpa"\nID="opensuse-kalpa"\nID_LIKE="opensuse suse"\n',
  );
  const env: KairnEnvironment = {
    home: join(tmp.path, 'home'),
    uid: 1000,
    gid: 1000,
    userName: 'alex',
    osReleasePath: join(tmp.path, 'os-release'),
    stateDir: join(tmp.path, 'state'),
    demo: false,
    sysRoot: root,
  };
  const rebootManager = new FakeRebootManager();
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
  const shared = {
    fileHistory: new FakeSnapper(),
    names: { state: () => Promise.resolve('running' as const) },
    restart: logind,
    sessionShutdown: new FakeSession(),
    rebootManager,
    fs: nodeFileSystem,
  };
  full = createCore(env, {
    ...shared,
    processes: { pid: process.pid, isAlive: () => false },
    fileManager: { showItems: () => Promise.resolve() },
  });
  small = createRestartCore(env, shared);
});

afterAll(async () => {
  await full.shutdown();
  await small.shutdown();
  await tmp.remove();
});

it('restart.get is the same from both cores, before and after scheduling', async () => {
  const a = await full.dispatch('restart.get', {});
  expect(a).toMatchObject({ ok: true, result: { required: true, tonightTime: '03:30' } });
  expect(await small.dispatch('restart.get', {})).toEqual(a);
  const scheduled = await small.dispatch('restart.schedule', { when: 'tonight' });
  expect(scheduled).toMatchObject({ ok: true, result: { scheduled: true } });
  expect(await small.dispatch('restart.get', {})).toEqual(await full.dispatch('restart.get', {}));
  expect(await small.dispatch('restart.cancel', {})).toMatchObject({
    ok: true,
    result: { cancelled: true },
  });
});

it('checks params at the boundary like the full core', async () => {
  const bad = { when: 'tonight', time: '25:00' };
  expect(await small.dispatch('restart.schedule', bad)).toEqual(
    await full.dispatch('restart.schedule', bad),
  );
  expect(await small.dispatch('restart.schedule', bad)).toMatchObject({
    ok: false,
    error: { code: 'invalid-input' },
  });
});

it('every other method is not here (service-missing), none runs', async () => {
  for (const method of METHOD_NAMES.filter((m) => !m.startsWith('restart.'))) {
    const reply = await small.dispatch(method, {});
    expect(reply.ok, method).toBe(false);
    if (!reply.ok && reply.error.code !== 'invalid-input') {
      // Methods that do not list service-missing report it as backend-failed, naming it.
      expect(['service-missing', 'backend-failed'], method).toContain(reply.error.code);
      expect(JSON.stringify(reply.error), method).toContain('not part of the notifier core');
    }
  }
});
