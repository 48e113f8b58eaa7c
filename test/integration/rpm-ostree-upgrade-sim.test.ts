/**
 * The rpm-ostree simulator's OS.AutomaticUpdateTrigger (upgrade.ts) against upstream's shape:
 * introspected as a{sv} → (b enabled, s address); mode `none` (or the `none` policy with `auto`)
 * starts nothing and answers (false, ""); an unknown mode is InvalidArgs; `check` runs a
 * transaction that changes no deployment; `stage` also stages the update; polkit's `upgrade`
 * action guards it. Driven through our own p2p transaction client, as Kairn follows it.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import dbus from 'dbus-next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { followTransaction } from '../../electron/backends/restore-points/rpm-ostree-transaction';
import { startPrivateBus, type PrivateBus } from '../../electron/demo/private-bus';
import { waitForProcessesGone } from '../../electron/demo/teardown';
import { simulatorScript } from '../../electron/hosts/paths';
import { seedRpmOstreeState } from '../../electron/simulators/rpm-ostree/seed';
import {
  RpmOstreeStateSchema,
  type RpmOstreeState,
} from '../../electron/simulators/rpm-ostree/state';
import { makeTempDir } from '../harness/tmp';
import { assertBuilt } from './helpers/kairn-process';

const NAME = 'org.projectatomic.rpmostree1';
const SYSROOT = '/org/projectatomic/rpmostree1/Sysroot';
const OS = '/org/projectatomic/rpmostree1/fedora';
const OS_IFACE = 'org.projectatomic.rpmostree1.OS';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let bus: PrivateBus;
let client: dbus.MessageBus;
let stateFile: string;
const seed = seedRpmOstreeState({ idleExitTimeout: 0 });
seed.config.stepMs = 5;

async function call(
  path: string,
  iface: string,
  member: string,
  signature = '',
  body: unknown[] = [],
): Promise<unknown[]> {
  const reply = await client.call(
    new dbus.Message({ destination: NAME, path, interface: iface, member, signature, body }),
  );
  const out: unknown[] = reply?.body ?? [];
  return out;
}

async function trigger(mode?: string): Promise<[unknown, unknown]> {
  const options = mode === undefined ? {} : { mode: new dbus.Variant('s', mode) };
  const [enabled, address] = await call(OS, OS_IFACE, 'AutomaticUpdateTrigger', 'a{sv}', [options]);
  return [enabled, address];
}

async function deployments(): Promise<{ staged: boolean; booted: boolean }[]> {
  const [v] = await call(SYSROOT, 'org.freedesktop.DBus.Properties', 'Get', 'ss', [
    `${NAME}.Sysroot`,
    'Deployments',
  ]);
  const list = (v as dbus.Variant).value as Record<string, dbus.Variant>[];
  return list.map((d) => ({ staged: d.staged?.value === true, booted: d.booted?.value === true }));
}

async function editState(change: (s: RpmOstreeState) => void): Promise<void> {
  const state = RpmOstreeStateSchema.parse(JSON.parse(await readFile(stateFile, 'utf8')));
  change(state);
  await writeFile(stateFile, JSON.stringify(state));
  await call(SYSROOT, `${NAME}.Sysroot`, 'Reload');
}

async function follow(address: unknown): Promise<string[]> {
  const texts: string[] = [];
  await followTransaction(String(address), {
    signal: new AbortController().signal,
    timeoutMs: 10_000,
    progress: (p) => texts.push(p.text),
    what: 'AutomaticUpdateTrigger',
  });
  return texts;
}

beforeAll(async () => {
  assertBuilt();
  tmp = await makeTempDir('kairn-rpm-ostree-upgrade-');
  const stateDir = join(tmp.path, 'state');
  stateFile = join(stateDir, 'rpm-ostree.json');
  await mkdir(stateDir, { recursive: true });
  await writeFile(stateFile, JSON.stringify(seed));
  const busDir = join(tmp.path, 'bus');
  bus = await startPrivateBus({
    kind: 'system',
    dir: busDir,
    services: [
      {
        name: NAME,
        exec: `${process.execPath} ${simulatorScript()} rpm-ostree --state ${stateDir}`,
      },
    ],
    env: { DBUS_SYSTEM_BUS_ADDRESS: `unix:path=${join(busDir, 'bus')}` },
  });
  client = dbus.sessionBus({ busAddress: bus.address });
}, 60_000);

afterAll(async () => {
  client?.disconnect();
  if (bus) {
    await bus.stop();
    await waitForProcessesGone([bus.pid]);
  }
  await tmp?.remove();
});

describe('OS.AutomaticUpdateTrigger', () => {
  it("is introspected with upstream's signature", async () => {
    const [xml] = await call(OS, 'org.freedesktop.DBus.Introspectable', 'Introspect');
    const method =
      /<method name="AutomaticUpdateTrigger">([\s\S]*?)<\/method>/.exec(String(xml))?.[1] ?? '';
    // Attribute order differs between introspection writers: read each one by name.
    const args = [...method.matchAll(/<arg ([^>]*)\/>/g)].map(([, attrs]) => {
      const direction = /direction="(\w+)"/.exec(attrs ?? '')?.[1] ?? 'in';
      const type = /type="([^"]+)"/.exec(attrs ?? '')?.[1] ?? '?';
      return `${direction}:${type}`;
    });
    expect(args).toEqual(['in:a{sv}', 'out:b', 'out:s']);
  });

  it('mode none, or auto under the none policy, starts nothing: (false, "")', async () => {
    expect(await trigger('none')).toEqual([false, '']);
    expect(await trigger()).toEqual([false, '']);
    expect(await trigger('auto')).toEqual([false, '']);
  });

  it('an unknown mode is InvalidArgs', async () => {
    const err: unknown = await trigger('sometimes').then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(dbus.DBusError);
    expect((err as dbus.DBusError).type).toBe('org.freedesktop.DBus.Error.InvalidArgs');
  });

  it('check runs a transaction that fetches metadata and stages nothing', async () => {
    const before = await deployments();
    const [enabled, address] = await trigger('check');
    expect(enabled).toBe(true);
    const texts = await follow(address);
    expect(texts).toContain('Receiving metadata objects');
    expect(texts.some((t) => t.startsWith('AvailableUpdate: Version: '))).toBe(true);
    expect(await deployments()).toEqual(before);
  });

  it("auto follows the daemon's policy: stage stages the update", async () => {
    await editState((s) => {
      s.config.automaticUpdatePolicy = 'stage';
    });
    const [enabled, address] = await trigger();
    expect(enabled).toBe(true);
    await follow(address);
    expect((await deployments())[0]).toEqual({ staged: true, booted: false });
  });

  it('a transaction stopped before it began is ended (Cancel, Start), so the daemon is not left busy', async () => {
    await editState((s) => {
      s.config.automaticUpdatePolicy = 'none';
    });
    const [address] = await call(OS, OS_IFACE, 'Upgrade', 'a{sv}', [{}]);
    const stopped = new AbortController();
    stopped.abort();
    await expect(
      followTransaction(String(address), {
        signal: stopped.signal,
        timeoutMs: 10_000,
        what: 'OS.Upgrade',
      }),
    ).rejects.toMatchObject({ code: 'cancelled' });
    // The daemon drops the transaction once it finished and no peer is left.
    const active = async (): Promise<unknown> => {
      const [v] = await call(SYSROOT, 'org.freedesktop.DBus.Properties', 'Get', 'ss', [
        `${NAME}.Sysroot`,
        'ActiveTransactionPath',
      ]);
      return (v as dbus.Variant).value;
    };
    await expect.poll(active, { timeout: 5000, interval: 20 }).toBe('');
    const before = await deployments();
    const [enabled, next] = await trigger('check');
    expect(enabled).toBe(true);
    await follow(next);
    expect(await deployments()).toEqual(before);
  });

  it('polkit refusing "upgrade" refuses the call', async () => {
    await editState((s) => {
      s.faults.denyActions = ['org.projectatomic.rpmostree1.upgrade'];
    });
    const err: unknown = await trigger('check').then(
      () => null,
      (e: unknown) => e,
    );
    expect((err as dbus.DBusError).type).toBe('org.freedesktop.DBus.Error.AccessDenied');
  });
});
