import type { SystemFamily } from '../../shared/schemas/status';
import type { KairnEnvironment } from '../core/env';
import type { SystemFacts } from '../core/family/probe';
import type { FamilyAdapters } from '../core/ports/family';
import type { FileSystemPort } from '../core/ports/file-system';
import { UnavailableRestorePoints } from '../core/restore-points/unavailable';
import type { BusConnections } from './dbus/connection';
import { KdeLinuxEditions } from './editions/kde-linux';
import { NoEditions } from './editions/none';
import { RpmOstreeEditions } from './editions/rpm-ostree-editions';
import { RpmOstreeRestorePoints } from './restore-points/rpm-ostree';
import { SnapperTukitRestorePoints } from './restore-points/snapper-tukit';
import { SysupdateRestorePoints } from './restore-points/sysupdate';
import type { SnapperDBusAdapter } from './snapper/adapter';

/** What every family's adapters may be built from. */
export interface FamilyDeps {
  conns: BusConnections;
  snapper: SnapperDBusAdapter;
  /** Where system files are read (KAIRN_SYSROOT, KAIRN_OS_RELEASE) and how. */
  env: KairnEnvironment;
  fs: Pick<FileSystemPort, 'readFile'>;
}

type Row = (facts: SystemFacts, deps: FamilyDeps) => FamilyAdapters;

/**
 * THE family table: family → the adapter answering each capability port. Chosen once at start
 * from detection; the core and the view never ask which service answers.
 */
export const FAMILY_TABLE: Readonly<Record<SystemFamily, Row>> = {
  'suse-transactional': (facts, deps) => ({
    restorePoints: new SnapperTukitRestorePoints(deps.snapper, deps.conns.system, facts.rootConfig),
    editions: new NoEditions(facts.osRelease),
  }),
  ostree: (facts, deps) => ({
    restorePoints: new RpmOstreeRestorePoints(deps.conns.system),
    editions: new RpmOstreeEditions({
      conn: deps.conns.system,
      fs: deps.fs,
      env: deps.env,
      systemName: facts.osRelease.name,
    }),
  }),
  sysupdate: (facts, deps) => ({
    restorePoints: new SysupdateRestorePoints({
      conn: deps.conns.system,
      fs: deps.fs,
      env: deps.env,
    }),
    editions: new KdeLinuxEditions(facts.osRelease),
  }),
  generic: (facts) => ({
    restorePoints: new UnavailableRestorePoints('restore-points-none'),
    editions: new NoEditions(facts.osRelease),
  }),
};

export function chooseAdapters(facts: SystemFacts, deps: FamilyDeps): FamilyAdapters {
  return FAMILY_TABLE[facts.family](facts, deps);
}
