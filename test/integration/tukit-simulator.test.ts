import { readFile, writeFile } from 'node:fs/promises';

import dbus from 'dbus-next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { callMethod } from '../../electron/backends/dbus/call';
import { KairnError } from '../../electron/core/errors';
import { seedState, type TukitState } from '../../electron/simulators/tukit/state';
import { makeTempDir } from '../harness/tmp';
import { assertBuilt } from './helpers/kairn-process';
import {
  interfaceMembers,
  methodArgs,
  nextSignal,
  startSimulatedService,
  type SimulatedService,
} from './helpers/simulated-service';

const NAME = 'org.opensuse.tukit';
const TX = {
  destination: NAME,
  path: '/org/opensuse/tukit/Transaction',
  interface: 'org.opensuse.tukit.Transaction',
};
const SNAP = {
  destination: NAME,
  path: '/org/opensuse/tukit/Snapshot',
  interface: 'org.opensuse.tukit.Snapshot',
};
const ERROR = 'org.opensuse.tukit.Error';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let sim: SimulatedService;

function call(
  target: typeof TX | typeof SNAP,
  member: string,
  signature = '',
  body: unknown[] = [],
): Promise<unknown[]> {
  return callMethod(sim.conn, { ...target, member, signature, body }, { timeoutMs: 10_000 });
}

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof KairnError) return err.detail ?? err.message;
    throw err;
  }
  throw new Error('the call succeeded');
}

async function list(
  columns = 'number,default,active,description,userdata',
): Promise<Record<string, string>[]> {
  const [rows] = await call(SNAP, 'List', 's', [columns]);
  return rows as Record<string, string>[];
}

const flag = (rows: Record<string, string>[], column: 'default' | 'active'): string | undefined =>
  rows.find((r) => r[column] === 'yes')?.number;

beforeAll(async () => {
  assertBuilt();
  tmp = await makeTempDir('kairn-tukit-');
  const state: TukitState = {
    ...seedState(),
    commandMs: 10,
    commands: {
      'zypper -n up': { returncode: 0, output: 'Nothing to do.\n' },
      false: { returncode: 1, output: '' },
    },
  };
  sim = await startSimulatedService({
    dir: tmp.path,
    busName: NAME,
    simulator: 'tukit',
    stateFileName: 'tukit.json',
    state,
  });
});

afterAll(async () => {
  await sim?.stop();
  await tmp?.remove();
});

describe('tukit simulator: introspection', () => {
  it('Transaction has tukitd’s methods and signals with their signatures', async () => {
    const [xml] = await callMethod(sim.conn, {
      ...TX,
      interface: 'org.freedesktop.DBus.Introspectable',
      member: 'Introspect',
    });
    const text = String(xml);
    const expected: Record<string, string[]> = {
      Execute: ['in s', 'in s', 'out s'],
      ExecuteAndReboot: ['in s', 'in s', 'in s', 'out s'],
      ExecuteWithOpts: ['in s', 'in s', 'in a{sv}', 'out s'],
      Open: ['in s', 'out s'],
      OpenWithOpts: ['in s', 'in a{sv}', 'out s'],
      Call: ['in s', 'in s'],
      CallExt: ['in s', 'in s'],
      CallWithOpts: ['in s', 'in s', 'in a{sv}'],
      Close: ['in s'],
      CloseWithOpts: ['in s', 'in a{sv}'],
      Abort: ['in s'],
      AbortWithOpts: ['in s', 'in a{sv}'],
    };
    expect(interfaceMembers(text, TX.interface, 'method')).toEqual(Object.keys(expected).sort());
    for (const [name, args] of Object.entries(expected))
      expect(methodArgs(text, name), name).toEqual(args);
    expect(interfaceMembers(text, TX.interface, 'signal')).toEqual([
      'CommandExecuted',
      'Error',
      'TransactionOpened',
    ]);
    const signal = /<signal name="CommandExecuted">([\s\S]*?)<\/signal>/.exec(text)?.[1] ?? '';
    expect([...signal.matchAll(/type="([^"]+)"/g)].map((m) => m[1])).toEqual(['s', 'i', 's']);
  });

  it('Snapshot has List s → aa{ss}, Delete s, RollbackTo s (busctl agrees)', async () => {
    const out = await sim.busctl('introspect', NAME, SNAP.path, SNAP.interface);
    expect(out).toMatch(/\.List\s+method\s+s\s+aa\{ss\}/);
    expect(out).toMatch(/\.Delete\s+method\s+s\s+-/);
    expect(out).toMatch(/\.RollbackTo\s+method\s+s\s+-/);
  });
});

describe('tukit simulator: Snapshot', () => {
  it('List: snapper list columns as strings, snapshot 0 "current" first', async () => {
    const rows = await list('number,type,date,user,cleanup,description,userdata,default,active');
    expect(rows[0]).toEqual({
      number: '0',
      type: 'single',
      date: '',
      user: 'root',
      cleanup: '',
      description: 'current',
      userdata: '',
      default: 'no',
      active: 'no',
    });
    const numbers = rows.map((r) => Number(r.number));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    const r42 = rows.find((r) => r.number === '42');
    expect(r42).toMatchObject({
      active: 'yes',
      default: 'no',
      description: 'Snapshot Update of #41',
      cleanup: 'number',
    });
    expect(r42?.date).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(rows.find((r) => r.default === 'yes')?.number).toBe('43');
    expect(rows.find((r) => r.userdata?.includes('important=yes'))).toBeDefined();
    expect(rows.find((r) => r.userdata === 'transactional-update-in-progress=yes')).toBeDefined();
    expect(rows.find((r) => r.type === 'post')).toBeDefined();
  });

  it('List with no columns gives empty maps (a count); bad columns fail with org.opensuse.tukit.Error', async () => {
    const rows = await list('');
    expect(rows.length).toBe(seedState().snapshots.length + 1);
    expect(rows.every((r) => Object.keys(r).length === 0)).toBe(true);
    expect(await failure(list('number;rm'))).toBe(
      `${ERROR}: Column list contains invalid characters.`,
    );
    expect(await failure(list('number,color'))).toBe(
      `${ERROR}: \`snapper --utc --iso --csvout list --columns number,color\` returned with error code 1.`,
    );
  });

  it('RollbackTo makes the snapshot the default (next boot) and leaves the running one active', async () => {
    await call(SNAP, 'RollbackTo', 's', ['41']);
    const rows = await list('number,default,active,cleanup');
    expect(flag(rows, 'default')).toBe('41');
    expect(flag(rows, 'active')).toBe('42');
    expect(rows.find((r) => r.number === '41')?.cleanup).toBe('');
    // Undo: back to the snapshot that was the default before.
    await call(SNAP, 'RollbackTo', 's', ['43']);
    expect(flag(await list('number,default'), 'default')).toBe('43');
  });

  it('RollbackTo or Delete of an unknown snapshot fail with org.opensuse.tukit.Error', async () => {
    expect(await failure(call(SNAP, 'RollbackTo', 's', ['999']))).toBe(
      `${ERROR}: \`snapper rollback 999\` returned with error code 1.`,
    );
    expect(await failure(call(SNAP, 'Delete', 's', ['999']))).toBe(
      `${ERROR}: \`snapper delete 999\` returned with error code 1.`,
    );
    expect(
      await sim.busctlError('call', NAME, SNAP.path, SNAP.interface, 'RollbackTo', 's', 'latest'),
    ).toContain('snapper rollback latest');
  });

  it('Delete removes a snapshot, but never the running or the default one', async () => {
    await call(SNAP, 'Delete', 's', ['33']);
    expect((await list('number')).map((r) => r.number)).not.toContain('33');
    expect(await failure(call(SNAP, 'Delete', 's', ['42']))).toMatch(
      new RegExp(`^${ERROR.replace(/\./g, '\\.')}: `),
    );
    expect(await failure(call(SNAP, 'Delete', 's', ['43']))).toMatch(/snapper delete 43/);
  });

  it('keeps its state in the state dir', async () => {
    const saved = JSON.parse(await readFile(sim.stateFile, 'utf8')) as TukitState;
    expect(saved.snapshots.map((s) => s.number)).not.toContain(33);
    expect(saved.active).toBe(42);
  });
});

describe('tukit simulator: Transaction', () => {
  it('Open emits TransactionOpened on /org/opensuse/tukit; Call answers with CommandExecuted; Close makes it the default', async () => {
    const opened = nextSignal(sim.conn, { interface: TX.interface, member: 'TransactionOpened' });
    await opened.ready;
    const openedPath = new Promise<string>((resolve) => {
      const bus = sim.conn.get();
      const onMessage = (msg: dbus.Message): void => {
        if (msg.member !== 'TransactionOpened') return;
        bus.off('message', onMessage);
        resolve(msg.path);
      };
      bus.on('message', onMessage);
    });
    const [id] = await call(TX, 'OpenWithOpts', 'sa{sv}', [
      'active',
      { Description: new dbus.Variant('s', 'Before the printer setup') },
    ]);
    expect(await opened.promise).toEqual([id]);
    expect(await openedPath).toBe('/org/opensuse/tukit');
    const row = (await list('number,description,userdata')).find((r) => r.number === id);
    expect(row).toEqual({
      number: id,
      description: 'Before the printer setup',
      userdata: 'transactional-update-in-progress=yes',
    });

    const executed = nextSignal(sim.conn, {
      path: TX.path,
      interface: TX.interface,
      member: 'CommandExecuted',
    });
    await executed.ready;
    await call(TX, 'Call', 'ss', [id, 'zypper -n up']);
    expect(await executed.promise).toEqual([id, 0, 'Nothing to do.\n']);

    await call(TX, 'Close', 's', [id]);
    const rows = await list('number,default,active,userdata');
    expect(flag(rows, 'default')).toBe(id);
    expect(flag(rows, 'active')).toBe('42');
    expect(rows.find((r) => r.number === id)?.userdata).toBe('');
    expect(await failure(call(TX, 'Close', 's', [id]))).toBe(
      `${ERROR}: Snapshot ${String(id)} is not an open transaction.`,
    );
  });

  it('Open from an unknown base fails; Call on a closed snapshot reports the Error signal', async () => {
    expect(await failure(call(TX, 'Open', 's', ['777']))).toBe(
      `${ERROR}: Base snapshot '777' does not exist.`,
    );
    const error = nextSignal(sim.conn, { path: TX.path, interface: TX.interface, member: 'Error' });
    await error.ready;
    await call(TX, 'Call', 'ss', ['41', 'true']);
    expect(await error.promise).toEqual(['41', -1, 'Snapshot 41 is not an open transaction.']);
  });

  it('Execute with a failing command discards the snapshot and sends Error', async () => {
    const before = (await list('number')).length;
    const error = nextSignal(sim.conn, { path: TX.path, interface: TX.interface, member: 'Error' });
    await error.ready;
    const [id] = await call(TX, 'Execute', 'ss', ['default', 'false']);
    expect(await error.promise).toEqual([id, 1, '']);
    expect((await list('number')).length).toBe(before);
  });

  it('Abort deletes an open transaction', async () => {
    const [id] = await call(TX, 'Open', 's', ['']);
    await call(TX, 'Abort', 's', [id]);
    expect((await list('number')).map((r) => r.number)).not.toContain(id);
  });

  it('wrong signatures get sd-bus’s InvalidArgs, unknown members UnknownMethod', async () => {
    expect(await failure(call(SNAP, 'List', 'b', [true]))).toBe(
      "org.freedesktop.DBus.Error.InvalidArgs: Invalid arguments 'b' to call org.opensuse.tukit.Snapshot.List(), expecting 's'.",
    );
    expect(await failure(call(SNAP, 'Create', 's', ['x']))).toBe(
      'org.freedesktop.DBus.Error.UnknownMethod: Unknown method Create or interface org.opensuse.tukit.Snapshot.',
    );
  });

  it('an in-use transaction is refused', async () => {
    await writeFile(
      sim.stateFile,
      JSON.stringify({
        ...(JSON.parse(await readFile(sim.stateFile, 'utf8')) as TukitState),
        commandMs: 300,
      }),
    );
    const [id] = await call(TX, 'Open', 's', ['active']);
    const done = nextSignal(sim.conn, {
      path: TX.path,
      interface: TX.interface,
      member: 'CommandExecuted',
    });
    await done.ready;
    await call(TX, 'Call', 'ss', [id, 'true']);
    expect(await failure(call(TX, 'Close', 's', [id]))).toBe(
      `${ERROR}: The transaction is currently in use by another thread.`,
    );
    await done.promise;
    await call(TX, 'Close', 's', [id]);
  });
});
