import { SYSTEM_FILES } from '../core/system/sysroot';
import { NEXT_START_DIFFERS } from '../core/status/restart-check';

/**
 * "Never a second notice where the system's own notifier already spoke."
 *
 * Kairn cannot see other programs' notifications (org.freedesktop.Notifications tells only the
 * sender about its own), so the rule is: where a notifier the system ships is active *and* it
 * announces this kind of pending restart, that notifier speaks and Kairn keeps quiet (its tray
 * icon stays). What each one announces, from their sources:
 *
 * - Plasma's Discover notifier (KDE/discover notifier/, bus name `org.kde.discover.notifier` from
 *   KDBusService: domain kde.org + component "discover.notifier"). Its rpm-ostree module (only
 *   where /run/ostree-booted exists) says "Restart is required" once a deployment for the new
 *   version is there: Kairn's staged-deployment flag. It stays silent when the person turned on
 *   unattended updates (PlasmaDiscoverUpdates [Global] UseUnattendedUpdates=true). It has no
 *   module for transactional-update or sysupdate, and its PackageKit module does not read
 *   /run/reboot-required.
 * - transactional-update-notifier (reference §2.7): with REBOOT_METHOD=notify, transactional-
 *   update hands the message to the per-user daemon listening on
 *   $XDG_RUNTIME_DIR/transactionalupdatenotification.socket, which notifies: the
 *   /run/reboot-needed flag.
 * - ublue-update (ublue-os/ublue-update, src/ublue_update/cli.py): with [notify] dbus_notify =
 *   true it says "System update complete, pending changes will take effect after reboot" after
 *   its own run staged a deployment. Its successor uupd only warns about failures and outdated
 *   images, never about a pending restart, so it does not count.
 * - KDE Linux (sysupdate): nothing announces a pending restart (logind's wall messages are off,
 *   Discover has no sysupdate notifier module), so Kairn always speaks there.
 *
 * "The next start differs" counts as covered only next to a covered flag (the same update seen
 * from the boot side); alone it is a rollback the person made, which no system notifier reports.
 */

export type SystemNotifierName = 'discover' | 'transactional-update-notifier' | 'ublue-update';

/** What the rule looks at; reads go through these so tests can plant any machine. */
export interface SystemNotifierProbe {
  /** Is this name owned on the session bus right now? */
  hasSessionName(name: string): Promise<boolean>;
  /** Does this path exist (system paths under KAIRN_SYSROOT, user paths as given)? */
  exists(path: string): Promise<boolean>;
  /** The file's text, or null when it cannot be read. */
  readText(path: string): Promise<string | null>;
  /** System paths are joined under the sysroot. */
  systemPath(path: string): string;
  /** $XDG_CONFIG_HOME (~/.config) and $XDG_RUNTIME_DIR (/run/user/<uid>), null when unknown. */
  configHome: string | null;
  runtimeDir: string | null;
}

export const DISCOVER_NOTIFIER_NAME = 'org.kde.discover.notifier';
export const TU_NOTIFIER_SOCKET = 'transactionalupdatenotification.socket';
/** Admin file first, then the distribution's defaults (the first that sets REBOOT_METHOD wins). */
export const TU_CONFIG_FILES = [
  '/etc/transactional-update.conf',
  '/usr/etc/transactional-update.conf',
  '/usr/share/transactional-update/transactional-update.conf',
];
export const UBLUE_UPDATE_BIN = '/usr/bin/ublue-update';
export const UBLUE_UPDATE_CONFIG = [
  '/etc/ublue-update/ublue-update.toml',
  '/usr/etc/ublue-update/ublue-update.toml',
];

/** The last value of KEY=value in a shell-style config (quotes and comments stripped). */
function shellValue(text: string, key: string): string | null {
  let value: string | null = null;
  for (const line of text.split('\n')) {
    const m = new RegExp(`^\\s*${key}\\s*=\\s*(.*?)\\s*(#.*)?$`).exec(line);
    if (m) value = (m[1] ?? '').replace(/^(["'])(.*)\1$/, '$2');
  }
  return value;
}

/** `dbus_notify = true` inside the [notify] table of a TOML file. */
function tomlNotifyOn(text: string): boolean | null {
  let table = '';
  let found: boolean | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) table = (header[1] ?? '').trim();
    const m = /^dbus_notify\s*=\s*(true|false)$/.exec(line);
    if (m && table === 'notify') found = m[1] === 'true';
  }
  return found;
}

async function firstSetting<T>(
  probe: SystemNotifierProbe,
  files: string[],
  read: (text: string) => T | null,
): Promise<T | null> {
  for (const file of files) {
    const text = await probe.readText(probe.systemPath(file));
    const value = text === null ? null : read(text);
    if (value !== null) return value;
  }
  return null;
}

async function discoverSpeaks(probe: SystemNotifierProbe): Promise<boolean> {
  if (!(await probe.exists(probe.systemPath(SYSTEM_FILES.ostreeBooted)))) return false;
  if (!(await probe.hasSessionName(DISCOVER_NOTIFIER_NAME))) return false;
  const settings =
    probe.configHome === null
      ? null
      : await probe.readText(`${probe.configHome}/PlasmaDiscoverUpdates`);
  // Unattended updates: Discover deliberately does not ask for a restart.
  return settings === null || shellValue(settings, 'UseUnattendedUpdates') !== 'true';
}

async function tuNotifierSpeaks(probe: SystemNotifierProbe): Promise<boolean> {
  if (probe.runtimeDir === null) return false;
  if (!(await probe.exists(`${probe.runtimeDir}/${TU_NOTIFIER_SOCKET}`))) return false;
  const method = await firstSetting(probe, TU_CONFIG_FILES, (t) => shellValue(t, 'REBOOT_METHOD'));
  return method === 'notify';
}

async function ublueUpdateSpeaks(probe: SystemNotifierProbe): Promise<boolean> {
  if (!(await probe.exists(probe.systemPath(UBLUE_UPDATE_BIN)))) return false;
  return (await firstSetting(probe, UBLUE_UPDATE_CONFIG, tomlNotifyOn)) === true;
}

/** Which restart reasons each notifier announces (its flag: the staged deployment, /run/reboot-needed). */
const COVERS: Record<
  SystemNotifierName,
  { reasons: readonly string[]; speaks: typeof discoverSpeaks }
> = {
  discover: { reasons: ['staged-deployment'], speaks: discoverSpeaks },
  'transactional-update-notifier': {
    reasons: ['reboot-needed', 'soft-reboot-needed', 'kexec-needed'],
    speaks: tuNotifierSpeaks,
  },
  'ublue-update': { reasons: ['staged-deployment'], speaks: ublueUpdateSpeaks },
};

/**
 * The system notifier that announces this pending restart, or null when Kairn must. Every reason
 * must be covered: one the system's notifiers do not announce is news only Kairn brings.
 */
export async function systemNotifierFor(
  reasons: readonly string[],
  probe: SystemNotifierProbe,
): Promise<SystemNotifierName | null> {
  const flags = reasons.filter((r) => r !== NEXT_START_DIFFERS);
  if (flags.length === 0) return null;
  let speaker: SystemNotifierName | null = null;
  for (const flag of flags) {
    let covered = false;
    for (const [name, rule] of Object.entries(COVERS) as [
      SystemNotifierName,
      (typeof COVERS)[SystemNotifierName],
    ][]) {
      if (!rule.reasons.includes(flag)) continue;
      const speaks = await rule.speaks(probe).catch(() => false);
      if (speaks) {
        covered = true;
        speaker ??= name;
        break;
      }
    }
    if (!covered) return null;
  }
  return speaker;
}
