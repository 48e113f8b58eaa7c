import type { SystemFamily } from '../../shared/schemas/status';
import type { KairnEnvironment } from '../core/env';
import { isSuseLike } from '../core/family/detect';
import type { SystemFacts } from '../core/family/probe';
import type { FamilyAdapters } from '../core/ports/family';
import type { FileSystemPort } from '../core/ports/file-system';
import { UnavailableRestorePoints } from '../core/restore-points/unavailable';
import { NO_RESTART_DETECTION, UnavailableUpdates } from '../core/updates/unavailable';
import type { BusConnections } from './dbus/connection';
import { KdeLinuxEditions } from './editions/kde-linux';
import { NoEditions } from './editions/none';
import { RpmOstreeEditions } from './editions/rpm-ostree-editions';
import { OstreeRestartDetection } from './restart-detection/ostree';
import { SuseRestartDetection } from './restart-detection/suse';
import { SysupdateRestartDetection } from './restart-detection/sysupdate';
import { RpmOstreeRestorePoints } from './restore-points/rpm-ostree';
import { SnapperTukitRestorePoints } from './restore-points/snapper-tukit';
import { SysupdateRestorePoints } from './restore-points/sysupdate';
import type { SnapperDBusAdapter } from './snapper/adapter';
import { SysupdateHostTarget } from './sysupdate/host-target';
import { RpmOstreeUpdates } from './updates/rpm-ostree';
import { lastSuseUpdate, SUSE_UPDATES_DETAIL } from './updates/suse-last';
import { SysupdateUpdates } from './updates/sysupdate';

/** What every family's adapters may be built from. */
export interface FamilyDeps {
  conns: BusConnections;
  snapper: SnapperDBusAdapter;
  /** Where system files are read (KAIRN_SYSROOT, KAIRN_OS_RELEASE) and how. */
  env: KairnEnvironment;
  fs: Pick<FileSystemPort, 'readFile' | 'lstat'>;
}

type Row = (facts: SystemFacts, deps: FamilyDeps) => FamilyAdapters;

/**
 * THE family table: family → the adapter answering each capability port. Chosen once at start
 * from detection; the core and the view never ask which service answers.
 */
export const FAMILY_TABLE: Readonly<Record<SystemFamily, Row>> = {
  'suse-transactional': (facts, deps) => {
    const points = new SnapperTukitRestorePoints(deps.snapper, deps.conns.system, facts.rootConfig);
    return {
      restorePoints: points,
      editions: new NoEditions(facts.osRelease),
      restartDetection: new SuseRestartDetection(deps.fs, deps.env, points),
      updates: new UnavailableUpdates('updates-need-admin', SUSE_UPDATES_DETAIL, (signal) =>
        lastSuseUpdate(points, signal),
      ),
    };
  },
  ostree: (facts, deps) => {
    const points = new RpmOstreeRestorePoints(deps.conns.system);
    return {
      restorePoints: points,
      editions: new RpmOstreeEditions({
        conn: deps.conns.system,
        fs: deps.fs,
        env: deps.env,
        systemName: facts.osRelease.name,
      }),
      restartDetection: new OstreeRestartDetection(points, deps.fs, deps.env),
      updates: new RpmOstreeUpdates(deps.conns.system, points, deps.fs, deps.env),
    };
  },
  sysupdate: (facts, deps) => {
    const points = new SysupdateRestorePoints({
      conn: deps.conns.system,
      fs: deps.fs,
      env: deps.env,
    });
    return {
      restorePoints: points,
      editions: new KdeLinuxEditions(facts.osRelease),
      restartDetection: new SysupdateRestartDetection(
        new SysupdateHostTarget(deps.conns.system),
        deps.fs,
        deps.env,
        points,
      ),
      updates: new SysupdateUpdates(deps.conns.system),
    };
  },
  generic: (facts, deps) => ({
    restorePoints: new UnavailableRestorePoints('restore-points-none'),
    editions: new NoEditions(facts.osRelease),
    // A SUSE system whose tukit and root snapper config cannot be seen (no system bus, say):
    // transactional-update's /run/reboot-needed still says a restart is due.
    restartDetection: isSuseLike(facts.osRelease)
      ? new SuseRestartDetection(
          deps.fs,
          deps.env,
          new UnavailableRestorePoints('restore-points-none'),
        )
      : NO_RESTART_DETECTION,
    updates: new UnavailableUpdates('updates-none'),
  }),
};

export function chooseAdapters(facts: SystemFacts, deps: FamilyDeps): FamilyAdapters {
  return FAMILY_TABLE[facts.family](facts, deps);
}
