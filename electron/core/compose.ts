import { createDispatch, type Dispatch } from './api/dispatch';
import { EventBus } from './api/events';
import { createHandlers } from './api/handlers';
import { DesktopServiceImpl } from './desktop/service';
import type { KairnEnvironment } from './env';
import { FilesServiceImpl } from './files/service';
import { JobRunner } from './jobs/job-runner';
import type { FileSystemPort } from './ports/file-system';
import type { ProcessesPort } from './ports/processes';
import type { SnapperPort } from './ports/snapper';
import type { RebootManagerPort, SessionShutdownPort } from './ports/restart';
import type { FileManagerPort, FolderPickerPort, RestartPort, ServiceNamesPort } from './ports/system';
import { RestartServiceImpl } from './restart/service';
import { RestoreServiceImpl } from './restore/service';
import { SnapshotLocator } from './snapshots/locator';
import { SnapshotsServiceImpl } from './snapshots/service';
import { StatusServiceImpl } from './status/service';

/** Everything the core needs from the outside world; backends/compose.ts fills it for real systems. */
export interface CorePorts {
  snapper: SnapperPort;
  names: ServiceNamesPort;
  restart: RestartPort;
  /** The desktop session's logout-and-restart (org.kde.Shutdown), so apps can save. */
  sessionShutdown: SessionShutdownPort;
  rebootManager: RebootManagerPort;
  fileManager: FileManagerPort;
  fs: FileSystemPort;
  processes: ProcessesPort;
  /** The host's own folder dialog (Electron only). */
  folderPicker?: FolderPickerPort | undefined;
}

export interface Core {
  dispatch: Dispatch;
  events: EventBus;
  jobs: JobRunner;
  shutdown(): Promise<void>;
}

/** The composition root of the core: wires services to ports. Hosts call this once. */
export function createCore(env: KairnEnvironment, ports: CorePorts, log: (line: string) => void = () => {}): Core {
  const events = new EventBus();
  const jobs = new JobRunner(events, log);
  const locator = new SnapshotLocator(ports.snapper);
  const stopWatch = ports.snapper.watch((event) => {
    if (event.kind === 'snapshots-changed') events.emit('snapshots.changed', { config: event.config });
  });
  const snapshots = new SnapshotsServiceImpl({ env, fs: ports.fs, snapper: ports.snapper, locator });
  const files = new FilesServiceImpl({ env, snapper: ports.snapper, locator, jobs, events, fs: ports.fs });
  const restore = new RestoreServiceImpl({ env, locator, jobs, fs: ports.fs, snapper: ports.snapper, processes: ports.processes, log });
  // Whatever host starts: what a killed restore left, and replaced versions past their time, go now.
  void restore.sweepLeftovers();
  const status = new StatusServiceImpl({ env, fs: ports.fs, snapper: ports.snapper, names: ports.names, restart: ports.restart });
  const restart = new RestartServiceImpl({
    env,
    fs: ports.fs,
    status,
    logind: ports.restart,
    session: ports.sessionShutdown,
    rebootManager: ports.rebootManager,
  });
  const services = {
    status,
    restart,
    snapshots,
    files,
    restore,
    desktop: new DesktopServiceImpl({ env, fs: ports.fs, fileManager: ports.fileManager, folderPicker: ports.folderPicker }),
    jobs,
  };
  const dispatch = createDispatch(createHandlers(services), log);
  return {
    dispatch,
    events,
    jobs,
    async shutdown() {
      stopWatch();
      await jobs.shutdown();
      await files.close();
    },
  };
}
