import dbus from 'dbus-next';

import {
  SNAPPER,
  SNAPPER_ERROR,
  SNAPPER_ERROR_TEXT,
  SNAPPER_METHODS,
} from '../../backends/snapper/proxy';
import { ClientRegistry } from './clients';
import { SnapperEngine } from './engine';
import { SnapperInterface } from './service';
import { SnapperStore } from './store';

const DBUS = {
  destination: 'org.freedesktop.DBus',
  path: '/org/freedesktop/DBus',
  interface: 'org.freedesktop.DBus',
};

function parseArgs(args: string[]): { state: string } {
  const index = args.indexOf('--state');
  const state = index >= 0 ? args[index + 1] : undefined;
  if (!state) throw new Error('usage: simulator snapper --state DIR');
  return { state };
}

async function busCall(
  bus: dbus.MessageBus,
  member: string,
  signature: string,
  body: unknown[],
): Promise<unknown[]> {
  const reply = await bus.call(new dbus.Message({ ...DBUS, member, signature, body }));
  return (reply?.body ?? []) as unknown[];
}

/** Caller uid from the bus (like snapperd), cached per unique name until it disconnects. */
function uidLookup(bus: dbus.MessageBus): {
  uidOf(sender: string): Promise<number>;
  forget(sender: string): void;
} {
  const cache = new Map<string, Promise<number>>();
  return {
    uidOf(sender) {
      let uid = cache.get(sender);
      if (!uid) {
        uid = busCall(bus, 'GetConnectionUnixUser', 's', [sender]).then(([value]) => Number(value));
        uid.catch(() => cache.delete(sender));
        cache.set(sender, uid);
      }
      return uid;
    },
    forget: (sender) => void cache.delete(sender),
  };
}

/**
 * snapperd answers unknown members with error.unknown_method and wrong signatures with
 * error.dbus.marshalling (probed); dbus-next alone would say org.freedesktop.DBus.Error.UnknownMethod.
 */
function guardCalls(bus: dbus.MessageBus, iface: SnapperInterface): void {
  const methods: Record<string, { in: string }> = SNAPPER_METHODS;
  bus.addMethodHandler((msg: dbus.Message): boolean => {
    if (msg.path !== SNAPPER.path || msg.interface !== SNAPPER.interface) return false;
    const known = methods[msg.member];
    const error = !known
      ? SNAPPER_ERROR.unknownMethod
      : // dbus-next leaves signature undefined on a call without arguments, though it types it string.
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
        known.in !== (msg.signature ?? '')
        ? SNAPPER_ERROR.marshalling
        : null;
    if (error) {
      bus.send(dbus.Message.newError(msg as unknown as string, error, SNAPPER_ERROR_TEXT));
      return true;
    }
    iface.noteSender(msg.sender);
    return false;
  });
}

/** Drops per-client state (comparisons, mounts, pipe descriptors) when a client leaves the bus. */
async function watchClients(bus: dbus.MessageBus, onGone: (name: string) => void): Promise<void> {
  bus.on('message', (msg: dbus.Message) => {
    if (
      msg.type !== dbus.MessageType.SIGNAL ||
      msg.member !== 'NameOwnerChanged' ||
      msg.interface !== DBUS.interface
    )
      return;
    const [name, , owner] = msg.body as [string, string, string];
    if (name.startsWith(':') && owner === '') onGone(name);
  });
  await busCall(bus, 'AddMatch', 's', [
    `type='signal',sender='${DBUS.destination}',member='NameOwnerChanged'`,
  ]);
}

/** Resolves when the bus connection ends (the simulator then exits, like a service losing its bus). */
function closed(bus: dbus.MessageBus): Promise<void> {
  return new Promise((resolve) => {
    bus.on('error', () => resolve());
    const stream = (bus as unknown as { _connection?: NodeJS.EventEmitter })._connection;
    stream?.on('end', () => resolve());
  });
}

/** `simulator snapper --state DIR`: owns org.opensuse.Snapper on the system bus (DBUS_SYSTEM_BUS_ADDRESS). */
export async function run(args: string[]): Promise<void> {
  const { state } = parseArgs(args);
  // Never the machine's own system bus: the simulator only ever serves a private one.
  if (!process.env.DBUS_SYSTEM_BUS_ADDRESS)
    throw new Error('DBUS_SYSTEM_BUS_ADDRESS must name a private bus');
  const bus = dbus.systemBus({ negotiateUnixFd: true });
  const ended = closed(bus);
  const uids = uidLookup(bus);
  let iface: SnapperInterface | null = null;
  const engine = new SnapperEngine(new SnapperStore(state), new ClientRegistry(), (name, values) =>
    iface?.signal(name, values),
  );
  iface = new SnapperInterface(engine, (sender) => uids.uidOf(sender));
  guardCalls(bus, iface);
  await watchClients(bus, (name) => {
    uids.forget(name);
    engine.dropClient(name);
  });
  bus.export(SNAPPER.path, iface);
  const reply = await bus.requestName(SNAPPER.destination, dbus.NameFlag.DO_NOT_QUEUE);
  if (
    reply !== dbus.RequestNameReply.PRIMARY_OWNER &&
    reply !== dbus.RequestNameReply.ALREADY_OWNER
  ) {
    throw new Error(`could not own ${SNAPPER.destination} (reply ${reply})`);
  }
  const stop = (): void => {
    engine.close();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  await ended;
  engine.close();
  process.exit(0);
}
