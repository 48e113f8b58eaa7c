import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { callMethod } from '../../electron/backends/dbus/call';
import { KairnError } from '../../electron/core/errors';
import { seedState, type SysupdateState } from '../../electron/simulators/sysupdate/state';
import { makeTempDir } from '../harness/tmp';
import { assertBuilt } from './helpers/kairn-process';
import {
  interfaceMembers,
  methodArgs,
  nextSignal,
  startSimulatedService,
  type SimulatedService,
} from './helpers/simulated-service';

const NAME = 'org.freedesktop.sysupdate1';
const MANAGER = {
  destination: NAME,
  path: '/org/freedesktop/sysupdate1',
  interface: 'org.freedesktop.sysupdate1.Manager',
};
const HOST = {
  destination: NAME,
  path: '/org/freedesktop/sysupdate1/target/host',
  interface: 'org.freedesktop.sysupdate1.Target',
};
const JOB_IFACE = 'org.freedesktop.sysupdate1.Job';
const PROPS = 'org.freedesktop.DBus.Properties';

/** The Target interface per generation, copied from reference §5.3 (not from the simulator). */
const GENERATIONS: Record<'A' | 'B' | 'C', Record<string, string[]>> = {
  A: {
    List: ['in b', 'out as'],
    Describe: ['in s', 'in b', 'out s'],
    CheckNew: ['out s'],
    Update: ['in s', 'in t', 'out s', 'out t', 'out o'],
    Vacuum: ['out u'],
    GetAppStream: ['out as'],
    GetVersion: ['out s'],
  },
  B: {
    List: ['in t', 'out as'],
    Describe: ['in s', 'in t', 'out s'],
    CheckNew: ['out s'],
    Update: ['in s', 'in t', 'out s', 'out t', 'out o'],
    Vacuum: ['out u', 'out u'],
    GetAppStream: ['out as'],
    GetVersion: ['out s'],
    ListFeatures: ['in t', 'out as'],
    DescribeFeature: ['in s', 'in t', 'out s'],
    SetFeatureEnabled: ['in s', 'in i', 'in t'],
  },
  C: {
    List: ['in t', 'out as'],
    Describe: ['in s', 'in t', 'out s'],
    CheckNew: ['out s'],
    Acquire: ['in s', 'in t', 'out s', 'out t', 'out o'],
    Install: ['in s', 'in t', 'out s', 'out t', 'out o'],
    Vacuum: ['out u', 'out u'],
    GetAppStream: ['out as'],
    GetVersion: ['out s'],
    ListFeatures: ['in t', 'out as'],
    DescribeFeature: ['in s', 'in t', 'out s'],
    SetFeatureEnabled: ['in s', 'in i', 'in t'],
  },
};

/** Fast jobs: 5 progress steps of 20 ms. */
function testState(api: 'A' | 'B' | 'C'): SysupdateState {
  return { ...seedState(), api, stepMs: 20, steps: 5, idleExitMs: 0 };
}

const services: Partial<Record<'A' | 'B' | 'C', SimulatedService>> = {};
let tmp: Awaited<ReturnType<typeof makeTempDir>>;

function service(api: 'A' | 'B' | 'C'): SimulatedService {
  const s = services[api];
  if (!s) throw new Error(`no service for ${api}`);
  return s;
}

function call(
  api: 'A' | 'B' | 'C',
  target: typeof HOST | typeof MANAGER,
  member: string,
  signature = '',
  body: unknown[] = [],
): Promise<unknown[]> {
  return callMethod(
    service(api).conn,
    { ...target, member, signature, body },
    { timeoutMs: 10_000 },
  );
}

/** The D-Bus error of a failed call, as "Name: message" (callMethod keeps it as detail). */
async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof KairnError) return err.detail ?? err.message;
    throw err;
  }
  throw new Error('the call succeeded');
}

async function introspect(api: 'A' | 'B' | 'C', path: string): Promise<string> {
  const [xml] = await callMethod(service(api).conn, {
    destination: NAME,
    path,
    interface: 'org.freedesktop.DBus.Introspectable',
    member: 'Introspect',
  });
  return String(xml);
}

async function editState(
  api: 'A' | 'B' | 'C',
  change: (state: SysupdateState) => void,
): Promise<void> {
  const file = service(api).stateFile;
  const state = JSON.parse(await readFile(file, 'utf8')) as SysupdateState;
  change(state);
  await writeFile(file, JSON.stringify(state));
}

/** Progress values of one job (PropertiesChanged on its path) until JobRemoved for it. */
async function watchJob(
  api: 'A' | 'B' | 'C',
  start: () => Promise<unknown[]>,
): Promise<{ reply: unknown[]; progress: number[]; status: number }> {
  const conn = service(api).conn;
  const progress: number[] = [];
  let jobPath = '';
  const bus = conn.get();
  const onMessage = (msg: {
    type: number;
    interface?: string;
    member: string;
    path: string;
    body: unknown[];
  }): void => {
    if (msg.interface !== PROPS || msg.member !== 'PropertiesChanged' || msg.path !== jobPath)
      return;
    const [iface, changed] = msg.body as [string, Record<string, { value: unknown }>];
    if (iface === JOB_IFACE && changed.Progress) progress.push(Number(changed.Progress.value));
  };
  const pc = nextSignal(
    conn,
    { interface: PROPS, member: 'PropertiesChanged' },
    () => false,
    60_000,
  );
  pc.promise.catch(() => undefined);
  await pc.ready;
  bus.on('message', onMessage);
  const removed = nextSignal(
    conn,
    { path: MANAGER.path, interface: MANAGER.interface, member: 'JobRemoved' },
    (body) => body[1] === jobPath || jobPath === '',
  );
  await removed.ready;
  try {
    const reply = await start();
    jobPath = String(reply[2]);
    const [id, path, status] = await removed.promise;
    expect(id).toBe(reply[1]);
    expect(path).toBe(jobPath);
    return { reply, progress, status: Number(status) };
  } finally {
    bus.off('message', onMessage);
  }
}

beforeAll(async () => {
  assertBuilt();
  tmp = await makeTempDir('kairn-sysupdate-');
  for (const api of ['A', 'B', 'C'] as const) {
    services[api] = await startSimulatedService({
      dir: join(tmp.path, api),
      busName: NAME,
      simulator: 'sysupdate',
      args: ['--api', api],
      stateFileName: 'sysupdate.json',
      state: testState(api),
    });
  }
});

afterAll(async () => {
  for (const s of Object.values(services)) await s.stop();
  await tmp?.remove();
});

describe.each(['A', 'B', 'C'] as const)(
  'sysupdated simulator, API generation %s: introspection',
  (api) => {
    it('the host target has exactly this generation’s methods and signatures', async () => {
      const xml = await introspect(api, HOST.path);
      const expected = GENERATIONS[api];
      expect(interfaceMembers(xml, HOST.interface, 'method')).toEqual(Object.keys(expected).sort());
      for (const [name, args] of Object.entries(expected))
        expect(methodArgs(xml, name), name).toEqual(args);
      expect(interfaceMembers(xml, HOST.interface, 'property')).toEqual(['Class', 'Name', 'Path']);
    });

    it('busctl, a client we did not write, sees the same signatures', async () => {
      const out = await service(api).busctl('introspect', NAME, HOST.path, HOST.interface);
      const rows: Record<string, string> = Object.fromEntries(
        out
          .split('\n')
          .map((line) => line.trim().split(/\s+/))
          .filter((cols) => cols[1] === 'method')
          .map((cols): [string, string] => [
            cols[0]?.slice(1) ?? '',
            `${cols[2] ?? ''} ${cols[3] ?? ''}`,
          ]),
      );
      const sig = (args: string[], dir: string): string =>
        args
          .filter((a) => a.startsWith(dir))
          .map((a) => a.split(' ')[1])
          .join('') || '-';
      expect(rows).toEqual(
        Object.fromEntries(
          Object.entries(GENERATIONS[api]).map(([name, args]) => [
            name,
            `${sig(args, 'in')} ${sig(args, 'out')}`,
          ]),
        ),
      );
      expect(out).toMatch(/\.Class\s+property\s+s\s+"host"\s+const/);
      expect(out).toMatch(/\.Path\s+property\s+s\s+"sysupdate\.d"\s+const/);
    });

    it('the manager has ListTargets a(sso), ListJobs a(tsuo), ListAppStream as and JobRemoved(t, o, i)', async () => {
      const xml = await introspect(api, MANAGER.path);
      expect(methodArgs(xml, 'ListTargets')).toEqual(['out a(sso)']);
      expect(methodArgs(xml, 'ListJobs')).toEqual(['out a(tsuo)']);
      expect(methodArgs(xml, 'ListAppStream')).toEqual(['out as']);
      const signal = /<signal name="JobRemoved">([\s\S]*?)<\/signal>/.exec(xml)?.[1] ?? '';
      expect([...signal.matchAll(/type="([^"]+)"/g)].map((m) => m[1])).toEqual(['t', 'o', 'i']);
      expect(xml).toContain('<node name="target"/>');
    });
  },
);

describe('sysupdated simulator (generation B): targets, versions, errors', () => {
  it('lists the host target with its const properties', async () => {
    expect(await call('B', MANAGER, 'ListTargets')).toEqual([[['host', 'host', HOST.path]]]);
    const out = await service('B').busctl(
      'get-property',
      NAME,
      HOST.path,
      HOST.interface,
      'Class',
      'Name',
      'Path',
    );
    expect(out.trim().split('\n')).toEqual(['s "host"', 's "host"', 's "sysupdate.d"']);
    expect(await call('B', MANAGER, 'ListAppStream')).toEqual([
      [expect.stringMatching(/^https:\/\//)],
    ]);
  });

  it('List: installed versions offline, everything known online, newest first', async () => {
    expect(await call('B', HOST, 'List', 't', [1n])).toEqual([
      ['202611290305', '202611220317', '202611150241'],
    ]);
    expect(await call('B', HOST, 'List', 't', [0n])).toEqual([
      ['202612060312', '202611290305', '202611220317', '202611150241', '202611080255'],
    ]);
    expect(await failure(call('B', HOST, 'List', 't', [2n]))).toBe(
      'org.freedesktop.DBus.Error.InvalidArgs: Invalid flags specified',
    );
  });

  it('List with generation A’s boolean is refused like sd-bus refuses a wrong signature', async () => {
    expect(await failure(call('B', HOST, 'List', 'b', [true]))).toBe(
      "org.freedesktop.DBus.Error.InvalidArgs: Invalid arguments 'b' to call org.freedesktop.sysupdate1.Target.List(), expecting 't'.",
    );
    expect(await failure(call('B', HOST, 'Acquire', 'st', ['', 0n]))).toBe(
      'org.freedesktop.DBus.Error.UnknownMethod: Unknown method Acquire or interface org.freedesktop.sysupdate1.Target.',
    );
  });

  it('Describe returns the JSON of one version; empty and unknown versions fail', async () => {
    const [json] = await call('B', HOST, 'Describe', 'st', ['202611290305', 1n]);
    expect(JSON.parse(String(json))).toEqual({
      version: '202611290305',
      newest: true,
      available: false,
      installed: true,
      obsolete: false,
      protected: true,
      incomplete: false,
      changelogUrls: [expect.stringContaining('202611290305')],
    });
    const [online] = await call('B', HOST, 'Describe', 'st', ['202612060312', 0n]);
    expect(JSON.parse(String(online))).toMatchObject({
      version: '202612060312',
      newest: true,
      available: true,
      installed: false,
    });
    expect(await failure(call('B', HOST, 'Describe', 'st', ['', 0n]))).toBe(
      'org.freedesktop.DBus.Error.InvalidArgs: Version must be specified',
    );
    expect(await failure(call('B', HOST, 'Describe', 'st', ['202611290305', 4n]))).toBe(
      'org.freedesktop.DBus.Error.InvalidArgs: Invalid flags specified',
    );
    expect(await failure(call('B', HOST, 'Describe', 'st', ['202612060312', 1n]))).toBe(
      'org.freedesktop.DBus.Error.Failed: Job failed with exit code 1.',
    );
  });

  it('CheckNew names the newer version; GetVersion the newest installed one', async () => {
    expect(await call('B', HOST, 'CheckNew')).toEqual(['202612060312']);
    expect(await call('B', HOST, 'GetVersion')).toEqual(['202611290305']);
  });

  it('Update, Vacuum-free calls and features refuse flags other than 0', async () => {
    expect(await failure(call('B', HOST, 'Update', 'st', ['', 1n]))).toBe(
      'org.freedesktop.DBus.Error.InvalidArgs: Flags must be 0',
    );
    expect(await failure(call('B', HOST, 'ListFeatures', 't', [1n]))).toBe(
      'org.freedesktop.DBus.Error.InvalidArgs: Flags must be 0',
    );
    expect(await failure(call('B', HOST, 'DescribeFeature', 'st', ['devel', 2n]))).toBe(
      'org.freedesktop.DBus.Error.InvalidArgs: Flags must be 0',
    );
    expect(await call('B', HOST, 'ListFeatures', 't', [0n])).toEqual([[]]);
  });

  it('refuses with AccessDenied what polkit denies', async () => {
    await editState('B', (s) => {
      s.polkitDenied = [
        'org.freedesktop.sysupdate1.update-to-version',
        'org.freedesktop.sysupdate1.vacuum',
      ];
    });
    expect(await failure(call('B', HOST, 'Update', 'st', ['202612060312', 0n]))).toBe(
      'org.freedesktop.DBus.Error.AccessDenied: Permission denied',
    );
    expect(await failure(call('B', HOST, 'Vacuum'))).toBe(
      'org.freedesktop.DBus.Error.AccessDenied: Permission denied',
    );
    // Unauthenticated methods stay open.
    expect(await call('B', HOST, 'GetVersion')).toEqual(['202611290305']);
    await editState('B', (s) => {
      s.polkitDenied = ['org.freedesktop.sysupdate1.check'];
    });
    expect(await failure(call('B', HOST, 'List', 't', [1n]))).toBe(
      'org.freedesktop.DBus.Error.AccessDenied: Permission denied',
    );
    await editState('B', (s) => {
      s.polkitDenied = [];
    });
  });

  it('a worker failing before READY fails the call itself', async () => {
    await editState('B', (s) => {
      s.nextFault = { exitCode: 3 };
    });
    expect(await failure(call('B', HOST, 'Update', 'st', ['', 0n]))).toBe(
      'org.freedesktop.DBus.Error.Failed: Job failed with exit code 3.',
    );
    expect(await call('B', HOST, 'GetVersion')).toEqual(['202611290305']);
  });

  it('a worker failing after READY ends with JobRemoved(-errno)', async () => {
    await editState('B', (s) => {
      s.nextFault = { exitCode: 1, errno: 'ENOSPC', atProgress: 40 };
    });
    const { status } = await watchJob('B', () => call('B', HOST, 'Update', 'st', ['', 0n]));
    expect(status).toBe(-28);
    expect(await call('B', HOST, 'GetVersion')).toEqual(['202611290305']);
  });

  it('one update at a time (EBUSY), and Cancel ends the job with the signal number', async () => {
    await editState('B', (s) => {
      s.stallAtProgress = 40;
    });
    const removed = nextSignal(service('B').conn, {
      path: MANAGER.path,
      interface: MANAGER.interface,
      member: 'JobRemoved',
    });
    await removed.ready;
    const [version, id, path] = await call('B', HOST, 'Update', 'st', ['', 0n]);
    expect(version).toBe('202612060312');
    expect(typeof id).toBe('bigint');
    expect(path).toBe(`/org/freedesktop/sysupdate1/job/_${String(id)}`);
    expect(await call('B', MANAGER, 'ListJobs')).toEqual([
      [[id, 'update', expect.any(Number), path]],
    ]);
    expect(await failure(call('B', HOST, 'Update', 'st', ['', 0n]))).toBe(
      'System.Error.EBUSY: Failed to start job: Device or resource busy',
    );
    expect(await failure(call('B', HOST, 'Vacuum'))).toBe(
      'System.Error.EBUSY: Failed to start job: Device or resource busy',
    );
    const job = { destination: NAME, path: String(path), interface: JOB_IFACE };
    const props = await callMethod(service('B').conn, {
      ...job,
      interface: PROPS,
      member: 'GetAll',
      signature: 's',
      body: [JOB_IFACE],
    });
    expect(Object.keys(props[0] as object).sort()).toEqual(['Id', 'Offline', 'Progress', 'Type']);
    await callMethod(service('B').conn, { ...job, member: 'Cancel' });
    expect(await removed.promise).toEqual([id, path, 15]);
    expect(await failure(callMethod(service('B').conn, { ...job, member: 'Cancel' }))).toBe(
      `org.freedesktop.DBus.Error.UnknownObject: Unknown object '${String(path)}'.`,
    );
    expect(await call('B', HOST, 'GetVersion')).toEqual(['202611290305']);
    await editState('B', (s) => {
      s.stallAtProgress = null;
    });
  });

  it('Update runs to the end: Progress changes, JobRemoved status 0, GetVersion moves on', async () => {
    const { reply, progress, status } = await watchJob('B', () =>
      call('B', HOST, 'Update', 'st', ['', 0n]),
    );
    expect(reply[0]).toBe('202612060312');
    expect(status).toBe(0);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(100);
    expect(await call('B', HOST, 'GetVersion')).toEqual(['202612060312']);
    expect(await call('B', HOST, 'CheckNew')).toEqual(['']);
    expect(await call('B', MANAGER, 'ListJobs')).toEqual([[]]);
    const [json] = await call('B', HOST, 'Describe', 'st', ['202612060312', 1n]);
    expect(JSON.parse(String(json))).toMatchObject({ installed: true, newest: true });
  });

  it('nothing to do: NoCandidate (and JobRemoved 0 for that job, as sysupdated.c emits it)', async () => {
    const removed = nextSignal(service('B').conn, {
      path: MANAGER.path,
      interface: MANAGER.interface,
      member: 'JobRemoved',
    });
    await removed.ready;
    expect(await failure(call('B', HOST, 'Update', 'st', ['', 0n]))).toBe(
      'org.freedesktop.sysupdate1.NoCandidate: Job exited successfully with no work to do, assume already updated',
    );
    expect((await removed.promise)[2]).toBe(0);
    expect(await failure(call('B', HOST, 'Update', 'st', ['202611220317', 0n]))).toMatch(
      /^org\.freedesktop\.sysupdate1\.NoCandidate: /,
    );
  });

  it('Vacuum removes old unprotected versions down to InstancesMax and says how many', async () => {
    await editState('B', (s) => {
      s.instancesMax = 2;
    });
    expect(await call('B', HOST, 'Vacuum')).toEqual([2, 0]);
    // 202611290305 is protected and stays with the newest.
    expect(await call('B', HOST, 'List', 't', [1n])).toEqual([['202612060312', '202611290305']]);
  });

  it('busctl calls and errors read the same', async () => {
    expect(
      (await service('B').busctl('call', NAME, HOST.path, HOST.interface, 'GetVersion')).trim(),
    ).toBe('s "202612060312"');
    expect(
      await service('B').busctlError('call', NAME, HOST.path, HOST.interface, 'List', 't', '8'),
    ).toContain('Invalid flags specified');
    expect(
      await service('B').busctlError(
        'call',
        NAME,
        HOST.path,
        HOST.interface,
        'Update',
        'st',
        '',
        '0',
      ),
    ).toContain('Job exited successfully with no work to do, assume already updated');
  });
});

describe('sysupdated simulator (generation C): Acquire, then Install', () => {
  it('Acquire downloads (pending), Install installs; job types acquire/install', async () => {
    const acquired = await watchJob('C', () => call('C', HOST, 'Acquire', 'st', ['', 0n]));
    expect(acquired.status).toBe(0);
    expect(acquired.reply[0]).toBe('202612060312');
    const [json] = await call('C', HOST, 'Describe', 'st', ['202612060312', 0n]);
    expect(JSON.parse(String(json))).toMatchObject({
      installed: false,
      pending: true,
      partial: false,
    });
    expect(await call('C', HOST, 'GetVersion')).toEqual(['202611290305']);
    expect(await failure(call('C', HOST, 'Acquire', 'st', ['', 0n]))).toMatch(
      /^org\.freedesktop\.sysupdate1\.NoCandidate: /,
    );

    const types: string[] = [];
    const installed = await watchJob('C', async () => {
      const reply = await call('C', HOST, 'Install', 'st', ['', 0n]);
      const [jobs] = await call('C', MANAGER, 'ListJobs');
      types.push(...(jobs as [bigint, string][]).map((j) => j[1]));
      return reply;
    });
    expect(types).toEqual(['install']);
    expect(installed.status).toBe(0);
    expect(await call('C', HOST, 'GetVersion')).toEqual(['202612060312']);
    expect(await failure(call('C', HOST, 'Install', 'st', ['', 0n]))).toMatch(
      /^org\.freedesktop\.sysupdate1\.NoCandidate: /,
    );
    expect(await failure(call('C', HOST, 'Update', 'st', ['', 0n]))).toMatch(
      /^org\.freedesktop\.DBus\.Error\.UnknownMethod: /,
    );
  });
});

describe('sysupdated simulator (generation A): boolean offline, one-number Vacuum', () => {
  it('List(b) and Describe(s, b) take the offline boolean; Vacuum returns u', async () => {
    expect(await call('A', HOST, 'List', 'b', [true])).toEqual([
      ['202611290305', '202611220317', '202611150241'],
    ]);
    const [json] = await call('A', HOST, 'Describe', 'sb', ['202611150241', true]);
    expect(JSON.parse(String(json))).toMatchObject({ version: '202611150241', installed: true });
    expect(JSON.parse(String(json))).not.toHaveProperty('pending');
    expect(await call('A', HOST, 'Vacuum')).toEqual([0]);
    expect(await failure(call('A', HOST, 'ListFeatures', 't', [0n]))).toMatch(
      /^org\.freedesktop\.DBus\.Error\.UnknownMethod: /,
    );
  });
});

describe('sysupdated simulator: idle exit', () => {
  it('leaves the bus when idle, and the bus starts it again on the next call', async () => {
    const dir = await makeTempDir('kairn-sysupdate-idle-');
    const idle = await startSimulatedService({
      dir: dir.path,
      busName: NAME,
      simulator: 'sysupdate',
      stateFileName: 'sysupdate.json',
      state: { ...testState('B'), idleExitMs: 300 },
    });
    try {
      const gone = nextSignal(
        idle.conn,
        {
          path: '/org/freedesktop/DBus',
          interface: 'org.freedesktop.DBus',
          member: 'NameOwnerChanged',
        },
        (body) => body[0] === NAME && body[2] === '',
      );
      await gone.ready;
      const version = () =>
        callMethod(idle.conn, { ...HOST, member: 'GetVersion' }, { timeoutMs: 10_000 });
      expect(await version()).toEqual(['202611290305']);
      await gone.promise;
      expect(await version()).toEqual(['202611290305']);
    } finally {
      await idle.stop();
      await dir.remove();
    }
  });
});
