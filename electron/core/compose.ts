import { createDispatch, type Dispatch } from './api/dispatch';
import { EventBus } from './api/events';
import { createHandlers } from './api/handlers';
import { AppearanceServiceImpl } from './desktop/appearance';
import { DesktopServiceImpl } from './desktop/service';
import type { KairnEnvironment } from './env';
import { FilesServiceImpl } from './files/service';
import { JobRunner } from './jobs/job-runner';
import type { AppearancePort } from './ports/appearance';
import type { FileSystemPort } from './ports/file-system';
import type { ProcessesPort } from './ports/processes';
import type { SnapperPort } from './ports/snapper';
import type { FileManagerPort, FolderPickerPort, RestartPort, ServiceNamesPort } from './ports/system';
import { RestoreServiceImpl } from './restore/service';
import { SnapshotLocator } from './snapshots/locator';
import { SnapshotsServiceImpl } from './snapshots/service';
import { StatusServiceImpl } from './status/service';

/** Everything the core needs from the outside world; backends/compose.ts fills it for real systems. */
export interface CorePorts {
  snapper: SnapperPort;
  names: ServiceNamesPort;
  restart: RestartPort;
  fileManager: FileManagerPort;
  fs: FileSystemPort;
  processes: ProcessesPort;
  /** The host's own folder dialog (Electron only). */
  folderPicker?: FolderPickerPort | undefined;
  /** The desktop's light/dark choice (the XDG portal); without it the UI follows the browser. */
  appearance?: AppearancePort | undefined;
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
  const appearance = new AppearanceServiceImpl(ports.appearance, events);
  const services = {
    status: new StatusServiceImpl({ env, fs: ports.fs, snapper: ports.snapper, names: ports.names, restart: ports.restart }),
    snapshots,
    files,
    restore,
    desktop: new DesktopServiceImpl({ env, fs: ports.fs, fileManager: ports.fileManager, folderPicker: ports.folderPicker }),
    jobs,
    appearance,
  };
  const dispatch = createDispatch(createHandlers(services), log);
  return {
    dispatch,
    events,
    jobs,
    async shutdown() {
      stopWatch();
      appearance.close();
      await jobs.shutdown();
      await files.close();
    },
  };
}
