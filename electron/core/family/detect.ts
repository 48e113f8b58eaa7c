import type { OsReleaseInfo, ServiceState, SystemFamily } from '../../../shared/schemas/status';
import { SYSTEM_FILES } from '../system/sysroot';

/** What detection looks at: os-release plus capabilities actually present on this machine. */
export interface FamilyFacts {
  osRelease: OsReleaseInfo;
  /** State of org.opensuse.tukit on the system bus. */
  tukit: ServiceState;
  /** State of org.projectatomic.rpmostree1 on the system bus. */
  rpmOstree: ServiceState;
  /** State of org.freedesktop.sysupdate1 on the system bus. */
  sysupdate: ServiceState;
  /** /run/ostree-booted exists (the system was booted from an ostree deployment). */
  ostreeBooted: boolean;
  /** snapper has a config for the root file system ("/"). */
  snapperRootConfig: boolean;
}

/** The flag file ostree-prepare-root leaves behind on every ostree boot. */
export const OSTREE_BOOTED_PATH = SYSTEM_FILES.ostreeBooted;

function present(state: ServiceState): boolean {
  return state !== 'missing';
}

export function isSuseLike(os: OsReleaseInfo): boolean {
  const ids = [os.id, ...os.idLike];
  return ids.some((id) => id === 'suse' || id === 'opensuse' || id.startsWith('opensuse-'));
}

/**
 * Classifies by capability, not by name (reference §9): tukit, or a SUSE system whose root
 * is under snapper → transactional; an ostree boot or rpm-ostree → ostree; sysupdate → sysupdate.
 * os-release names only break ties where the capability cannot be seen (KDE Linux before sysupdated starts).
 */
export function detectFamily(facts: FamilyFacts): SystemFamily {
  if (present(facts.tukit) || (isSuseLike(facts.osRelease) && facts.snapperRootConfig))
    return 'suse-transactional';
  if (present(facts.rpmOstree) || facts.ostreeBooted) return 'ostree';
  if (present(facts.sysupdate) || facts.osRelease.id === 'kde-linux') return 'sysupdate';
  return 'generic';
}

/** A plain label for people: the system's own PRETTY_NAME, else NAME, else "Linux". */
export function familyLabel(os: OsReleaseInfo): string {
  const label = (os.fields.PRETTY_NAME ?? os.fields.NAME ?? '').trim();
  return label === '' ? 'Linux' : label;
}
