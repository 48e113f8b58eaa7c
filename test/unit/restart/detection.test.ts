/**
 * Restart detection per family, from the system's own state under a temp KAIRN_SYSROOT:
 * openSUSE's /run/reboot-needed levels, snapper default ≠ active through the restore points,
 * rpm-ostree's staged / reordered deployments, sysupdate's GetVersion ≠ IMAGE_VERSION, and the
 * generic /run/reboot-required on any family.
 */
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { nodeFileSystem } from '../../../electron/backends/restore-fs/node-fs';
import { OstreeRestartDetection } from '../../../electron/backends/restart-detection/ostree';
import {
  parseRebootLevel,
  SuseRestartDetection,
} from '../../../electron/backends/restart-detection/suse';
import { SysupdateRestartDetection } from '../../../electron/backends/restart-detection/sysupdate';
import type { Deployment } from '../../../electron/backends/restore-points/rpm-ostree-deployments';
import type { RestorePointsPort } from '../../../electron/core/ports/restore-points';
import { UnavailableRestorePoints } from '../../../electron/core/restore-points/unavailable';
import { checkRestart, waitingSince } from '../../../electron/core/status/restart-check';
import type { OsReleaseInfo } from '../../../shared/schemas/status';
import { makeTempDir } from '../../harness/tmp';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let env: { sysRoot: string; osReleasePath: null };

async function put(path: string, text: string, time?: Date): Promise<void> {
  const full = join(env.sysRoot, path);
  await mkdir(join(full, '..'), { recursive: true });
  await writeFile(full, text);
  if (time) await utimes(full, time, time);
}

beforeEach(async () => {
  tmp = await makeTempDir('kairn-detect-');
  env = { sysRoot: join(tmp.path, 'machine'), osReleasePath: null };
  await mkdir(env.sysRoot, { recursive: true });
});
afterEach(() => tmp.remove());

const NO_POINTS = new UnavailableRestorePoints('none');

describe('openSUSE: /run/reboot-needed levels', () => {
  it.each([
    ['none', []],
    ['soft-reboot', ['soft-reboot-needed']],
    ['kexec', ['kexec-needed']],
    ['reboot', ['reboot-needed']],
    // transactional-update writes the bare word without a newline; a newline is tolerated.
    ['reboot\n', ['reboot-needed']],
    // An empty file (older tools only touched it) or an unknown word still means a restart.
    ['', ['reboot-needed']],
    ['hibernate', ['reboot-needed']],
  ])('%j → %j', async (text, reasons) => {
    const when = new Date('2026-11-30T05:00:00Z');
    await put('/run/reboot-needed', text, when);
    const found = await new SuseRestartDetection(nodeFileSystem, env, NO_POINTS).detect();
    expect(found.checked).toBe(true);
    expect(found.evidence.map((e) => e.reason)).toEqual(reasons);
    if (reasons.length > 0) expect(found.evidence[0]?.since).toEqual(when);
  });

  it('no file: checked, nothing waits', async () => {
    expect(await new SuseRestartDetection(nodeFileSystem, env, NO_POINTS).detect()).toEqual({
      checked: true,
      evidence: [],
    });
  });

  it('orders the levels as transactional-update does', () => {
    expect(['none', 'soft-reboot', 'kexec', 'reboot'].map(parseRebootLevel)).toEqual([
      'none',
      'soft-reboot',
      'kexec',
      'reboot',
    ]);
  });

  it('snapper default ≠ active (the restore points) is a reason too, since the default was made', async () => {
    const made = new Date('2026-11-29T03:00:00Z');
    const points = Object.assign(new UnavailableRestorePoints('none'), {
      boot: () => Promise.resolve({ running: '41', nextStart: '42' }),
      list: () =>
        Promise.resolve([
          {
            id: '42',
            version: '20261129',
            date: made,
            kind: 'update',
            description: '',
            kept: false,
          },
        ]),
    }) as unknown as RestorePointsPort;
    const found = await new SuseRestartDetection(nodeFileSystem, env, points).detect();
    expect(found.evidence).toEqual([
      {
        reason: 'next-start-differs',
        source: 'snapper default ≠ active: running 41, next start 42',
        since: made,
      },
    ]);
  });
});

describe('rpm-ostree: staged or reordered deployments', () => {
  const d = (over: Partial<Deployment>): Deployment => ({
    index: 0,
    id: 'fedora-aaa.0',
    osname: 'fedora',
    checksum: 'a'.repeat(64),
    serial: 0,
    booted: false,
    staged: false,
    pinned: false,
    version: '43.1',
    timestamp: 0,
    source: 'fedora:fedora/43/x86_64/kinoite',
    ...over,
  });
  const source = (list: Deployment[]) => ({ current: () => Promise.resolve(list) });

  it('booted first: nothing waits', async () => {
    const found = await new OstreeRestartDetection(
      source([d({ booted: true })]),
      nodeFileSystem,
      env,
    ).detect();
    expect(found).toEqual({ checked: true, evidence: [] });
  });

  it('a staged deployment: staged-deployment and next-start-differs, since the runstate file', async () => {
    const when = new Date('2026-12-01T10:00:00Z');
    await put('/run/ostree/staged-deployment', '{}', when);
    const list = [d({ id: 'fedora-new.0', staged: true, version: '43.2' }), d({ booted: true })];
    const found = await new OstreeRestartDetection(source(list), nodeFileSystem, env).detect();
    expect(found.evidence.map((e) => e.reason)).toEqual([
      'staged-deployment',
      'next-start-differs',
    ]);
    expect(found.evidence[0]).toMatchObject({
      source: 'staged deployment fedora-new.0 (43.2)',
      since: when,
    });
    expect(waitingSince(found.evidence)).toEqual(when);
  });

  it('after a rollback (reordered, nothing staged): next-start-differs only', async () => {
    const list = [d({ id: 'fedora-old.0', version: '43.0' }), d({ booted: true })];
    const found = await new OstreeRestartDetection(source(list), nodeFileSystem, env).detect();
    expect(found.evidence.map((e) => e.reason)).toEqual(['next-start-differs']);
  });

  it('rpm-ostreed unreachable: the runstate file alone still tells a staged deployment', async () => {
    const gone = { current: () => Promise.reject(new Error('ServiceUnknown')) };
    expect(await new OstreeRestartDetection(gone, nodeFileSystem, env).detect()).toEqual({
      checked: false,
      evidence: [],
    });
    await put('/run/ostree/staged-deployment', '{}');
    const found = await new OstreeRestartDetection(gone, nodeFileSystem, env).detect();
    expect(found.checked).toBe(true);
    expect(found.evidence.map((e) => e.reason)).toEqual(['staged-deployment']);
  });
});

describe('sysupdate: GetVersion() against os-release IMAGE_VERSION', () => {
  const target = (v: string | null | Error) => ({
    newestInstalled: () => (v instanceof Error ? Promise.reject(v) : Promise.resolve(v)),
  });
  beforeEach(() =>
    put('/etc/os-release', 'NAME="KDE Linux"\nID=kde-linux\nIMAGE_VERSION=202611290305\n'),
  );

  it('equal: nothing waits', async () => {
    const found = await new SysupdateRestartDetection(
      target('202611290305'),
      nodeFileSystem,
      env,
    ).detect();
    expect(found).toEqual({ checked: true, evidence: [] });
  });

  it('a newer one installed: newer-version-installed, with both versions under Details', async () => {
    const found = await new SysupdateRestartDetection(
      target('202612060312'),
      nodeFileSystem,
      env,
    ).detect();
    expect(found.evidence).toEqual([
      {
        reason: 'newer-version-installed',
        source: 'sysupdate GetVersion() = 202612060312, os-release IMAGE_VERSION = 202611290305',
        since: null,
      },
    ]);
  });

  it('a one-shot boot entry to an older version (going back) is next-start-differs; the newest installed is not said twice', async () => {
    const points = (nextStart: string) =>
      Object.assign(new UnavailableRestorePoints('none'), {
        boot: () => Promise.resolve({ running: '202611290305', nextStart }),
        list: () => Promise.resolve([]),
      }) as unknown as RestorePointsPort;
    const back = await new SysupdateRestartDetection(
      target('202611290305'),
      nodeFileSystem,
      env,
      points('202611220317'),
    ).detect();
    expect(back.evidence.map((e) => e.reason)).toEqual(['next-start-differs']);
    const newer = await new SysupdateRestartDetection(
      target('202612060312'),
      nodeFileSystem,
      env,
      points('202612060312'),
    ).detect();
    expect(newer.evidence.map((e) => e.reason)).toEqual(['newer-version-installed']);
  });

  it('sysupdated absent or no IMAGE_VERSION: not checked, never "no restart needed"', async () => {
    expect(
      (await new SysupdateRestartDetection(target(new Error('gone')), nodeFileSystem, env).detect())
        .checked,
    ).toBe(false);
    await put('/etc/os-release', 'NAME="KDE Linux"\nID=kde-linux\n');
    expect(
      (await new SysupdateRestartDetection(target('1'), nodeFileSystem, env).detect()).checked,
    ).toBe(false);
  });
});

describe('the generic /run/reboot-required', () => {
  const os = (id: string, idLike: string[] = []): OsReleaseInfo => ({
    id,
    idLike,
    name: id,
    prettyName: id,
    versionId: null,
    variantId: null,
    imageId: null,
    imageVersion: null,
    fields: {},
  });

  it("counts on any family, next to the family's own reasons, each reason once", async () => {
    await put('/run/reboot-required', '');
    await put('/run/reboot-needed', 'reboot');
    const found = await checkRestart({
      fs: nodeFileSystem,
      sysRoot: env.sysRoot,
      family: 'suse-transactional',
      os: os('opensuse-kalpa'),
      detection: new SuseRestartDetection(nodeFileSystem, env, NO_POINTS),
    });
    expect(found).toMatchObject({
      checked: true,
      required: true,
      reasons: ['reboot-needed', 'reboot-required'],
    });
  });

  it('a generic Debian-like system is checked; another generic one is not', async () => {
    const base = {
      fs: nodeFileSystem,
      sysRoot: env.sysRoot,
      family: 'generic' as const,
      detection: null,
    };
    expect(await checkRestart({ ...base, os: os('ubuntu', ['debian']) })).toMatchObject({
      checked: true,
      required: false,
    });
    expect(await checkRestart({ ...base, os: os('arch') })).toMatchObject({
      checked: false,
      required: false,
    });
  });

  it('a detection that throws counts as not checked, not as "no restart"', async () => {
    const found = await checkRestart({
      fs: nodeFileSystem,
      sysRoot: env.sysRoot,
      family: 'ostree',
      os: os('fedora'),
      detection: { detect: () => Promise.reject(new Error('boom')) },
    });
    expect(found).toMatchObject({ checked: false, required: false });
  });
});
