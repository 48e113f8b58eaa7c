import { fstatSync } from 'node:fs';
import { chmod, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readPipeLines } from '../../electron/backends/snapper/pipe-reader';
import { KairnError } from '../../electron/core/errors';
import type { SnapperEvent } from '../../electron/core/ports/snapper';
import { callAsUid } from '../harness/call-as-uid';
import { realSnapperRequired, startSnapperEnv, type SnapperEnv } from '../harness/snapper-env';
import { makeTempDir } from '../harness/tmp';

const NOBODY = 65534;
const withReal = await realSnapperRequired();
const kinds = withReal ? ['simulator', 'real snapperd'] : ['simulator'];

async function put(root: string, files: Record<string, string>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, rel)), { recursive: true });
    await writeFile(join(root, rel), content);
  }
}

async function failure(promise: Promise<unknown>): Promise<KairnError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(KairnError);
  return err as KairnError;
}

describe.each(kinds)('SnapperDBusAdapter against the %s', (kind) => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let env: SnapperEnv;

  beforeAll(async () => {
    tmp = await makeTempDir('kairn-snapper-');
    env = await startSnapperEnv({ real: kind === 'real snapperd', dir: tmp.path });
  });

  afterAll(async () => {
    await env?.stop();
    await tmp?.remove();
  });

  it('lists its config with the raw config values, and gets it by name', async () => {
    const configs = await env.snapper.listConfigs();
    const mine = configs.find((c) => c.name === env.config);
    expect(mine).toMatchObject({
      subvolume: env.subvolume,
      values: {
        SUBVOLUME: env.subvolume,
        FSTYPE: 'btrfs',
        ALLOW_USERS: '',
        TIMELINE_CREATE: 'yes',
      },
    });
    expect(await env.snapper.getConfig(env.config)).toEqual(mine);
    expect(await env.snapper.state()).toBe('running');
  });

  it('creates snapshots and lists them oldest first, without snapshot 0', async () => {
    const first = await env.snapshot('first');
    const second = await env.snapper.createSingleSnapshot(env.config, 'second', 'number', {
      important: 'yes',
    });
    const list = await env.snapper.listSnapshots(env.config);
    expect(list.map((s) => s.number)).toEqual(expect.arrayContaining([first, second]));
    expect(list.some((s) => s.number === 0)).toBe(false);
    const got = await env.snapper.getSnapshot(env.config, second);
    expect(got).toMatchObject({
      number: second,
      type: 'single',
      preNumber: 0,
      uid: 0,
      description: 'second',
      cleanup: 'number',
      userdata: { important: 'yes' },
    });
    expect(Math.abs(got.date - Date.now() / 1000)).toBeLessThan(120);
  });

  it('round-trips unicode and backslash text in descriptions and userdata', async () => {
    const number = await env.snapshot('vorher ä \\ back\\slash', { schlüssel: 'wert ö \\x41' });
    expect(await env.snapper.getSnapshot(env.config, number)).toMatchObject({
      description: 'vorher ä \\ back\\slash',
      userdata: { schlüssel: 'wert ö \\x41' },
    });
    await env.snapper.setSnapshot(env.config, number, 'Café \\ edited', '', { important: 'yes' });
    expect(await env.snapper.getSnapshot(env.config, number)).toMatchObject({
      description: 'Café \\ edited',
      cleanup: '',
      userdata: { important: 'yes' },
    });
  });

  it('reports unicode, backslash, space and newline names through GetFilesByPipe', async () => {
    const home = env.subvolume;
    await put(home, {
      'Documents/keep.txt': 'same',
      'Documents/edit.txt': 'one',
      'Café Menü.txt': 'x',
      'old.txt': 'bye',
    });
    await symlink('Documents/keep.txt', join(home, 'link'));
    const before = await env.snapshot('before files');
    await put(home, {
      'Documents/edit.txt': 'two!',
      'back\\slash name.txt': 'b',
      'new dir/line\nbreak.txt': 'n',
      'new dir/deeper/ü.txt': 'u',
    });
    await rm(join(home, 'old.txt'));
    await chmod(join(home, 'Café Menü.txt'), 0o600);
    const after = await env.snapshot('after files');
    const { changes, truncated } = await env.snapper.compare(env.config, before, after, {
      limit: 1000,
    });
    expect(truncated).toBe(false);
    expect(changes).toEqual([
      { path: '/Café Menü.txt', status: 16 },
      { path: '/Documents/edit.txt', status: 8 },
      { path: '/back\\slash name.txt', status: 1 },
      { path: '/new dir', status: 1 },
      { path: '/new dir/deeper', status: 1 },
      { path: '/new dir/deeper/ü.txt', status: 1 },
      { path: '/new dir/line\nbreak.txt', status: 1 },
      { path: '/old.txt', status: 2 },
    ]);
    const live = await env.snapper.compare(env.config, after, 0, { limit: 1000 });
    expect(live.changes).toEqual([]);
  });

  it('receives GetFilesByPipe as a real descriptor number (fd passing works on this bus)', async () => {
    const list = await env.snapper.listSnapshots(env.config);
    const from = list.find((s) => s.description === 'before files')!.number;
    const args = [env.config, from, 0];
    expect(await env.call('CreateComparison', args)).toEqual([expect.any(Number)]);
    try {
      const [fd] = await env.call('GetFilesByPipe', args);
      expect(typeof fd).toBe('number');
      // snapperd writes into a pipe; the simulator hands out an unlinked temp file.
      expect(fstatSync(fd as number).isFIFO()).toBe(env.real);
      const lines: string[] = [];
      await readPipeLines(fd as number, {
        timeoutMs: 10_000,
        onLine: (line) => lines.push(line.toString('latin1')) > 0,
      });
      expect(lines).toContain('/back\\\\slash\\x20name.txt 1');
    } finally {
      await env.call('DeleteComparison', args);
    }
  });

  it('cuts the list at the limit and always releases the comparison', async () => {
    const list = await env.snapper.listSnapshots(env.config);
    const [a, b] = [
      list.find((s) => s.description === 'before files')!,
      list.find((s) => s.description === 'after files')!,
    ];
    const cut = await env.snapper.compare(env.config, a.number, b.number, { limit: 3 });
    expect(cut).toMatchObject({ truncated: true });
    expect(cut.changes).toHaveLength(3);
    // A comparison left behind would make this fail with error.config_in_use.
    const extra = await env.snapshot('to delete');
    await env.call('DeleteSnapshots', [env.config, [extra]]);
    expect((await env.snapper.listSnapshots(env.config)).some((s) => s.number === extra)).toBe(
      false,
    );
  });

  it('gives the snapshot directory from GetMountPoint in snapper’s btrfs layout', async () => {
    const [first] = await env.snapper.listSnapshots(env.config);
    expect(await env.snapper.snapshotDir(env.config, first!.number)).toBe(
      join(env.subvolume, '.snapshots', String(first!.number), 'snapshot'),
    );
  });

  it('maps unknown configs and snapshots to not-found with the right reason', async () => {
    expect(await failure(env.snapper.listSnapshots('no-such-config'))).toMatchObject({
      code: 'not-found',
      reason: 'config-missing',
      detail: 'error.unknown_config',
    });
    expect(await failure(env.snapper.getSnapshot(env.config, 9999))).toMatchObject({
      code: 'not-found',
      reason: 'snapshot-missing',
    });
    expect(await failure(env.snapper.compare(env.config, 9998, 0, { limit: 10 }))).toMatchObject({
      reason: 'snapshot-missing',
    });
    expect(
      await failure(env.call('CreateSingleSnapshot', [env.config, 'bad \\ x', '', {}])),
    ).toMatchObject({ detail: 'error.dbus.marshalling' });
  });

  it('tells snapshots-changed (with the deleted numbers) and configs-changed for changes made through the daemon', async () => {
    const events: SnapperEvent[] = [];
    const waiters: Array<{ count: number; resolve: () => void }> = [];
    const reached = (count: number): Promise<void> =>
      new Promise((resolve) =>
        events.length >= count ? resolve() : waiters.push({ count, resolve }),
      );
    const stop = env.snapper.watch((event) => {
      events.push(event);
      for (const w of waiters) if (events.length >= w.count) w.resolve();
    });
    try {
      await env.snapshot('watched');
      await reached(1);
      await env.call('SetConfig', [env.config, { TIMELINE_CREATE: 'no' }]);
      await reached(2);
      const gone = await env.snapshot('deleted at once');
      await reached(3);
      await env.call('DeleteSnapshots', [env.config, [gone]]);
      await reached(4);
      expect(events).toEqual([
        { kind: 'snapshots-changed', config: env.config },
        { kind: 'configs-changed' },
        { kind: 'snapshots-changed', config: env.config },
        { kind: 'snapshots-changed', config: env.config, deleted: [gone] },
      ]);
    } finally {
      stop();
      await env.call('SetConfig', [env.config, { TIMELINE_CREATE: 'yes' }]);
    }
  });

  it('denies a user not in ALLOW_USERS and lets them in once listed', async () => {
    expect(await callAsUid(NOBODY, env.busAddress, 'listSnapshots', env.config)).toEqual({
      code: 'access-denied',
      reason: 'snapper-not-allowed',
    });
    // ListConfigs has no permission check (reference §1.3).
    const names = await callAsUid(NOBODY, env.busAddress, 'listConfigs', env.config);
    expect('ok' in names && Array.isArray(names.ok) && names.ok.includes(env.config)).toBe(true);
    await env.call('SetConfig', [env.config, { ALLOW_USERS: 'nobody' }]);
    try {
      const allowed = await callAsUid(NOBODY, env.busAddress, 'listSnapshots', env.config);
      expect('ok' in allowed && typeof allowed.ok === 'number' && allowed.ok > 0).toBe(true);
    } finally {
      await env.call('SetConfig', [env.config, { ALLOW_USERS: '' }]);
    }
  });

  it('fails a call in flight with a clear error when the daemon dies, and works again after', async () => {
    await env.snapper.listConfigs();
    const pid = await env.daemonPid();
    expect(pid).toBeGreaterThan(0);
    process.kill(pid!, 'SIGSTOP');
    // The call is on the wire before killDaemon's own bus call (one connection keeps order).
    const pending = failure(env.snapper.listSnapshots(env.config));
    await env.killDaemon('SIGKILL');
    expect(await pending).toMatchObject({ code: 'backend-failed', reason: 'snapper-stopped' });
    expect((await env.snapper.listSnapshots(env.config)).length).toBeGreaterThan(0);
    expect(await env.daemonPid()).not.toBe(pid);
  });
});
