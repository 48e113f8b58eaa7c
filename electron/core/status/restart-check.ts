import type { OsReleaseInfo, SystemFamily } from '../../../shared/schemas/status';
import type { FileSystemPort } from '../ports/file-system';
import { SYSTEM_FILES, systemPath } from '../system/sysroot';

/**
 * Whether the system waits for a restart, from the flag files the update tools leave in /run.
 * Until the updates area lands this is all Kairn knows; where a family has no such file, the
 * answer is "not checked" rather than a reassuring guess.
 */

/** Flag files that mean "an installed update takes effect at the next restart". */
export const RESTART_FLAGS = {
  /** transactional-update (openSUSE Aeon/Kalpa/MicroOS) and zypper's needs-rebooting. */
  suse: SYSTEM_FILES.rebootNeeded,
  /** update-notifier / unattended-upgrades on Debian and Ubuntu. */
  debian: SYSTEM_FILES.rebootRequired,
  /** libostree's record of a staged deployment (rpm-ostree, bootc), finalized at shutdown. */
  ostree: SYSTEM_FILES.ostreeStaged,
} as const;

/** Reason word when the next start uses another restore point than the running one. */
export const NEXT_START_DIFFERS = 'next-start-differs';

export interface RestartCheck {
  /** False when nothing on this system could be looked at: then `required` means nothing. */
  checked: boolean;
  required: boolean;
  /** The flag files found, for the helper's Details. */
  reasons: string[];
}

function isDebianLike(os: OsReleaseInfo): boolean {
  return [os.id, ...os.idLike].some((id) => id === 'debian' || id === 'ubuntu');
}

/** The flag files that say something on this family; an absent one then means "no restart waiting". */
function flagsFor(family: SystemFamily, os: OsReleaseInfo): string[] {
  if (family === 'suse-transactional') return [RESTART_FLAGS.suse];
  if (family === 'ostree') return [RESTART_FLAGS.ostree];
  if (family === 'generic' && isDebianLike(os)) return [RESTART_FLAGS.debian];
  // KDE Linux (sysupdate) leaves no flag file: the updates area will ask systemd-sysupdate.
  return [];
}

async function present(fs: Pick<FileSystemPort, 'lstat'>, path: string): Promise<boolean> {
  return fs.lstat(path).then(
    () => true,
    () => false,
  );
}

/** Looks at every known flag file under `sysRoot` (KAIRN_SYSROOT, "/" normally). */
export async function checkRestart(
  fs: Pick<FileSystemPort, 'lstat'>,
  sysRoot: string,
  family: SystemFamily,
  os: OsReleaseInfo,
): Promise<RestartCheck> {
  const all = Object.values(RESTART_FLAGS);
  const found = await Promise.all(all.map((flag) => present(fs, systemPath({ sysRoot }, flag))));
  // A flag that is there counts on any system: some tool said so.
  const reasons = all.filter((_, i) => found[i]);
  if (reasons.length > 0) return { checked: true, required: true, reasons };
  return { checked: flagsFor(family, os).length > 0, required: false, reasons: [] };
}
