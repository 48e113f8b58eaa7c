import dbus from 'dbus-next';

import type { Daemon } from './daemon';
import { cachedUpdateCommit } from './model';
import type { Progress } from './transaction';

type Vardict = Record<string, dbus.Variant>;

/** The modes AutomaticUpdateTrigger's `mode` option takes (reference §4.3; `auto` = the daemon's policy). */
const MODES = ['auto', 'none', 'check', 'stage'] as const;
type Mode = (typeof MODES)[number];

function modeOf(options: Vardict): Mode {
  const v = options.mode;
  if (v === undefined) return 'auto';
  const raw: unknown = v.value;
  if (v.signature !== 's' || typeof raw !== 'string' || !(MODES as readonly string[]).includes(raw))
    throw new dbus.DBusError(
      'org.freedesktop.DBus.Error.InvalidArgs',
      `Invalid value for mode: ${String(raw)}`,
    );
  return raw as Mode;
}

/**
 * OS.AutomaticUpdateTrigger(a{sv}) → (b enabled, s address), as rpmostreed-os.cxx answers it:
 * with no work to do (policy or mode `none`) it returns (false, "") and starts nothing;
 * otherwise a transaction that checks (mode check) or checks and stages (stage / apply policy).
 */
export async function automaticUpdateTrigger(
  daemon: Daemon,
  sender: string,
  osname: string,
  options: Vardict,
): Promise<[boolean, string]> {
  const requested = modeOf(options);
  const policy = requested === 'auto' ? daemon.state.config.automaticUpdatePolicy : requested;
  if (policy === 'none') return [false, ''];
  const mode = policy === 'check' ? 'check' : 'stage';
  const address = await daemon.osTransaction(
    sender,
    osname,
    { method: 'AutomaticUpdateTrigger', mode },
    [options],
  );
  return [true, address];
}

/** A check transaction's work: fetch the metadata, say what is new (OS.CachedUpdate then holds it). */
export async function checkWork(
  daemon: Daemon,
  osname: string,
  progress: Progress,
  step: () => Promise<void>,
): Promise<void> {
  progress.taskBegin('Receiving metadata objects');
  for (const percent of [0, 50, 100]) {
    progress.percent('Receiving metadata objects', percent);
    await step();
  }
  progress.progressEnd();
  progress.taskEnd('done');
  const update = cachedUpdateCommit(daemon.state, osname);
  progress.message(
    update ? `AvailableUpdate: Version: ${update.version}` : 'No updates available.',
  );
}
