/** "Never a second notice where the system's own notifier already spoke": the rule, machine by machine. */
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { NEXT_START_DIFFERS } from '../../../electron/core/status/restart-check';
import type { TrayIcon } from '../../../electron/notifier/tray';
import {
  DISCOVER_NOTIFIER_NAME,
  systemNotifierFor,
  TU_NOTIFIER_SOCKET,
  type SystemNotifierProbe,
} from '../../../electron/notifier/system-notifiers';
import { makeTempDir } from '../../harness/tmp';
import { harness, PENDING } from './notifier-harness';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let names: Set<string>;
let probe: SystemNotifierProbe;

const plant = async (path: string, text = ''): Promise<void> => {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
};
const system = (path: string): string => posix.join(tmp.path, 'root', path);

beforeEach(async () => {
  tmp = await makeTempDir();
  names = new Set();
  probe = {
    hasSessionName: (name) => Promise.resolve(names.has(name)),
    exists: (path) =>
      access(path).then(
        () => true,
        () => false,
      ),
    readText: (path) => readFile(path, 'utf8').catch(() => null),
    systemPath: system,
    configHome: join(tmp.path, 'config'),
    runtimeDir: join(tmp.path, 'run-user'),
  };
});
afterEach(() => tmp.remove());

const STAGED = ['staged-deployment'];
const TU = ['reboot-needed'];

describe('Discover (Plasma) on rpm-ostree', () => {
  it('speaks for a staged deployment where its notifier runs on an ostree system', async () => {
    await plant(system('/run/ostree-booted'));
    expect(await systemNotifierFor(STAGED, probe)).toBeNull();
    names.add(DISCOVER_NOTIFIER_NAME);
    expect(await systemNotifierFor(STAGED, probe)).toBe('discover');
    expect(await systemNotifierFor([...STAGED, NEXT_START_DIFFERS], probe)).toBe('discover');
  });

  it('not with unattended updates on (it then does not ask), not off ostree, not for other flags', async () => {
    names.add(DISCOVER_NOTIFIER_NAME);
    expect(await systemNotifierFor(STAGED, probe)).toBeNull(); // no /run/ostree-booted
    await plant(system('/run/ostree-booted'));
    await plant(
      join(tmp.path, 'config/PlasmaDiscoverUpdates'),
      '[Global]\nUseUnattendedUpdates=true\n',
    );
    expect(await systemNotifierFor(STAGED, probe)).toBeNull();
    await plant(
      join(tmp.path, 'config/PlasmaDiscoverUpdates'),
      '[Global]\nUseUnattendedUpdates=false\n',
    );
    expect(await systemNotifierFor(STAGED, probe)).toBe('discover');
    // Its PackageKit module does not read Debian's flag; it has no transactional-update module.
    expect(await systemNotifierFor(['reboot-required'], probe)).toBeNull();
    expect(await systemNotifierFor(TU, probe)).toBeNull();
  });
});

describe('transactional-update-notifier (openSUSE)', () => {
  it('speaks for /run/reboot-needed where REBOOT_METHOD=notify and its socket is up', async () => {
    await plant(join(tmp.path, 'run-user', TU_NOTIFIER_SOCKET));
    expect(await systemNotifierFor(TU, probe)).toBeNull(); // REBOOT_METHOD not notify
    await plant(system('/usr/etc/transactional-update.conf'), 'REBOOT_METHOD=notify\n');
    expect(await systemNotifierFor(TU, probe)).toBe('transactional-update-notifier');
    // The next start differing is the same update seen from the boot side.
    expect(await systemNotifierFor([...TU, NEXT_START_DIFFERS], probe)).toBe(
      'transactional-update-notifier',
    );
    // The admin's file wins over the distribution's default.
    await plant(system('/etc/transactional-update.conf'), '# local\nREBOOT_METHOD="rebootmgr"\n');
    expect(await systemNotifierFor(TU, probe)).toBeNull();
  });

  it('not without the per-user daemon', async () => {
    await plant(system('/etc/transactional-update.conf'), 'REBOOT_METHOD=notify\n');
    expect(await systemNotifierFor(TU, probe)).toBeNull();
  });
});

describe('ublue-update (Universal Blue)', () => {
  it('speaks for a staged deployment where installed with dbus_notify = true', async () => {
    await plant(system('/usr/bin/ublue-update'));
    await plant(
      system('/usr/etc/ublue-update/ublue-update.toml'),
      '[notify]\ndbus_notify = false\n',
    );
    expect(await systemNotifierFor(STAGED, probe)).toBeNull();
    await plant(
      system('/etc/ublue-update/ublue-update.toml'),
      '[checks]\ndbus_notify = false # another table\n[notify]\n    dbus_notify = true\n',
    );
    expect(await systemNotifierFor(STAGED, probe)).toBe('ublue-update');
  });
});

describe('where no system notifier speaks, Kairn does', () => {
  it('a rollback alone, a flag nobody announces, or a mix with one uncovered reason', async () => {
    names.add(DISCOVER_NOTIFIER_NAME);
    await plant(system('/run/ostree-booted'));
    expect(await systemNotifierFor([NEXT_START_DIFFERS], probe)).toBeNull();
    expect(await systemNotifierFor([], probe)).toBeNull();
    expect(await systemNotifierFor([...STAGED, 'reboot-required'], probe)).toBeNull();
  });

  it('a probe that fails counts as "not speaking" (Kairn would rather tell once)', async () => {
    probe.hasSessionName = () => Promise.reject(new Error('no session bus'));
    await plant(system('/run/ostree-booted'));
    expect(await systemNotifierFor(STAGED, probe)).toBeNull();
  });
});

describe('the notifier with a system notifier that speaks', () => {
  it('sends no notice, remembers who told, keeps its tray icon, and stays quiet after that notifier quits', async () => {
    let speaker: 'discover' | null = 'discover';
    const shown: unknown[] = [];
    const tray = {
      show: (s: unknown) => (shown.push(s), Promise.resolve()),
      hide: () => {},
      close: () => {},
    } as unknown as TrayIcon;
    const { h, notifier } = harness({
      tray,
      systemNotifier: () => Promise.resolve(speaker),
    });
    h.info = { ...PENDING, reasons: STAGED };
    await notifier.evaluate();
    expect(h.sent).toEqual([]);
    expect(shown).toHaveLength(1);
    expect(h.memory).toMatchObject({ toldBy: 'discover' });
    expect(h.logs.filter((l) => l.includes('(discover) announces'))).toHaveLength(1);
    speaker = null;
    await notifier.evaluate();
    expect(h.sent).toEqual([]);
    // A new pending state (a newer update) that no system notifier covers: Kairn tells.
    h.info = { ...h.info, since: '2026-11-26T08:00:00.000Z' };
    await notifier.evaluate();
    expect(h.sent).toHaveLength(1);
    expect(h.memory.toldBy).toBeNull();
  });
});
