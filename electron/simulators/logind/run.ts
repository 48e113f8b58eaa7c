import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import dbus from 'dbus-next';

import { BootLoader } from './boot-loader';
import { LogindManager, type LogindState } from './manager';

const BUS_NAME = 'org.freedesktop.login1';
const OBJECT_PATH = '/org/freedesktop/login1';

function loadState(file: string): LogindState {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LogindState>;
    return {
      scheduled: parsed.scheduled ?? null,
      reboots: parsed.reboots ?? [],
      inhibitors: parsed.inhibitors ?? [],
      deny: parsed.deny === true,
    };
  } catch {
    return { scheduled: null, reboots: [] };
  }
}

function saver(file: string, state: LogindState): () => void {
  return () => {
    // Temp name + rename, so a reader never sees half a file.
    writeFileSync(`${file}.tmp`, JSON.stringify(state, null, 2));
    renameSync(`${file}.tmp`, file);
  };
}

/**
 * The logind simulator: `simulator logind --state DIR`. Started by a private system bus through
 * D-Bus activation (DBUS_STARTER_ADDRESS), owns org.freedesktop.login1, keeps its schedule in DIR.
 */
export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { state: { type: 'string' } }, strict: true });
  if (values.state === undefined) throw new Error('--state DIR is required');
  mkdirSync(values.state, { recursive: true });
  const file = join(values.state, 'logind.json');
  const state = loadState(file);
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
  bus.export(
    OBJECT_PATH,
    new LogindManager(state, saver(file, state), new BootLoader(values.state)),
  );
  const reply = await bus.requestName(BUS_NAME, dbus.NameFlag.DO_NOT_QUEUE);
  if (reply !== dbus.RequestNameReply.PRIMARY_OWNER)
    throw new Error(`could not own ${BUS_NAME} (reply ${reply})`);
}
