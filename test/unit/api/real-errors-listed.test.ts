import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { errorsOf, METHOD_NAMES, methods, type MethodName } from '../../../shared/api/contract';
import type { ErrorCode } from '../../../shared/api/errors';
import { JobStarted } from '../../../shared/schemas/jobs';
import { nodeProcesses } from '../../../electron/backends/os/processes';
import { nodeFileSystem } from '../../../electron/backends/restore-fs/node-fs';
import { createCore, type Core } from '../../../electron/core/compose';
import type { KairnEnvironment } from '../../../electron/core/env';
import { KairnError } from '../../../electron/core/errors';
import type { SnapperPort } from '../../../electron/core/ports/snapper';
import { FaultyFs } from '../../fakes/faulty-fs';
import { FakeLogind, FakeRebootManager, FakeSession } from '../../fakes/restart-fake';
import { FakeSnapper } from '../../fakes/snapper-fake';
import { makeTempDir } from '../../harness/tmp';

/**
 * The real handlers, on a real core, driven into every failure their ports can really report:
 * whatever error a method (or the job it starts) ends with must be one the contract lists for it.
 * dispatch would turn an unlisted one into backend-failed and log it; the log is what fails here.
 */

type SnapperMethod = Exclude<keyof SnapperPort, 'watch' | 'state'>;

/** What snapperd (through the adapter's error table) can answer to each call. */
const SNAPPER_CAN_FAIL: Record<SnapperMethod, readonly ErrorCode[]> = {
  listConfigs: ['service-missing', 'backend-failed'],
  getConfig: ['service-missing', 'access-denied', 'not-found', 'backend-failed'],
  listSnapshots: ['service-missing', 'access-denied', 'not-found', 'busy', 'backend-failed'],
  getSnapshot: ['service-missing', 'access-denied', 'not-found', 'busy', 'backend-failed'],
  createSingleSnapshot: ['service-missing', 'access-denied', 'not-found', 'busy', 'backend-failed'],
  setSnapshot: ['service-missing', 'access-denied', 'not-found', 'busy', 'backend-failed'],
  snapshotDir: ['service-missing', 'access-denied', 'not-found', 'busy', 'backend-failed'],
  compare: ['service-missing', 'access-denied', 'not-found', 'busy', 'backend-failed'],
  createConfig: ['service-missing', 'access-denied', 'busy', 'backend-failed'],
};

interface Scenario {
  name: string;
  snapperFails?: ErrorCode;
  fsFails?: 'EACCES' | 'ENOSPC';
  fileManagerFails?: ErrorCode;
  aborted?: boolean;
  /** A started job is cancelled at once (jobs.cancel). */
  cancelJob?: boolean;
  /** Paths that do not exist (not-found from the file system). */
  missing?: boolean;
  /** logind absent or polkit refusing. */
  logindFails?: ErrorCode;
  /** A restart someone else scheduled, and an app delaying restarts. */
  othersHoldRestart?: boolean;
}

const SCENARIOS: Scenario[] = [
  { name: 'healthy' },
  { name: 'missing items', missing: true },
  { name: 'aborted by the host', aborted: true },
  { name: 'job cancelled', cancelJob: true },
  { name: 'disk refuses access', fsFails: 'EACCES' },
  { name: 'disk full', fsFails: 'ENOSPC' },
  ...(['service-missing', 'access-denied', 'not-found', 'busy', 'backend-failed'] as const).map(
    (code) => ({
      name: `snapper answers ${code}`,
      snapperFails: code,
    }),
  ),
  { name: 'no file manager', fileManagerFails: 'service-missing' },
  { name: 'logind absent', logindFails: 'service-missing' },
  { name: 'polkit refuses', logindFails: 'access-denied' },
  { name: 'others hold the restart', othersHoldRestart: true },
];

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let home: string;
let scenario: Scenario = { name: 'healthy' };
const log: string[] = [];
let core: Core;
const logind = new FakeLogind();

/** The fake snapper, failing the way the scenario says (only where snapperd really can). */
function faultySnapper(inner: FakeSnapper): SnapperPort {
  const fail = (method: SnapperMethod, args: unknown[]): void => {
    const signal =
      args.find((a): a is AbortSignal => a instanceof AbortSignal) ??
      (args.at(-1) as { signal?: AbortSignal } | undefined)?.signal;
    if (signal?.aborted) throw new KairnError('cancelled');
    const code = scenario.snapperFails;
    if (code && SNAPPER_CAN_FAIL[method].includes(code))
      throw new KairnError(code, { detail: `${method} (injected)` });
  };
  return {
    state: () => inner.state(),
    watch: (listener) => inner.watch(listener),
    listConfigs: async (...a) => (fail('listConfigs', a), inner.listConfigs()),
    getConfig: async (...a) => (fail('getConfig', a), inner.getConfig(a[0])),
    listSnapshots: async (...a) => (fail('listSnapshots', a), inner.listSnapshots(a[0])),
    getSnapshot: async (...a) => (fail('getSnapshot', a), inner.getSnapshot(a[0], a[1])),
    createSingleSnapshot: async (...a) => (
      fail('createSingleSnapshot', a),
      inner.createSingleSnapshot(...a)
    ),
    setSnapshot: async (...a) => (fail('setSnapshot', a), inner.setSnapshot(...a)),
    snapshotDir: async (...a) => (fail('snapshotDir', a), inner.snapshotDir(a[0], a[1])),
    compare: async (...a) => (fail('compare', a), inner.compare(...a)),
    createConfig: async (...a) => (fail('createConfig', a), inner.createConfig()),
  };
}

function paramsFor(method: MethodName, s: Scenario): unknown {
  const file = join(home, 'Documents', s.missing ? 'gone.txt' : 'report.txt');
  const folder = s.missing ? join(home, 'gone') : join(home, 'Documents');
  const table: Record<MethodName, unknown> = {
    'status.get': {},
    'snapshots.home': {},
    'snapshots.list': { config: 'home' },
    'snapshots.create': { config: 'home' },
    'snapshots.keep': { config: 'home', snapshot: s.missing ? 99 : 1, keep: true },
    'snapshots.setupHome': {},
    'files.list': { config: 'home', snapshot: 1, path: folder },
    'files.preview': { config: 'home', snapshot: 1, path: file },
    'files.versions': { config: 'home', path: file },
    'files.diff': { config: 'home', snapshot: 1, path: file },
    'files.changes': { config: 'home', from: 1, to: 0 },
    'files.search': { config: 'home', query: 'report' },
    'files.showInFolder': { path: file },
    'files.folders': { path: folder },
    'desktop.chooseFolder': { title: 'Restore to' },
    'restore.start': { config: 'home', snapshot: 1, paths: [file] },
    'restore.undo': { undoId: 'no-such-undo' },
    'restorePoints.list': {},
    'restorePoints.changes': { id: s.missing ? '99' : '1' },
    'restorePoints.rollback': { to: s.missing ? '99' : '1' },
    'restorePoints.undoRollback': {},
    'restorePoints.keep': { id: s.missing ? '99' : '1', name: 'Before the printer setup' },
    'editions.get': {},
    'editions.preview': { id: s.missing ? 'no-such-edition' : 'stable' },
    'editions.switch': { id: s.missing ? 'no-such-edition' : 'stable' },
    'checks.run': {},
    'checks.fix': { check: s.missing ? 'no-such-check' : 'file-history' },
    'report.create': {},
    'report.save': { text: 'report', fileName: 'kairn-report.txt' },
    'jobs.get': { jobId: 'no-such-job' },
    'jobs.cancel': { jobId: 'no-such-job' },
    'appearance.get': {},
    'restart.get': {},
    'restart.schedule': s.missing ? { when: 'at', at: '2000-01-01T03:00' } : { when: 'tonight' },
    'restart.cancel': {},
    'restart.now': {},
    'updates.get': {},
    'updates.check': {},
    'updates.prepare': {},
  };
  return table[method];
}

/** Every error code one call ended with: the reply's, and for a job its outcome's. */
async function endings(method: MethodName, s: Scenario): Promise<ErrorCode[]> {
  const controller = new AbortController();
  if (s.aborted) controller.abort();
  const reply = await core.dispatch(method, paramsFor(method, s), { signal: controller.signal });
  if (!reply.ok) return [reply.error.code];
  if (methods[method].kind !== 'job') return [];
  const { jobId } = JobStarted.parse(reply.result);
  if (s.cancelJob) core.jobs.cancel(jobId);
  const code = (await core.jobs.wait(jobId)).finished?.error?.code;
  return code === undefined ? [] : [code];
}

beforeAll(async () => {
  tmp = await makeTempDir('kairn-errors-');
  home = join(tmp.path, 'home');
  await mkdir(join(home, 'Documents'), { recursive: true });
  await writeFile(join(home, 'Documents', 'report.txt'), 'first draft\n');
  const snapper = new FakeSnapper();
  snapper.addConfig('home', home, { ALLOW_USERS: 'alice' });
  await snapper.snapshotNow('home');
  await writeFile(join(home, 'Documents', 'report.txt'), 'second draft\n');
  const faulty = new FaultyFs(nodeFileSystem);
  const fsPlan = (): void => {
    faulty.plan =
      scenario.fsFails === 'EACCES'
        ? { eacces: (_op, path) => path.startsWith(tmp.path) }
        : scenario.fsFails === 'ENOSPC'
          ? { enospcAfterBytes: 0 }
          : {};
  };
  const env: KairnEnvironment = {
    home,
    uid: 1000,
    gid: 1000,
    userName: 'alice',
    osReleasePath: null,
    stateDir: join(tmp.path, 'state'),
    demo: false,
  };
  core = createCore(
    env,
    {
      fileHistory: faultySnapper(snapper),
      processes: nodeProcesses,
      names: { state: () => Promise.resolve('running') },
      restart: logind,
      sessionShutdown: new FakeSession(),
      rebootManager: new FakeRebootManager(),
      fileManager: {
        showItems: async () => {
          const code = scenario.fileManagerFails;
          if (code) throw new KairnError(code, { reason: 'file-manager-missing' });
        },
      },
      fs: new Proxy(faulty.fs, {
        get: (target, key, receiver) => {
          fsPlan();
          return Reflect.get(target, key, receiver) as unknown;
        },
      }),
    },
    (line) => log.push(line),
  );
});
afterAll(async () => {
  await core.shutdown();
  await tmp.remove();
});

describe('every error a method really ends with is one the contract lists', () => {
  it.each(METHOD_NAMES)('%s', async (method) => {
    const seen = new Map<string, ErrorCode[]>();
    for (const s of SCENARIOS) {
      scenario = s;
      log.length = 0;
      logind.fail = s.logindFails ?? null;
      logind.current = s.othersHoldRestart
        ? { type: 'reboot', at: new Date(Date.now() + 3600_000) }
        : null;
      logind.inhibitorList = s.othersHoldRestart
        ? [
            {
              what: 'shutdown',
              who: 'Writer',
              why: 'Unsaved document',
              mode: 'delay',
              uid: 1000,
              pid: 42,
            },
          ]
        : [];
      const codes = await endings(method, s);
      scenario = { name: 'healthy' };
      seen.set(s.name, codes);
      expect(
        log.filter((line) => line.includes('does not list')),
        `${method} / ${s.name}`,
      ).toEqual([]);
      for (const code of codes) expect(errorsOf(method), `${method} / ${s.name}`).toContain(code);
    }
    // The scenarios really reach the method's failures: at least one of them fails it (status.get
    // never fails, desktop.chooseFolder without a host dialog always answers 'unavailable',
    // restorePoints.list and editions.get say "not available here" in their result, report.save without a save
    // dialog answers 'unavailable', appearance.get without a portal answers 'unknown', and restart.get reports a
    // missing logind in its result).
    const failures = [...seen.values()].flat();
    const neverFails: MethodName[] = [
      'status.get',
      'desktop.chooseFolder',
      'restorePoints.list',
      'editions.get',
      'report.save',
      'appearance.get',
      'restart.get',
      'updates.get',
    ];
    if (neverFails.includes(method)) expect(failures).toEqual([]);
    else expect(failures.length).toBeGreaterThan(0);
  });
});
