/**
 * Why a restart is due, as the system itself says it (reference §1.10, §2.6, §4.7, §5.3). Each
 * reason is a stable word the view puts into a sentence; `source` is the technical fact behind it.
 */
export const RESTART_REASONS = [
  /** rpm-ostree: a deployment is staged and finalized at shutdown. */
  'staged-deployment',
  /** The next start uses another restore point than the running one (default ≠ booted / active). */
  'next-start-differs',
  /** transactional-update's /run/reboot-needed asks for a full restart. */
  'reboot-needed',
  /** …or only for a soft reboot (userspace restart) / kexec. */
  'soft-reboot-needed',
  'kexec-needed',
  /** systemd-sysupdate installed a newer version than the one running (GetVersion ≠ IMAGE_VERSION). */
  'newer-version-installed',
  /** The generic /run/reboot-required flag some tool left (Debian tools, kured, tukit's kured method). */
  'reboot-required',
] as const;
export type RestartReason = (typeof RESTART_REASONS)[number];

export interface RestartEvidence {
  reason: RestartReason;
  /** The technical fact ("/run/reboot-needed = reboot", "GetVersion() 2 ≠ IMAGE_VERSION 1"). */
  source: string;
  /** Since when it is so, where the system can tell (a flag file's time, a snapshot's date). */
  since: Date | null;
}

export interface RestartFindings {
  /** False when nothing on this system could be looked at: then no evidence means nothing. */
  checked: boolean;
  evidence: RestartEvidence[];
}

/** One per family (the family table): how this system says it waits for a restart. */
export interface RestartDetectionPort {
  detect(signal?: AbortSignal): Promise<RestartFindings>;
}
