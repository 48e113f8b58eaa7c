import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import dbus from 'dbus-next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startPrivateBus, type PrivateBus } from '../../electron/demo/private-bus';
import { waitForProcessesGone } from '../../electron/demo/teardown';
import { simulatorScript } from '../../electron/hosts/paths';
import { seedRpmOstreeState } from '../../electron/simulators/rpm-ostree/seed';
import {
  RpmOstreeStateSchema,
  type RpmOstreeState,
} from '../../electron/simulators/rpm-ostree/state';
import { makeTempDir } from '../harness/tmp';
import { assertBuilt, ROOT } from './helpers/kairn-process';

const NAME = 'org.projectatomic.rpmostree1';
const SYSROOT = '/org/projectatomic/rpmostree1/Sysroot';
const OS = '/org/projectatomic/rpmostree1/fedora';
const SYSROOT_IFACE = 'org.projectatomic.rpmostree1.Sysroot';
const OS_IFACE = 'org.projectatomic.rpmostree1.OS';
const BUSY = 'org.gtk.GDBus.UnmappedGError.Quark._g_2dio_2derror_2dquark.Code26';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let bus: PrivateBus;
let client: dbus.MessageBus;
let stateFile: string;

function call(
  path: string,
  iface: string,
  member: string,
  signature = '',
  body: unknown[] = [],
): Promise<unknown[]> {
  return client
    .call(new dbus.Message({ destination: NAME, path, interface: iface, member, signature, body }))
    .then((reply) => {
      const body: unknown[] = reply?.body ?? [];
      return body;
    });
}

async function property(path: string, iface: string, name: string): Promise<dbus.Variant> {
  const [value] = await call(path, 'org.freedesktop.DBus.Properties', 'Get', 'ss', [iface, name]);
  if (!(value instanceof dbus.Variant)) throw new Error(`${name} is not a variant`);
  return value;
}

function dicts(v: dbus.Variant): Record<string, dbus.Variant>[] {
  if (!Array.isArray(v.value)) throw new Error('not an array');
  return v.value.filter(
    (d): d is Record<string, dbus.Variant> => typeof d === 'object' && d !== null,
  );
}

async function deploymentVersions(): Promise<string[]> {
  return dicts(await property(SYSROOT, SYSROOT_IFACE, 'Deployments')).map((d) =>
    String(d.version?.value),
  );
}

/** The error a call fails with (name and text), or a thrown Error when it succeeds. */
async function failure(promise: Promise<unknown>): Promise<{ type: string; text: string }> {
  const err: unknown = await promise.then(
    () => new Error('the call succeeded'),
    (e: unknown) => e,
  );
  if (err instanceof dbus.DBusError) return { type: err.type, text: err.text };
  throw err;
}

async function editState(change: (s: RpmOstreeState) => void): Promise<void> {
  const state = RpmOstreeStateSchema.parse(JSON.parse(await readFile(stateFile, 'utf8')));
  change(state);
  await writeFile(stateFile, JSON.stringify(state));
}

/** Resolves with the first message matching `match` (bounded). */
function nextMessage(
  match: (m: dbus.Message) => boolean,
  timeoutMs = 10_000,
): Promise<dbus.Message> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off('message', on);
      reject(new Error('no matching message in time'));
    }, timeoutMs);
    const on = (m: dbus.Message): void => {
      if (!match(m)) return;
      clearTimeout(timer);
      client.off('message', on);
      resolve(m);
    };
    client.on('message', on);
  });
}

function propertiesChanged(path: string, name: string): (m: dbus.Message) => boolean {
  return (m) =>
    m.path === path &&
    m.member === 'PropertiesChanged' &&
    typeof m.body[1] === 'object' &&
    m.body[1] !== null &&
    name in m.body[1];
}

function nameLost(m: dbus.Message): boolean {
  return m.member === 'NameOwnerChanged' && m.body[0] === NAME && m.body[2] === '';
}

interface ChildEvent {
  event: string;
  name?: string;
  args?: unknown[];
  type?: string | null;
  text?: string;
  value?: unknown;
}

/** Runs a transaction client in its own process; resolves with its JSON events when it exits. */
function runClient(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 30_000,
): Promise<ChildEvent[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const events: ChildEvent[] = [];
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    createInterface({ input: child.stdout }).on('line', (line) =>
      events.push(JSON.parse(line) as ChildEvent),
    );
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`client did not finish in time: ${JSON.stringify(events)} ${stderr}`));
    }, timeoutMs);
    child.once('close', () => {
      clearTimeout(timer);
      resolve(events);
    });
  });
}

const dbusNextClient = (address: string, mode = 'start'): Promise<ChildEvent[]> =>
  runClient(process.execPath, [
    join(ROOT, 'test/integration/helpers/rpm-ostree-dbus-next-client.mjs'),
    address,
    mode,
  ]);

function signals(events: ChildEvent[]): [string, unknown[]][] {
  return events.filter((e) => e.event === 'signal').map((e) => [e.name ?? '', e.args ?? []]);
}

/** "direction type" of each argument of one method in introspection XML. */
function methodArgs(xml: string, name: string): string[] {
  const body = new RegExp(`<method name="${name}">([\\s\\S]*?)</method>`).exec(xml)?.[1] ?? '';
  return [...body.matchAll(/<arg ([^>]*)\/>/g)].map(([, attrs]) => {
    const direction = /direction="(\w+)"/.exec(attrs ?? '')?.[1] ?? 'in';
    const type = /type="([^"]+)"/.exec(attrs ?? '')?.[1] ?? '?';
    return `${direction} ${type}`;
  });
}

function propertyType(xml: string, name: string): string | undefined {
  const tag = new RegExp(`<property [^>]*name="${name}"[^>]*>`).exec(xml)?.[0] ?? '';
  return /type="([^"]+)"/.exec(tag)?.[1];
}

beforeAll(async () => {
  assertBuilt();
  tmp = await makeTempDir('kairn-rpm-ostree-');
  const stateDir = join(tmp.path, 'state');
  stateFile = join(stateDir, 'rpm-ostree.json');
  await mkdir(stateDir, { recursive: true });
  const seed = seedRpmOstreeState({ idleExitTimeout: 0 });
  seed.config.stepMs = 10;
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
  // Every signal on the bus, so tests can wait for PropertiesChanged and NameOwnerChanged.
  await client.call(
    new dbus.Message({
      destination: 'org.freedesktop.DBus',
      path: '/org/freedesktop/DBus',
      interface: 'org.freedesktop.DBus',
      member: 'AddMatch',
      signature: 's',
      body: ["type='signal'"],
    }),
  );
});

afterAll(async () => {
  client?.disconnect();
  if (bus) {
    await bus.stop();
    await waitForProcessesGone([bus.pid]);
  }
  await tmp?.remove();
});

describe('rpm-ostree simulator on a private system bus', () => {
  it('has upstream’s Sysroot members and signatures', async () => {
    const [xml] = await call(SYSROOT, 'org.freedesktop.DBus.Introspectable', 'Introspect');
    const text = String(xml);
    expect(text).toContain(`<interface name="${SYSROOT_IFACE}">`);
    expect(methodArgs(text, 'RegisterClient')).toEqual(['in a{sv}']);
    expect(methodArgs(text, 'UnregisterClient')).toEqual(['in a{sv}']);
    expect(methodArgs(text, 'GetOS')).toEqual(['in s', 'out o']);
    expect(text).toMatch(/<method name="Reload">\s*<\/method>|<method name="Reload"\/>/);
    const props = {
      Booted: 'o',
      Path: 's',
      ActiveTransaction: '(sss)',
      ActiveTransactionPath: 's',
      AutomaticUpdatePolicy: 's',
      Deployments: 'aa{sv}',
    };
    for (const [name, type] of Object.entries(props))
      expect(propertyType(text, name), name).toBe(type);
  });

  it('has upstream’s OS members and signatures, one object per stateroot', async () => {
    expect(await call(SYSROOT, SYSROOT_IFACE, 'GetOS', 's', [''])).toEqual([OS]);
    expect(await call(SYSROOT, SYSROOT_IFACE, 'GetOS', 's', ['fedora'])).toEqual([OS]);
    expect(await failure(call(SYSROOT, SYSROOT_IFACE, 'GetOS', 's', ['rhel']))).toEqual({
      type: 'org.gtk.GDBus.UnmappedGError.Quark._g_2dio_2derror_2dquark.Code1',
      text: 'OS name "rhel" not found',
    });
    const [xml] = await call(OS, 'org.freedesktop.DBus.Introspectable', 'Introspect');
    const text = String(xml);
    expect(methodArgs(text, 'Rollback')).toEqual(['in a{sv}', 'out s']);
    expect(methodArgs(text, 'ClearRollbackTarget')).toEqual(['in a{sv}', 'out s']);
    expect(methodArgs(text, 'Deploy')).toEqual(['in s', 'in a{sv}', 'out s']);
    expect(methodArgs(text, 'Upgrade')).toEqual(['in a{sv}', 'out s']);
    expect(methodArgs(text, 'Rebase')).toEqual(['in a{sv}', 'in s', 'in as', 'out s']);
    expect(methodArgs(text, 'GetDeploymentsRpmDiff')).toEqual(['in s', 'in s', 'out a(sua{sv})']);
    expect(methodArgs(text, 'GetCachedUpdateRpmDiff')).toEqual([
      'in s',
      'out a(sua{sv})',
      'out a{sv}',
    ]);
    expect(methodArgs(text, 'GetCachedRebaseRpmDiff')).toEqual([
      'in s',
      'in as',
      'out a(sua{sv})',
      'out a{sv}',
    ]);
    expect(methodArgs(text, 'DownloadRebaseRpmDiff')).toEqual(['in s', 'in as', 'out s']);
    const props = {
      BootedDeployment: 'a{sv}',
      DefaultDeployment: 'a{sv}',
      RollbackDeployment: 'a{sv}',
      Name: 's',
      CachedUpdate: 'a{sv}',
      HasCachedUpdateRpmDiff: 'b',
    };
    for (const [name, type] of Object.entries(props))
      expect(propertyType(text, name), name).toBe(type);
    expect((await property(OS, OS_IFACE, 'Name')).value).toBe('fedora');
  });

  it('lists deployments in boot order with the dictionary keys and types of upstream', async () => {
    const deployments = dicts(await property(SYSROOT, SYSROOT_IFACE, 'Deployments'));
    expect(deployments.map((d): unknown => d.version?.value)).toEqual([
      '43.20261128.0',
      '43.20261121.0',
      '42.20261015.0',
    ]);
    const types = {
      id: 's',
      osname: 's',
      checksum: 's',
      serial: 'i',
      booted: 'b',
      staged: 'b',
      pinned: 'b',
      unlocked: 's',
      version: 's',
      timestamp: 't',
      origin: 's',
      packages: 'as',
      'requested-packages': 'as',
      'base-commit-meta': 'a{sv}',
      'regenerate-initramfs': 'b',
      'gpg-enabled': 'b',
    };
    for (const d of deployments)
      for (const [key, type] of Object.entries(types)) expect(d[key]?.signature, key).toBe(type);
    const [booted] = deployments;
    expect(booted?.id?.value).toBe(`fedora-${String(booted?.checksum?.value)}.0`);
    expect(typeof booted?.timestamp?.value).toBe('bigint');
    expect(deployments.map((d): unknown[] => [d.booted?.value, d.pinned?.value])).toEqual([
      [true, false],
      [false, false],
      [false, true],
    ]);
    expect((await property(OS, OS_IFACE, 'RollbackDeployment')).value).toMatchObject({
      version: { value: '43.20261121.0' },
    });
    expect((await property(OS, OS_IFACE, 'HasCachedUpdateRpmDiff')).value).toBe(true);
    expect((await property(OS, OS_IFACE, 'CachedUpdate')).value).toMatchObject({
      version: { value: '43.20261205.0' },
    });
  });

  it('GetDeploymentsRpmDiff returns the real package differences', async () => {
    const [booted, back] = dicts(await property(SYSROOT, SYSROOT_IFACE, 'Deployments'));
    const [diff] = await call(OS, OS_IFACE, 'GetDeploymentsRpmDiff', 'ss', [
      back?.id?.value,
      booted?.id?.value,
    ]);
    const kernel = (diff as [string, number, Record<string, dbus.Variant>][]).find(
      ([name]) => name === 'kernel',
    );
    expect(kernel?.[1]).toBe(2); // upgraded
    expect(kernel?.[2].PreviousPackage?.value).toEqual(['kernel', '6.17.7-300.fc43', 'x86_64']);
    expect(kernel?.[2].NewPackage?.value).toEqual(['kernel', '6.17.8-300.fc43', 'x86_64']);
    expect(
      await failure(
        call(OS, OS_IFACE, 'GetDeploymentsRpmDiff', 'ss', ['fedora-nope.0', booted?.id?.value]),
      ),
    ).toMatchObject({
      text: "Deployment with id 'fedora-nope.0' not found",
    });
  });

  it('rolls back as a transaction over the peer-to-peer socket (dbus-next client, Hello refused)', async () => {
    const [address] = await call(OS, OS_IFACE, 'Rollback', 'a{sv}', [{}]);
    expect(address).toBe(`unix:path=${join(tmp.path, 'state', 'rpm-ostree-transaction.sock')}`);
    expect((await property(SYSROOT, SYSROOT_IFACE, 'ActiveTransaction')).value).toEqual([
      'Rollback',
      // dbus-next keeps its unique name out of its types.
      Reflect.get(client, 'name'),
      OS,
    ]);
    expect((await property(SYSROOT, SYSROOT_IFACE, 'ActiveTransactionPath')).value).toBe(address);
    const reordered = nextMessage(propertiesChanged(SYSROOT, 'Deployments'));
    const cleared = nextMessage(
      (m) =>
        propertiesChanged(SYSROOT, 'ActiveTransactionPath')(m) &&
        JSON.stringify(m.body[1]).includes('"value":""'),
    );
    const events = await dbusNextClient(String(address));
    // What reference §4.6 says a peer answers to dbus-next's automatic Hello.
    expect(events).toContainEqual(
      expect.objectContaining({
        event: 'error',
        type: 'org.freedesktop.DBus.Error.UnknownMethod',
        text: 'Object does not exist at path “/org/freedesktop/DBus”',
      }),
    );
    expect(events).toContainEqual({ event: 'title', value: 'rollback' });
    expect(events).toContainEqual({ event: 'started', value: true });
    const got = signals(events);
    expect(got[0]?.[0]).toBe('Message');
    expect(String(got[0]?.[1][0])).toMatch(/^Moving '[0-9a-f]{64}\.0' to be first deployment$/);
    expect(got.at(-1)).toEqual(['Finished', [true, '']]);
    const change = await reordered;
    expect(change.body[0]).toBe(SYSROOT_IFACE);
    expect(await deploymentVersions()).toEqual(['43.20261121.0', '43.20261128.0', '42.20261015.0']);
    const [first] = dicts(await property(SYSROOT, SYSROOT_IFACE, 'Deployments'));
    expect(first?.booted?.value).toBe(false); // default ≠ booted: a restart is pending
    await cleared;
    expect((await property(SYSROOT, SYSROOT_IFACE, 'ActiveTransaction')).value).toEqual([
      '',
      '',
      '',
    ]);
  });

  it('allows one transaction at a time: a different request is busy, the same one joins', async () => {
    const [address] = await call(OS, OS_IFACE, 'Deploy', 'sa{sv}', ['43.20261114.0', {}]);
    expect(await failure(call(OS, OS_IFACE, 'Rollback', 'a{sv}', [{}]))).toEqual({
      type: BUSY,
      text: 'Transaction in progress: new-deployment\n You can cancel the current transaction with `rpm-ostree cancel`',
    });
    expect(await call(OS, OS_IFACE, 'Deploy', 'sa{sv}', ['43.20261114.0', {}])).toEqual([address]);
    const events = await dbusNextClient(String(address));
    const names = signals(events).map(([n]) => n);
    expect(names).toContain('PercentProgress');
    expect(signals(events)).toContainEqual([
      'PercentProgress',
      ['Receiving objects for 43.20261114.0', 100],
    ]);
    expect(signals(events).at(-1)).toEqual(['Finished', [true, '']]);
    const [staged] = dicts(await property(SYSROOT, SYSROOT_IFACE, 'Deployments'));
    expect([staged?.version?.value, staged?.staged?.value]).toEqual(['43.20261114.0', true]);
  });

  it('talks to a client we did not write (libdbus via dbus-python): a missing version fails the transaction', async () => {
    const events = await runClient(
      '/usr/bin/python3',
      [
        join(ROOT, 'test/integration/helpers/rpm-ostree-libdbus-client.py'),
        'Deploy',
        OS,
        '41.20250101.0',
      ],
      {
        DBUS_SYSTEM_BUS_ADDRESS: bus.address,
      },
    );
    expect(events).toContainEqual({ event: 'started', value: true });
    expect(signals(events).at(-1)).toEqual([
      'Finished',
      [false, 'Version 41.20250101.0 not found in fedora:fedora/43/x86_64/kinoite'],
    ]);
    expect((await deploymentVersions())[0]).toBe('43.20261114.0');
  });

  it('refuses with polkit’s AccessDenied when the fault switch says so', async () => {
    await editState((s) => (s.faults.denyActions = ['org.projectatomic.rpmostree1.rollback']));
    expect(await failure(call(OS, OS_IFACE, 'Rollback', 'a{sv}', [{}]))).toEqual({
      type: 'org.freedesktop.DBus.Error.AccessDenied',
      text: 'rpmostreed OS operation Rollback not allowed for user',
    });
    await editState((s) => (s.faults.denyActions = []));
  });

  it('a transaction that never finishes can be cancelled', async () => {
    await editState((s) => (s.faults.neverFinish = true));
    const [address] = await call(OS, OS_IFACE, 'ClearRollbackTarget', 'a{sv}', [{}]);
    const events = await dbusNextClient(String(address), 'cancel-after-first');
    expect(signals(events)[0]).toEqual(['TaskBegin', ['Preparing']]);
    expect(signals(events).at(-1)).toEqual(['Finished', [false, 'Operation was cancelled']]);
    await editState((s) => (s.faults.neverFinish = false));
  });

  it('the daemon can die mid-transaction and comes back by activation', async () => {
    await editState((s) => (s.faults.dieMidTransaction = true));
    const [address] = await call(OS, OS_IFACE, 'Upgrade', 'a{sv}', [{}]);
    const lost = nextMessage(nameLost);
    const events = await dbusNextClient(String(address));
    await lost;
    expect(events.some((e) => e.event === 'signal' && e.name === 'Finished')).toBe(false);
    expect(events.at(-1)).toEqual({ event: 'closed' });
    await editState((s) => (s.faults.dieMidTransaction = false));
    expect(await deploymentVersions()).toEqual([
      '43.20261114.0',
      '43.20261121.0',
      '43.20261128.0',
      '42.20261015.0',
    ]);
    expect((await property(SYSROOT, SYSROOT_IFACE, 'ActiveTransactionPath')).value).toBe('');
  });

  it('Rebase with a revision stages that ref at exactly that commit; a commit the ref lacks fails and stages nothing; an image reference refuses a revision', async () => {
    await writeFile(stateFile, JSON.stringify(seedRpmOstreeState({ idleExitTimeout: 0 })));
    await call(SYSROOT, SYSROOT_IFACE, 'Reload');
    const [old] = dicts(await property(SYSROOT, SYSROOT_IFACE, 'Deployments')).filter(
      (d) => d.version?.value === '42.20261015.0',
    );
    const checksum = String(old?.checksum?.value);
    const ref = 'fedora:fedora/42/x86_64/kinoite';
    const rebase = async (refspec: string, revision: string): Promise<ChildEvent[]> => {
      const [address] = await call(OS, OS_IFACE, 'Rebase', 'a{sv}sas', [
        { revision: new dbus.Variant('s', revision), reboot: new dbus.Variant('b', false) },
        refspec,
        [],
      ]);
      return dbusNextClient(String(address));
    };
    // Not a valid revision= checksum, and a checksum the 42 branch never had: nothing staged.
    const before = await deploymentVersions();
    expect(signals(await rebase(ref, 'revision=nope')).at(-1)).toEqual([
      'Finished',
      [false, "Invalid checksum 'nope'"],
    ]);
    expect(signals(await rebase(ref, 'a'.repeat(64))).at(-1)).toEqual([
      'Finished',
      [false, `Checksum ${'a'.repeat(64)} not found in ${ref}`],
    ]);
    expect(
      signals(
        await rebase('ostree-image-signed:docker://ghcr.io/ublue-os/aurora:stable', checksum),
      ).at(-1),
    ).toEqual([
      'Finished',
      [
        false,
        'Specifying commit overrides for container-image-reference type refspecs is not supported',
      ],
    ]);
    expect(await deploymentVersions()).toEqual(before);
    // The kept Fedora 42 build, on its own branch: staged first, by checksum and by version= alike.
    expect(signals(await rebase(ref, checksum)).at(-1)).toEqual(['Finished', [true, '']]);
    const [staged] = dicts(await property(SYSROOT, SYSROOT_IFACE, 'Deployments'));
    expect([staged?.checksum?.value, staged?.origin?.value, staged?.staged?.value]).toEqual([
      checksum,
      ref,
      true,
    ]);
    expect(signals(await rebase(ref, 'version=42.20261015.0')).at(-1)).toEqual([
      'Finished',
      [true, ''],
    ]);
    expect((await deploymentVersions())[0]).toBe('42.20261015.0');
  });

  it('Deploy with a revision on a container image refuses it as upstream does (by version and by checksum); nothing is staged; Rollback still works', async () => {
    await writeFile(
      stateFile,
      JSON.stringify(seedRpmOstreeState({ idleExitTimeout: 0, flavor: 'aurora' })),
    );
    await call(SYSROOT, SYSROOT_IFACE, 'Reload');
    const all = dicts(await property(SYSROOT, SYSROOT_IFACE, 'Deployments'));
    const older = all[2];
    expect(older?.['container-image-reference']?.value).toMatch(/^ostree-image-signed:/);
    const os = String((await property(SYSROOT, SYSROOT_IFACE, 'Booted')).value);
    expect(os).toBe('/org/projectatomic/rpmostree1/default');
    const before = await deploymentVersions();
    for (const revision of [
      `version=${String(older?.version?.value)}`,
      String(older?.checksum?.value),
    ]) {
      const [address] = await call(os, OS_IFACE, 'Deploy', 'sa{sv}', [
        revision,
        { reboot: new dbus.Variant('b', false) },
      ]);
      expect(signals(await dbusNextClient(String(address))).at(-1)).toEqual([
        'Finished',
        [
          false,
          'Specifying commit overrides for container-image-reference type refspecs is not supported',
        ],
      ]);
    }
    expect(await deploymentVersions()).toEqual(before);
    const [address] = await call(os, OS_IFACE, 'Rollback', 'a{sv}', [
      { reboot: new dbus.Variant('b', false) },
    ]);
    expect(signals(await dbusNextClient(String(address))).at(-1)).toEqual(['Finished', [true, '']]);
    expect(await deploymentVersions()).toEqual([before[1], before[0], before[2]]);
  });

  it('exits when idle, but not while a client is registered', async () => {
    await editState((s) => (s.config.idleExitTimeout = 1));
    await call(SYSROOT, SYSROOT_IFACE, 'RegisterClient', 'a{sv}', [
      { id: new dbus.Variant('s', 'kairn') },
    ]);
    await call(SYSROOT, SYSROOT_IFACE, 'Reload');
    // Registered: three idle periods pass without the daemon leaving.
    await expect(nextMessage(nameLost, 3000)).rejects.toThrow('no matching message');
    const lost = nextMessage(nameLost, 10_000);
    await call(SYSROOT, SYSROOT_IFACE, 'UnregisterClient', 'a{sv}', [{}]);
    await lost;
  });
});
