import { readFile, readlink, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

import { SnapperDBusAdapter } from '../../electron/backends/snapper/adapter';
import { SNAPPER } from '../../electron/backends/snapper/proxy';
import { callMethod } from '../../electron/backends/dbus/call';
import { BusConnection } from '../../electron/backends/dbus/connection';
import { startPrivateBus } from '../../electron/demo/private-bus';
import { seedHomeHistory, seedRealSnapper, seedRootHistory } from '../../electron/demo/seed';
import { realSnapperRequired, simulatorExec, startSnapperEnv } from '../harness/snapper-env';
import { makeTempDir } from '../harness/tmp';

const withReal = await realSnapperRequired();
const DAY = 86_400;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const step of cleanups.splice(0).reverse()) await step();
});

describe('demo seeding', () => {
  it('seeds a believable home and system root that the simulator serves', async () => {
    const tmp = await makeTempDir('kairn-seed-');
    cleanups.push(() => tmp.remove());
    const stateDir = join(tmp.path, 'state');
    const now = new Date();
    const home = await seedHomeHistory({
      stateDir,
      subvolume: join(tmp.path, 'home'),
      now,
      configValues: { ALLOW_USERS: 'sam' },
      uid: 1000,
    });
    await seedRootHistory({
      stateDir,
      subvolume: join(tmp.path, 'sysroot'),
      now,
      pendingUpdate: true,
    });
    const bus = await startPrivateBus({
      kind: 'system',
      dir: join(tmp.path, 'bus'),
      services: [{ name: SNAPPER.destination, exec: simulatorExec(stateDir) }],
    });
    const previous = process.env.DBUS_SYSTEM_BUS_ADDRESS;
    process.env.DBUS_SYSTEM_BUS_ADDRESS = bus.address;
    const conn = new BusConnection('system');
    cleanups.push(async () => {
      conn.close();
      await bus.stop();
      if (previous === undefined) delete process.env.DBUS_SYSTEM_BUS_ADDRESS;
      else process.env.DBUS_SYSTEM_BUS_ADDRESS = previous;
    });
    const snapper = new SnapperDBusAdapter(conn);

    expect((await snapper.listConfigs()).map((c) => [c.name, c.values.ALLOW_USERS])).toEqual([
      ['home', 'sam'],
      ['root', ''],
    ]);
    const list = await snapper.listSnapshots('home');
    expect(list.map((s) => s.number)).toEqual(home.snapshots);
    expect(list.length).toBeGreaterThanOrEqual(30);
    const nowSec = now.getTime() / 1000;
    expect(nowSec - list[0]!.date).toBeGreaterThan(28 * DAY);
    expect(list.at(-1)!.date).toBeLessThanOrEqual(nowSec);
    expect(list.find((s) => s.userdata.important === 'yes')).toMatchObject({
      description: 'Before tidying up my photos',
      uid: 1000,
    });

    const oldest = await snapper.snapshotDir('home', list[0]!.number);
    expect(await readFile(join(oldest, 'Documents/Old CV.txt'), 'utf8')).toContain('CV');
    const changes = (await snapper.compare('home', list[0]!.number, 0, { limit: 1000 })).changes;
    expect(changes).toEqual(
      expect.arrayContaining([
        { path: '/Documents/Old CV.txt', status: 2 },
        { path: "/Documents/Recipes/Grandma's soup.txt", status: 1 },
        { path: '/.config/demo-editor/settings.ini', status: 8 },
        { path: '/Documents/back\\slash notes.txt', status: 1 },
        { path: '/Documents/Café Menü.txt', status: 1 },
      ]),
    );
    const live = home.subvolume;
    expect((await readFile(join(live, 'Pictures/cat.png'))).subarray(1, 4).toString()).toBe('PNG');
    expect(
      (await readFile(join(live, 'Documents/Report 2026.pdf'), 'latin1')).startsWith('%PDF-1.4'),
    ).toBe(true);
    expect(
      (await readFile(join(live, 'Documents/Letter to landlord.odt'))).subarray(0, 2).toString(),
    ).toBe('PK');
    expect(await readlink(join(live, 'Desktop/Report.pdf'))).toBe('../Documents/Report 2026.pdf');
    // Unchanged files are hard links between snapshots, so a month of history stays small.
    const [a, b] = [list.at(-2)!.number, list.at(-1)!.number];
    const inode = async (n: number) =>
      (await stat(join(live, '.snapshots', String(n), 'snapshot/Pictures/cat.png'))).ino;
    expect(await inode(a)).toBe(await inode(b));

    const root = await snapper.listSnapshots('root');
    expect(root[0]).toMatchObject({
      number: 41,
      description: 'Snapshot Update of #40',
      cleanup: 'number',
    });
    expect(root.some((s) => s.userdata.important === 'yes')).toBe(true);
    const boot = async (member: string) =>
      callMethod(conn, { ...SNAPPER, member, signature: 's', body: ['root'] });
    expect(await boot('GetDefaultSnapshot')).toEqual([true, root.at(-1)!.number]);
    expect(await boot('GetActiveSnapshot')).toEqual([true, root.at(-2)!.number]);
  });

  it.runIf(withReal)('seeds the same home through real snapperd, backdated', async () => {
    const tmp = await makeTempDir('kairn-seed-real-');
    const env = await startSnapperEnv({ real: true, dir: tmp.path });
    cleanups.push(async () => {
      await env.stop();
      await tmp.remove();
    });
    const now = new Date();
    const seeded = await seedRealSnapper({
      snapper: env.snapper,
      conn: env.conn,
      config: env.config,
      subvolume: env.subvolume,
      now,
    });
    const list = await env.snapper.listSnapshots(env.config);
    expect(list.map((s) => s.number)).toEqual(seeded.snapshots);
    expect(now.getTime() / 1000 - list[0]!.date).toBeGreaterThan(28 * DAY);
    const changes = (await env.snapper.compare(env.config, list[0]!.number, 0, { limit: 1000 }))
      .changes;
    expect(changes).toEqual(expect.arrayContaining([{ path: '/Documents/Old CV.txt', status: 2 }]));
  });
});
