import { methods, type MethodName } from '../../shared/api/contract';
import { createDispatch, type Handler, type Handlers } from './api/dispatch';
import { EventBus } from './api/events';
import type { Core } from './compose';
import type { KairnEnvironment } from './env';
import { KairnError } from './errors';
import { probeSystem, type SystemFacts } from './family/probe';
import { JobRunner } from './jobs/job-runner';
import type { ChooseAdapters, FamilyAdapters } from './ports/family';
import type { FileHistoryPort } from './ports/file-history';
import type { FileSystemPort } from './ports/file-system';
import type { RebootManagerPort, SessionShutdownPort } from './ports/restart';
import type { RestartPort, ServiceNamesPort } from './ports/system';
import { RestartServiceImpl } from './restart/service';
import { RestorePointsServiceImpl } from './restore-points/service';
import { UnavailableRestorePoints } from './restore-points/unavailable';
import { StatusServiceImpl } from './status/service';

/** What the restart part of the core needs: the same ports as the full core, far fewer of them. */
export interface RestartCorePorts {
  fileHistory: FileHistoryPort;
  names: ServiceNamesPort;
  restart: RestartPort;
  sessionShutdown: SessionShutdownPort;
  rebootManager: RebootManagerPort;
  fs: FileSystemPort;
  chooseAdapters?: ChooseAdapters | undefined;
}

/** The methods this core answers; every other one is "not here" (service-missing). */
const RESTART_METHODS = [
  'restart.get',
  'restart.schedule',
  'restart.cancel',
  'restart.now',
] as const;

/**
 * The core of the long-running notifier: status (for "is a restart needed", with the family's
 * restore points for "the next start differs") and restart, wired exactly as createCore wires
 * them, behind the same dispatch (params and results checked against the contract). No file
 * history watch, restore, search, checks, report or portal: the notifier never asks for them,
 * and a process that runs all day should not carry them.
 */
export function createRestartCore(
  env: KairnEnvironment,
  ports: RestartCorePorts,
  log: (line: string) => void = () => {},
): Core {
  const events = new EventBus();
  const jobs = new JobRunner(events, log);
  let facts: Promise<SystemFacts> | null = null;
  const system = (): Promise<SystemFacts> =>
    (facts ??= probeSystem({
      env,
      fs: ports.fs,
      names: ports.names,
      fileHistory: ports.fileHistory,
    }));
  // The family's adapters, chosen once as createCore does (restore points and restart detection).
  let chosen: Promise<{ family: SystemFacts['family']; adapters: FamilyAdapters | null }> | null =
    null;
  const adapters = () =>
    (chosen ??= system().then((found) => ({
      family: found.family,
      adapters: ports.chooseAdapters?.(found) ?? null,
    })));
  const restorePoints = new RestorePointsServiceImpl({
    env,
    fs: ports.fs,
    jobs,
    backend: async () => {
      const { family, adapters: a } = await adapters();
      return {
        family,
        port: a?.restorePoints ?? new UnavailableRestorePoints('restore-points-none'),
      };
    },
  });
  const status = new StatusServiceImpl({
    env,
    fs: ports.fs,
    snapper: ports.fileHistory,
    names: ports.names,
    restart: ports.restart,
    system,
    restorePoints: () => restorePoints.glance(),
    restartDetection: async () => (await adapters()).adapters?.restartDetection ?? null,
  });
  const restart = new RestartServiceImpl({
    env,
    fs: ports.fs,
    status,
    logind: ports.restart,
    session: ports.sessionShutdown,
    rebootManager: ports.rebootManager,
    detect: (signal) => status.restartCheck(signal),
    restorePoints,
  });
  const answered: Pick<Handlers, (typeof RESTART_METHODS)[number]> = {
    'restart.get': () => restart.get(),
    'restart.schedule': (p) => restart.schedule(p),
    'restart.cancel': (p) => restart.cancel(p),
    'restart.now': (p) => restart.now(p),
  };
  const isAnswered = (m: MethodName): m is keyof typeof answered =>
    (RESTART_METHODS as readonly string[]).includes(m);
  const notHere = (): Promise<never> =>
    Promise.reject(new KairnError('service-missing', { detail: 'not part of the notifier core' }));
  const handlers = Object.fromEntries(
    (Object.keys(methods) as MethodName[]).map((m): [MethodName, Handler<never>] => [
      m,
      isAnswered(m) ? (answered[m] as Handler<never>) : notHere,
    ]),
  ) as unknown as Handlers;
  return {
    dispatch: createDispatch(handlers, log),
    events,
    jobs,
    shutdown: () => jobs.shutdown(),
  };
}
