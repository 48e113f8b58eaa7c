import type { CorePorts } from '../core/compose';
import type { KairnEnvironment } from '../core/env';
import type { BusConnections } from './dbus/connection';
import { chooseAdapters } from './family-table';
import { FileManager1Adapter } from './file-manager/adapter';
import { LogindRestartAdapter } from './logind/adapter';
import { BusServiceNames } from './os/names';
import { journalctlReader } from './os/journal';
import { PortalAppearanceAdapter } from './portal/appearance';
import { RebootMgrAdapter } from './rebootmgr/adapter';
import { nodeProcesses } from './os/processes';
import { nodeFileSystem } from './restore-fs/node-fs';
import { KdeShutdownAdapter } from './session/kde-shutdown';
import { SnapperDBusAdapter } from './snapper/adapter';
import { SnapperUsedSpaceAdapter } from './snapper/used-space';
import { SystemdDBusAdapter } from './systemd/adapter';

/**
 * Fills the core's ports for a real machine (or the demo's private buses): system services on
 * the system bus, the file manager on the session bus, the restore engine on node:fs. Family
 * specific capabilities come from the family table once detection has run.
 */
export function createPorts(conns: BusConnections, env: KairnEnvironment): CorePorts {
  const snapper = new SnapperDBusAdapter(conns.system);
  return {
    fileHistory: snapper,
    names: new BusServiceNames(conns.system),
    restart: new LogindRestartAdapter(conns.system),
    sessionShutdown: new KdeShutdownAdapter(conns.session),
    rebootManager: new RebootMgrAdapter(conns.system, env.sysRoot ?? '/'),
    fileManager: new FileManager1Adapter(conns.session),
    fs: nodeFileSystem,
    processes: nodeProcesses,
    chooseAdapters: (facts) => chooseAdapters(facts, { conns, snapper, env, fs: nodeFileSystem }),
    systemd: new SystemdDBusAdapter(conns.system),
    snapshotSpace: new SnapperUsedSpaceAdapter(conns.system),
    journal: journalctlReader(),
    appearance: new PortalAppearanceAdapter(conns.session),
  };
}
