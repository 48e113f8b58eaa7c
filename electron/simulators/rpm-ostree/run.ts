import { access, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import dbus from 'dbus-next';

import { Daemon } from './daemon';
import { seedRpmOstreeState } from './seed';
import { loadState, saveState, STATE_FILE } from './state';

const BUS_NAME = 'org.projectatomic.rpmostree1';

/**
 * The rpm-ostree daemon simulator: `simulator rpm-ostree --state DIR`. Started by a private
 * system bus through D-Bus activation, owns org.projectatomic.rpmostree1, keeps its sysroot in
 * DIR/rpm-ostree.json (seeded with a Fedora Kinoite system when missing) and puts the
 * transaction socket in DIR.
 */
export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { state: { type: 'string' } }, strict: true });
  if (values.state === undefined) throw new Error('--state DIR is required');
  const dir = values.state;
  await mkdir(dir, { recursive: true });
  const file = join(dir, STATE_FILE);
  const exists = await access(file).then(
    () => true,
    () => false,
  );
  if (!exists) await saveState(file, seedRpmOstreeState());
  const state = await loadState(file);
  const busAddress = process.env.DBUS_STARTER_ADDRESS ?? process.env.DBUS_SYSTEM_BUS_ADDRESS;
  if (busAddress === undefined)
    throw new Error('no bus address (DBUS_STARTER_ADDRESS / DBUS_SYSTEM_BUS_ADDRESS)');
  const bus = dbus.sessionBus({ busAddress });
  // When the bus goes away there is nobody left to serve.
  bus.on('error', () => process.exit(0));
  const stop = (): void => {
    bus.disconnect();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  const daemon = new Daemon(state, dir, file, bus, stop);
  await daemon.start();
  const reply = await bus.requestName(BUS_NAME, dbus.NameFlag.DO_NOT_QUEUE);
  if (reply !== dbus.RequestNameReply.PRIMARY_OWNER)
    throw new Error(`could not own ${BUS_NAME} (reply ${reply})`);
}
