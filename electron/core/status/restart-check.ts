import type { OsReleaseInfo, SystemFamily } from '../../../shared/schemas/status';
import type { FileSystemPort } from '../ports/file-system';
import type {
  RestartDetectionPort,
  RestartEvidence,
  RestartFindings,
} from '../ports/restart-detection';
import { SYSTEM_FILES, systemPath } from '../system/sysroot';

/**
 * Whether the system waits for a restart: the family's own detection (the family table) plus
 * the generic /run/reboot-required, which counts on any system because some tool said so.
 */

/** The flag files restart detection reads (the Flatpak manifest must let them through, read-only). */
export const RESTART_FLAGS = {
  /** transactional-update (openSUSE Aeon/Kalpa/MicroOS), read by the family's detection. */
  suse: SYSTEM_FILES.rebootNeeded,
  /** update-notifier / unattended-upgrades / kured: counts on any system. */
  debian: SYSTEM_FILES.rebootRequired,
  /** libostree's record of a staged deployment (rpm-ostree, bootc). */
  ostree: SYSTEM_FILES.ostreeStaged,
} as const;

/** Reason word when the next start uses another restore point than the running one. */
export const NEXT_START_DIFFERS = 'next-start-differs';

export interface RestartCheck {
  /** False when nothing on this system could be looked at: then `required` means nothing. */
  checked: boolean;
  required: boolean;
  /** Reason words (RESTART_REASONS), each once, in the order found. */
  reasons: string[];
  /** What each reason rests on and since when, for "waiting since" and Details. */
  evidence: RestartEvidence[];
}

function isDebianLike(os: OsReleaseInfo): boolean {
  return [os.id, ...os.idLike].some((id) => id === 'debian' || id === 'ubuntu');
}

/** update-notifier, unattended-upgrades, kured, tukit's "kured" reboot method: /run/reboot-required. */
async function genericFlag(
  fs: Pick<FileSystemPort, 'lstat'>,
  sysRoot: string,
): Promise<RestartEvidence | null> {
  try {
    const stat = await fs.lstat(systemPath({ sysRoot }, SYSTEM_FILES.rebootRequired));
    return { reason: 'reboot-required', source: SYSTEM_FILES.rebootRequired, since: stat.mtime };
  } catch {
    return null;
  }
}

/** Asks the family's detection and the generic flag; a detection that fails counts as "not checked". */
export async function checkRestart(options: {
  fs: Pick<FileSystemPort, 'lstat'>;
  sysRoot: string;
  family: SystemFamily;
  os: OsReleaseInfo;
  detection: RestartDetectionPort | null;
  signal?: AbortSignal | undefined;
}): Promise<RestartCheck> {
  const { fs, sysRoot, family, os, detection, signal } = options;
  const [own, flag] = await Promise.all([
    detection
      ? detection.detect(signal).catch((): RestartFindings => ({ checked: false, evidence: [] }))
      : Promise.resolve<RestartFindings>({ checked: false, evidence: [] }),
    genericFlag(fs, sysRoot),
  ]);
  const evidence = flag ? [...own.evidence, flag] : own.evidence;
  const reasons = [...new Set(evidence.map((e) => e.reason))];
  const checked = own.checked || evidence.length > 0 || (family === 'generic' && isDebianLike(os));
  return { checked, required: evidence.length > 0, reasons, evidence };
}

/** The oldest known "since" of the evidence: how long the restart has been waiting. */
export function waitingSince(evidence: readonly RestartEvidence[]): Date | null {
  const times = evidence.flatMap((e) => (e.since ? [e.since.getTime()] : []));
  return times.length > 0 ? new Date(Math.min(...times)) : null;
}
