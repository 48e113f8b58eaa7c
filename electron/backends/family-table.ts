import type { SystemFamily } from '../../shared/schemas/status';
import type { SystemFacts } from '../core/family/probe';
import type { FamilyAdapters } from '../core/ports/family';
import { UnavailableRestorePoints } from '../core/restore-points/unavailable';
import type { BusConnections } from './dbus/connection';
import { RpmOstreeRestorePoints } from './restore-points/rpm-ostree';
import { SnapperTukitRestorePoints } from './restore-points/snapper-tukit';
import type { SnapperDBusAdapter } from './snapper/adapter';

/** What every family's adapters may be built from. */
export interface FamilyDeps {
  conns: BusConnections;
  snapper: SnapperDBusAdapter;
}

type Row = (facts: SystemFacts, deps: FamilyDeps) => FamilyAdapters;

/**
 * THE family table: family → the adapter answering each capability port. Chosen once at start
 * from detection; the core and the view never ask which service answers. The sysupdate row
 * says "not available yet" until its adapter lands.
 */
export const FAMILY_TABLE: Readonly<Record<SystemFamily, Row>> = {
  'suse-transactional': (facts, deps) => ({
    restorePoints: new SnapperTukitRestorePoints(deps.snapper, deps.conns.system, facts.rootConfig),
  }),
  ostree: (_facts, deps) => ({ restorePoints: new RpmOstreeRestorePoints(deps.conns.system) }),
  sysupdate: () => ({
    restorePoints: new UnavailableRestorePoints(
      'restore-points-not-yet',
      'sysupdate adapter not built yet',
    ),
  }),
  generic: () => ({ restorePoints: new UnavailableRestorePoints('restore-points-none') }),
};

export function chooseAdapters(facts: SystemFacts, deps: FamilyDeps): FamilyAdapters {
  return FAMILY_TABLE[facts.family](facts, deps);
}
