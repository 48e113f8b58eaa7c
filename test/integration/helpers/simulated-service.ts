import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

import dbus from 'dbus-next';

import { BusConnection } from '../../../electron/backends/dbus/connection';
import { startPrivateBus, type PrivateBus } from '../../../electron/demo/private-bus';
import { waitForProcessesGone } from '../../../electron/demo/teardown';
import { simulatorScript } from '../../../electron/hosts/paths';

export interface SimulatedService {
  bus: PrivateBus;
  conn: BusConnection;
  stateFile: string;
  /** `busctl --address=<bus> …` (a client we did not write); resolves with stdout. */
  busctl(...args: string[]): Promise<string>;
  /** Like busctl(), but resolves with the error text when busctl fails. */
  busctlError(...args: string[]): Promise<string>;
  stop(): Promise<void>;
}

const run = promisify(execFile);

/**
 * A private system bus that activates one simulator (`simulator <name> --state DIR …`), with its
 * state file written first so the scenario is fixed before the service starts.
 */
export async function startSimulatedService(options: {
  dir: string;
  busName: string;
  simulator: string;
  args?: string[];
  stateFileName: string;
  state: unknown;
}): Promise<SimulatedService> {
  const stateDir = join(options.dir, 'state');
  await mkdir(stateDir, { recursive: true });
  const stateFile = join(stateDir, options.stateFileName);
  await writeFile(stateFile, JSON.stringify(options.state, null, 2));
  const busDir = join(options.dir, 'bus');
  const exec = [
    process.execPath,
    simulatorScript(),
    options.simulator,
    '--state',
    stateDir,
    ...(options.args ?? []),
  ].join(' ');
  const bus = await startPrivateBus({
    kind: 'system',
    dir: busDir,
    services: [{ name: options.busName, exec }],
    env: { DBUS_SYSTEM_BUS_ADDRESS: `unix:path=${join(busDir, 'bus')}` },
  });
  const saved = process.env.DBUS_SYSTEM_BUS_ADDRESS;
  process.env.DBUS_SYSTEM_BUS_ADDRESS = bus.address;
  const conn = new BusConnection('system');
  conn.get();
  if (saved === undefined) delete process.env.DBUS_SYSTEM_BUS_ADDRESS;
  else process.env.DBUS_SYSTEM_BUS_ADDRESS = saved;
  const busctl = async (...args: string[]): Promise<string> =>
    (await run('busctl', [`--address=${bus.address}`, ...args], { timeout: 15_000 })).stdout;
  return {
    bus,
    conn,
    stateFile,
    busctl,
    busctlError: (...args) =>
      busctl(...args).then(
        (out) => `unexpected success: ${out}`,
        (err: unknown) => String((err as { stderr?: unknown }).stderr ?? err),
      ),
    async stop() {
      conn.close();
      await bus.stop();
      await waitForProcessesGone([bus.pid]);
    },
  };
}

/** Waits for one signal matching `match` (with a bounded timeout); subscribe before acting. */
export function nextSignal(
  conn: BusConnection,
  match: { path?: string; interface: string; member: string },
  accept: (body: unknown[]) => boolean = () => true,
  timeoutMs = 10_000,
): { promise: Promise<unknown[]>; ready: Promise<void> } {
  const bus = conn.get();
  const rule = [
    `type='signal'`,
    `interface='${match.interface}'`,
    `member='${match.member}'`,
    match.path ? `path='${match.path}'` : '',
  ]
    .filter(Boolean)
    .join(',');
  let onMessage: ((msg: dbus.Message) => void) | undefined;
  const promise = new Promise<unknown[]>((resolve, reject) => {
    const timer = setTimeout(() => {
      if (onMessage) bus.off('message', onMessage);
      reject(new Error(`no ${match.interface}.${match.member} within ${timeoutMs} ms`));
    }, timeoutMs);
    onMessage = (msg) => {
      if (
        msg.type !== dbus.MessageType.SIGNAL ||
        msg.interface !== match.interface ||
        msg.member !== match.member
      )
        return;
      if (match.path && msg.path !== match.path) return;
      if (!accept(msg.body)) return;
      clearTimeout(timer);
      if (onMessage) bus.off('message', onMessage);
      resolve(msg.body);
    };
    bus.on('message', onMessage);
  });
  const ready = bus
    .call(
      new dbus.Message({
        destination: 'org.freedesktop.DBus',
        path: '/org/freedesktop/DBus',
        interface: 'org.freedesktop.DBus',
        member: 'AddMatch',
        signature: 's',
        body: [rule],
      }),
    )
    .then(() => undefined);
  return { promise, ready };
}

/** "direction type" of each argument of one method in introspection XML. */
export function methodArgs(xml: string, name: string): string[] | null {
  const match = new RegExp(`<method name="${name}"(?:/>|>([\\s\\S]*?)</method>)`).exec(xml);
  if (!match) return null;
  return [...(match[1] ?? '').matchAll(/<arg ([^>]*)\/>/g)].map(([, attrs]) => {
    const direction = /direction="(\w+)"/.exec(attrs ?? '')?.[1] ?? 'in';
    const type = /type="([^"]+)"/.exec(attrs ?? '')?.[1] ?? '?';
    return `${direction} ${type}`;
  });
}

/** Names of the methods of one interface in introspection XML. */
export function interfaceMembers(
  xml: string,
  iface: string,
  kind: 'method' | 'signal' | 'property',
): string[] {
  const body =
    new RegExp(`<interface name="${iface.replace(/\./g, '\\.')}">([\\s\\S]*?)</interface>`).exec(
      xml,
    )?.[1] ?? '';
  return [...body.matchAll(new RegExp(`<${kind} name="([^"]+)"`, 'g'))]
    .map((m) => m[1] ?? '')
    .sort();
}
