import { parseArgs } from 'node:util';

import dbus from 'dbus-next';

import { busClosed, installSdBusGuard, type GuardedObject } from '../sd-bus/guard';
import {
  SNAPSHOT_METHODS,
  SnapshotInterface,
  TRANSACTION_METHODS,
  TransactionInterface,
  TUKIT,
  TukitEngine,
} from './service';
import { SnapperBackedTukitStore } from './snapper-backed';
import { TukitStore, type TukitStateStore } from './state';

const inputs = (methods: Readonly<Record<string, { in: string }>>): Record<string, string> =>
  Object.fromEntries(Object.entries(methods).map(([name, m]) => [name, m.in]));

/**
 * `simulator tukit --state DIR [--snapper-state DIR]`: tukitd (org.opensuse.tukit) on a private system bus
 * (DBUS_SYSTEM_BUS_ADDRESS), started by D-Bus activation, keeping its own root snapshot list.
 */
export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      state: { type: 'string' },
      'snapper-state': { type: 'string' },
      config: { type: 'string', default: 'root' },
    },
    strict: true,
  });
  if (values.state === undefined)
    throw new Error('usage: simulator tukit --state DIR [--snapper-state DIR [--config NAME]]');
  if (!process.env.DBUS_SYSTEM_BUS_ADDRESS)
    throw new Error('DBUS_SYSTEM_BUS_ADDRESS must name a private bus');
  // With --snapper-state, the snapshots are the snapper simulator's root config (as tukitd runs snapper).
  const snapperState = values['snapper-state'];
  const store: TukitStateStore =
    snapperState === undefined
      ? new TukitStore(values.state)
      : new SnapperBackedTukitStore(values.state, snapperState, values.config);
  const bus = dbus.systemBus();
  const ended = busClosed(bus);

  let transaction: TransactionInterface | null = null;
  const engine = new TukitEngine(store, {
    opened: (snapshot) =>
      bus.send(
        dbus.Message.newSignal(
          TUKIT.openedSignalPath,
          TUKIT.transactionInterface,
          'TransactionOpened',
          's',
          [snapshot],
        ),
      ),
    executed: (snapshot, code, output) => transaction?.CommandExecuted(snapshot, code, output),
    error: (snapshot, code, message) => transaction?.Error(snapshot, code, message),
  });

  const objects: Record<string, GuardedObject> = {
    [TUKIT.transactionPath]: {
      interfaces: { [TUKIT.transactionInterface]: inputs(TRANSACTION_METHODS) },
    },
    [TUKIT.snapshotPath]: { interfaces: { [TUKIT.snapshotInterface]: inputs(SNAPSHOT_METHODS) } },
  };
  installSdBusGuard(bus, {
    owns: (path) => path === TUKIT.transactionPath || path === TUKIT.snapshotPath,
    objectAt: (path) => objects[path] ?? null,
  });

  transaction = new TransactionInterface(engine);
  bus.export(TUKIT.transactionPath, transaction);
  bus.export(TUKIT.snapshotPath, new SnapshotInterface(engine));
  const reply = await bus.requestName(TUKIT.name, dbus.NameFlag.DO_NOT_QUEUE);
  if (
    reply !== dbus.RequestNameReply.PRIMARY_OWNER &&
    reply !== dbus.RequestNameReply.ALREADY_OWNER
  ) {
    throw new Error(`could not own ${TUKIT.name} (reply ${reply})`);
  }
  const stop = (): void => {
    bus.disconnect();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  await ended;
  process.exit(0);
}
