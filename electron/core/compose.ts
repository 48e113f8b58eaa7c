import { createDispatch, type Dispatch } from './api/dispatch';
import { EventBus } from './api/events';
import { createHandlers } from './api/handlers';
import { DesktopServiceImpl } from './desktop/service';
import type { KairnEnvironment } from './env';
import { FilesServiceImpl } from './files/service';
import { JobRunner } from './jobs/job-runner';
import type { FileSystemPort } from './ports/file-system';
import type { SnapperPort } from './ports/snapper';
import type { FileManagerPort, RestartPort, ServiceNamesPort } from './ports/system';
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
  const jobs = new JobRunner(events);
  const locator = new SnapshotLocator(ports.snapper);
  const stopWatch = ports.snapper.watch((event) => {
    if (event.kind === 'snapshots-changed') events.emit('snapshots.changed', { config: event.config });
  });
  const snapshots = new SnapshotsServiceImpl({ env, snapper: ports.snapper, locator });
  const services = {
    status: new StatusServiceImpl({ env, snapper: ports.snapper, names: ports.names, restart: ports.restart, fs: ports.fs }),
    snapshots,
    files: new FilesServiceImpl({ env, snapper: ports.snapper, locator, jobs, events, fs: ports.fs }),
    restore: new RestoreServiceImpl({ env, locator, jobs, fs: ports.fs, snapper: ports.snapper }),
    desktop: new DesktopServiceImpl({ fileManager: ports.fileManager }),
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
    },
  };
}
