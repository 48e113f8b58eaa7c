import type { CorePorts } from '../core/compose';
import type { BusConnections } from './dbus/connection';
import { FileManager1Adapter } from './file-manager/adapter';
import { LogindRestartAdapter } from './logind/adapter';
import { BusServiceNames } from './os/names';
import { RebootMgrAdapter } from './rebootmgr/adapter';
import { nodeProcesses } from './os/processes';
import { nodeFileSystem } from './restore-fs/node-fs';
import { KdeShutdownAdapter } from './session/kde-shutdown';
import { SnapperDBusAdapter } from './snapper/adapter';

/**
 * Fills the core's ports for a real machine (or the demo's private buses): system services on
 * the system bus, the file manager on the session bus, the restore engine on node:fs.
 */
export function createPorts(conns: BusConnections, sysRoot = '/'): CorePorts {
  return {
    snapper: new SnapperDBusAdapter(conns.system),
    names: new BusServiceNames(conns.system),
    restart: new LogindRestartAdapter(conns.system),
    sessionShutdown: new KdeShutdownAdapter(conns.session),
    rebootManager: new RebootMgrAdapter(conns.system, sysRoot),
    fileManager: new FileManager1Adapter(conns.session),
    fs: nodeFileSystem,
    processes: nodeProcesses,
  };
}
