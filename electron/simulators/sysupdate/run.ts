import { parseArgs } from 'node:util';

import dbus from 'dbus-next';

import { busClosed, installSdBusGuard, type GuardedObject } from '../sd-bus/guard';
import { SysupdateEngine } from './engine';
import { MANAGER_METHODS, SYSUPDATE, TARGET_METHODS } from './generations';
import { JobInterface, ManagerInterface, createTarget } from './service';
import { SysupdateStore } from './state';
import type { ApiGeneration } from './versions';

const TREE = '/org/freedesktop/sysupdate1';

function table(methods: Readonly<Record<string, { in: string }>>): Record<string, string> {
  return Object.fromEntries(Object.entries(methods).map(([name, m]) => [name, m.in]));
}

function parseApi(value: string | undefined): ApiGeneration | undefined {
  if (value === undefined) return undefined;
  if (value === 'A' || value === 'B' || value === 'C') return value;
  throw new Error(`--api must be A, B or C (got ${value})`);
}

/**
 * `simulator sysupdate --state DIR [--api A|B|C]`: systemd-sysupdated for the host target on a
 * private system bus (DBUS_SYSTEM_BUS_ADDRESS), started by D-Bus activation. Exits when idle like
 * the real service (state field idleExitMs); the bus starts it again on the next call.
 */
export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { state: { type: 'string' }, api: { type: 'string' } },
    strict: true,
  });
  if (values.state === undefined)
    throw new Error('usage: simulator sysupdate --state DIR [--api A|B|C]');
  // Never the machine's own system bus: the simulator only ever serves a private one.
  if (!process.env.DBUS_SYSTEM_BUS_ADDRESS)
    throw new Error('DBUS_SYSTEM_BUS_ADDRESS must name a private bus');
  const store = new SysupdateStore(values.state);
  const api = parseApi(values.api) ?? store.get().api;

  const bus = dbus.systemBus();
  const ended = busClosed(bus);
  const jobObjects = new Map<string, JobInterface>();
  let manager: ManagerInterface | null = null;
  let idleTimer: NodeJS.Timeout | null = null;
  let hasJobs = false;

  const stop = (): void => {
    engine.close();
    bus.disconnect();
    process.exit(0);
  };
  const armIdle = (): void => {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = null;
    const ms = store.get().idleExitMs;
    if (ms > 0 && !hasJobs) idleTimer = setTimeout(stop, ms);
  };

  const engine: SysupdateEngine = new SysupdateEngine(store, api, {
    exportJob(job) {
      const iface = new JobInterface(engine, job);
      jobObjects.set(job.path, iface);
      bus.export(job.path, iface);
    },
    unexportJob(job) {
      const iface = jobObjects.get(job.path);
      jobObjects.delete(job.path);
      if (iface) bus.unexport(job.path, iface);
    },
    progressChanged(job) {
      const iface = jobObjects.get(job.path);
      if (iface)
        dbus.interface.Interface.emitPropertiesChanged(iface, { Progress: job.progress }, []);
    },
    jobRemoved(id, path, status) {
      manager?.JobRemoved(id, path, status);
    },
    busyChanged(busy) {
      hasJobs = busy;
      armIdle();
    },
  });

  const objects: Record<string, GuardedObject> = {
    [SYSUPDATE.managerPath]: {
      interfaces: { [SYSUPDATE.managerInterface]: table(MANAGER_METHODS) },
    },
    [SYSUPDATE.hostPath]: {
      interfaces: {
        [SYSUPDATE.targetInterface]: Object.fromEntries(
          TARGET_METHODS[api].map((m) => [m.name, m.in]),
        ),
      },
    },
  };
  installSdBusGuard(bus, {
    owns: (path) => path === TREE || path.startsWith(`${TREE}/`),
    objectAt: (path) => {
      armIdle();
      if (jobObjects.has(path)) return { interfaces: { [SYSUPDATE.jobInterface]: { Cancel: '' } } };
      return objects[path] ?? null;
    },
    constProperties: (path) =>
      path === SYSUPDATE.hostPath
        ? ['Class', 'Name', 'Path']
        : jobObjects.has(path)
          ? ['Id', 'Type', 'Offline']
          : [],
  });

  manager = new ManagerInterface(engine);
  bus.export(SYSUPDATE.managerPath, manager);
  bus.export(SYSUPDATE.hostPath, createTarget(api, engine));
  const reply = await bus.requestName(SYSUPDATE.name, dbus.NameFlag.DO_NOT_QUEUE);
  if (
    reply !== dbus.RequestNameReply.PRIMARY_OWNER &&
    reply !== dbus.RequestNameReply.ALREADY_OWNER
  ) {
    throw new Error(`could not own ${SYSUPDATE.name} (reply ${reply})`);
  }
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  armIdle();
  await ended;
  engine.close();
  process.exit(0);
}
