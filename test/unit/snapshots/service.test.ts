import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { KairnEnvironment } from '../../../electron/core/env';
import { KairnError } from '../../../electron/core/errors';
import { nodeFileSystem as fs } from '../../../electron/backends/restore-fs/node-fs';
import {
  DEFAULT_DESCRIPTION,
  KAIRN_CLEANUP_KEY,
  SnapshotsServiceImpl,
} from '../../../electron/core/snapshots/service';
import { SnapshotLocator } from '../../../electron/core/snapshots/locator';
import { FakeSnapper } from '../../fakes/snapper-fake';
import { makeTempDir } from '../../harness/tmp';

/** A FakeSnapper whose GetConfig / CreateConfig answer as a test wants. */
class ScriptedSnapper extends FakeSnapper {
  denyGetConfig = false;
  created: string[][] = [];
  createError: KairnError | null = null;
  override async getConfig(config: string) {
    if (this.denyGetConfig)
      throw new KairnError('access-denied', { reason: 'snapper-not-allowed' });
    return super.getConfig(config);
  }
  /** (name, subvolume, fstype, template); the base fake takes no arguments. */
  override async createConfig(...args: string[]) {
    if (this.createError) throw this.createError;
    this.created.push(args);
    this.addConfig(args[0] ?? '', args[1] ?? '');
  }
}

let tmp: { path: string; remove(): Promise<void> };
let home: string;
let snapper: ScriptedSnapper;
let env: KairnEnvironment;
let service: SnapshotsServiceImpl;

beforeEach(async () => {
  tmp = await makeTempDir('kairn-snapshots-');
  home = join(tmp.path, 'home', 'alice');
  await mkdir(home, { recursive: true });
  snapper = new ScriptedSnapper();
  env = {
    home,
    uid: 1000,
    gid: 1000,
    userName: 'alice',
    osReleasePath: null,
    stateDir: join(tmp.path, 'state'),
    demo: false,
  };
  service = new SnapshotsServiceImpl({
    fs,
    env,
    snapper,
    locator: new SnapshotLocator(snapper, fs),
  });
});
afterEach(async () => {
  await tmp.remove();
});

describe('snapshots.home', () => {
  it("prefers the config that is exactly the home, then the closest one holding it, never '/'", async () => {
    snapper.addConfig('root', '/', { ALLOW_USERS: 'alice' });
    expect(await service.home()).toMatchObject({
      config: null,
      problem: 'no-config',
      home,
      userName: 'alice',
    });
    snapper.addConfig('tmp', tmp.path, { ALLOW_USERS: 'alice' });
    snapper.addConfig('home', join(tmp.path, 'home'), { ALLOW_USERS: 'alice' });
    expect((await service.home()).config?.name).toBe('home');
    snapper.addConfig('home_1000', `${home}/`, { ALLOW_USERS: 'alice', SYNC_ACL: 'yes' });
    const { config, ...rest } = await service.home();
    expect(rest).toEqual({ home, userName: 'alice', problem: null });
    expect(config).toMatchObject({
      name: 'home_1000',
      subvolume: `${home}/`,
      allowed: true,
      syncAcl: true,
    });
  });

  it("says how long points are kept, from the config's timeline and cleanup settings", async () => {
    snapper.addConfig('home_1000', home, {
      ALLOW_USERS: 'alice',
      TIMELINE_CREATE: 'yes',
      TIMELINE_CLEANUP: 'no',
      TIMELINE_LIMIT_HOURLY: '5',
      TIMELINE_LIMIT_DAILY: '2-7',
      TIMELINE_LIMIT_WEEKLY: '0',
      TIMELINE_LIMIT_MONTHLY: '0',
      TIMELINE_LIMIT_YEARLY: 'garbage',
    });
    expect((await service.home()).config?.retention).toEqual({
      timeline: true,
      cleanup: false,
      hourly: 5,
      daily: 7,
      weekly: 0,
      monthly: 0,
      // Unreadable: snapper's own default.
      yearly: 10,
    });
  });

  it('finds the config through a home that is a link (Fedora: /home → /var/home)', async () => {
    const link = join(tmp.path, 'link-home');
    await symlink(home, link);
    snapper.addConfig('home_1000', home, { ALLOW_USERS: '1000' });
    const linked = new SnapshotsServiceImpl({
      fs,
      env: { ...env, home: link },
      snapper,
      locator: new SnapshotLocator(snapper, fs),
    });
    expect(await linked.home()).toMatchObject({
      home,
      config: { name: 'home_1000', allowed: true },
      problem: null,
    });
  });

  it('says not-allowed unless the user, root, or (as snapperd judges) a group may use it', async () => {
    snapper.addConfig('home_1000', home, { ALLOW_USERS: 'bob al\\ ice' });
    expect(await service.home()).toMatchObject({
      config: { allowed: false },
      problem: 'not-allowed',
    });
    const root = new SnapshotsServiceImpl({
      fs,
      env: { ...env, uid: 0 },
      snapper,
      locator: new SnapshotLocator(snapper, fs),
    });
    expect(await root.home()).toMatchObject({ config: { allowed: true }, problem: null });
    snapper.addConfig('home_1000', home, { ALLOW_GROUPS: 'staff' });
    expect(await service.home()).toMatchObject({ config: { allowed: true }, problem: null });
    snapper.denyGetConfig = true;
    expect(await service.home()).toMatchObject({
      config: { allowed: false },
      problem: 'not-allowed',
    });
  });

  it('says snapper-missing when snapper is not there', async () => {
    snapper.fault = 'missing';
    expect(await service.home()).toMatchObject({ config: null, problem: 'snapper-missing' });
  });
});

describe('snapshots.list / create / keep', () => {
  beforeEach(() => {
    snapper.addConfig('home_1000', home, { ALLOW_USERS: 'alice' });
  });

  it('lists oldest first with ISO dates; takes snapshots with what the user typed or a plain default', async () => {
    await service.create('home_1000', '  ');
    const typed = await service.create('home_1000', 'Before tidying up');
    expect(typed).toMatchObject({
      number: 2,
      description: 'Before tidying up',
      cleanup: 'timeline',
      type: 'single',
      preNumber: null,
      important: false,
    });
    const list = await service.list('home_1000');
    expect(list.map((s) => [s.number, s.description, s.date])).toEqual([
      [1, DEFAULT_DESCRIPTION, '2026-11-01T10:00:00.000Z'],
      [2, 'Before tidying up', '2026-11-01T11:00:00.000Z'],
    ]);
  });

  it('keeps a snapshot and releases it to its former cleanup', async () => {
    await service.create('home_1000', 'x');
    const kept = await service.keep('home_1000', 1, true);
    expect(kept).toMatchObject({
      important: true,
      cleanup: '',
      userdata: { important: 'yes', [KAIRN_CLEANUP_KEY]: 'timeline' },
    });
    expect(await service.keep('home_1000', 1, true)).toMatchObject({
      important: true,
      userdata: { [KAIRN_CLEANUP_KEY]: 'timeline' },
    });
    const released = await service.keep('home_1000', 1, false);
    expect(released).toMatchObject({ important: false, cleanup: 'timeline', userdata: {} });
  });

  it('restores "no cleanup" too, and keeps userdata it did not write', async () => {
    await snapper.snapshotNow('home_1000', 'by hand', undefined, { owner: 'me' });
    await snapper.setSnapshot('home_1000', 1, 'by hand', '', { owner: 'me' });
    await service.keep('home_1000', 1, true);
    expect((await snapper.getSnapshot('home_1000', 1)).userdata).toEqual({
      owner: 'me',
      important: 'yes',
      [KAIRN_CLEANUP_KEY]: 'none',
    });
    expect(await service.keep('home_1000', 1, false)).toMatchObject({
      cleanup: '',
      userdata: { owner: 'me' },
      important: false,
    });
  });

  it('passes snapper errors on: unknown snapshot, missing snapper', async () => {
    await expect(service.keep('home_1000', 9, true)).rejects.toMatchObject({ code: 'not-found' });
    snapper.fault = 'missing';
    await expect(service.list('home_1000')).rejects.toMatchObject({ code: 'service-missing' });
  });
});

describe('snapshots.setupHome', () => {
  it('creates home_<uid> on a home that is not on a shared subvolume, and tells the locator', async () => {
    expect(await service.setupHome()).toEqual({ config: 'home_1000', subvolume: home });
    expect(snapper.created).toEqual([['home_1000', home, 'btrfs', 'default']]);
    expect((await service.home()).config?.name).toBe('home_1000');
  });

  it('returns the existing config instead of creating another', async () => {
    snapper.addConfig('home', join(tmp.path, 'home'));
    expect(await service.setupHome()).toEqual({
      config: 'home',
      subvolume: join(tmp.path, 'home'),
    });
    expect(snapper.created).toEqual([]);
  });

  it('turns a refusal into admin-needed, and a missing snapper into service-missing', async () => {
    snapper.createError = new KairnError('access-denied', { reason: 'snapper-not-allowed' });
    await expect(service.setupHome()).rejects.toMatchObject({
      code: 'access-denied',
      reason: 'admin-needed',
    });
    snapper.fault = 'missing';
    await expect(service.setupHome()).rejects.toMatchObject({
      code: 'service-missing',
      reason: 'snapper-missing',
    });
  });
});
