import { createDispatch, type Dispatch } from './api/dispatch';
import { ChecksServiceImpl } from './checks/service';
import { EventBus } from './api/events';
import { createHandlers } from './api/handlers';
import { AppearanceServiceImpl } from './desktop/appearance';
import { DesktopServiceImpl } from './desktop/service';
import { EditionsServiceImpl } from './editions/service';
import type { KairnEnvironment } from './env';
import { KairnError } from './errors';
import { FilesServiceImpl } from './files/service';
import { JobRunner } from './jobs/job-runner';
import type { AppearancePort } from './ports/appearance';
import type { FileSystemPort } from './ports/file-system';
import type { ProcessesPort } from './ports/processes';
import { probeSystem, type SystemFacts } from './family/probe';
import { NO_EDITIONS } from './editions/none';
import type { ChooseAdapters, FamilyAdapters } from './ports/family';
import type { FileHistoryPort } from './ports/file-history';
import { RestorePointsServiceImpl } from './restore-points/service';
import { UnavailableRestorePoints } from './restore-points/unavailable';
import type { JournalPort, SaveDialogPort, SnapshotSpacePort, SystemdPort } from './ports/systemd';
import type {
  FileManagerPort,
  FolderPickerPort,
  RestartPort,
  ServiceNamesPort,
} from './ports/system';
import { ReportServiceImpl } from './report/service';
import type { RebootManagerPort, SessionShutdownPort } from './ports/restart';
import { RestartServiceImpl } from './restart/service';
import { RestoreServiceImpl } from './restore/service';
import { SnapshotLocator } from './snapshots/locator';
import { SnapshotsServiceImpl } from './snapshots/service';
import { StatusServiceImpl } from './status/service';
import { NO_RESTART_DETECTION, UnavailableUpdates } from './updates/unavailable';
import { UpdatesServiceImpl } from './updates/service';

/** Everything the core needs from the outside world; backends/compose.ts fills it for real systems. */
export interface CorePorts {
  /** Recover files: snapshots of the person's folders (snapper on every family today). */
  fileHistory: FileHistoryPort;
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
  /** The family table; without one, no family-specific capability is offered. */
  chooseAdapters?: ChooseAdapters | undefined;
  /** Without these (tests of other areas), the checks say the service is missing. */
  systemd?: SystemdPort | undefined;
  snapshotSpace?: SnapshotSpacePort | undefined;
  journal?: JournalPort | undefined;
  /** The host's own save dialog (Electron only). */
  saveDialog?: SaveDialogPort | undefined;
  /** Kairn's version, named in the support report. */
  version?: string;
  /** The desktop's light/dark choice (the XDG portal); without it the UI follows the browser. */
  appearance?: AppearancePort | undefined;
}

const NO_FAMILY_ADAPTERS: ChooseAdapters = () => ({
  restorePoints: new UnavailableRestorePoints('restore-points-none'),
  restartDetection: NO_RESTART_DETECTION,
  updates: new UnavailableUpdates('updates-none'),
});

/** Runs `make` once, on first need, and hands every caller the same answer. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | null = null;
  return () => (promise ??= make());
}

export interface Core {
  dispatch: Dispatch;
  events: EventBus;
  jobs: JobRunner;
  shutdown(): Promise<void>;
}

const missing = (what: string) => () =>
  Promise.reject(
    new KairnError('service-missing', { detail: `${what}: not provided by this host` }),
  );
const MISSING_SYSTEMD: SystemdPort = {
  failedUnits: missing('systemd'),
  mayRestartUnits: () => Promise.resolve(false),
  restartUnit: missing('systemd'),
};
const MISSING_SPACE: SnapshotSpacePort = { usedSpace: missing('snapper used space') };
const MISSING_JOURNAL: JournalPort = { recentErrors: () => Promise.resolve({ missing: true }) };

/** The composition root of the core: wires services to ports. Hosts call this once. */
export function createCore(
  env: KairnEnvironment,
  ports: CorePorts,
  log: (line: string) => void = () => {},
): Core {
  const events = new EventBus();
  const jobs = new JobRunner(events, log);
  const history = ports.fileHistory;
  // Which family this is, and so which adapter answers each capability: decided once per process.
  const system = once<SystemFacts>(() =>
    probeSystem({ env, fs: ports.fs, names: ports.names, fileHistory: history }),
  );
  const adapters = once<FamilyAdapters & { family: SystemFacts['family'] }>(async () => {
    const facts = await system();
    return { family: facts.family, ...(ports.chooseAdapters ?? NO_FAMILY_ADAPTERS)(facts) };
  });
  const locator = new SnapshotLocator(history, ports.fs);
  const stopWatch = history.watch((event) => {
    if (event.kind === 'snapshots-changed')
      events.emit('snapshots.changed', { config: event.config });
  });
  const snapshots = new SnapshotsServiceImpl({ env, fs: ports.fs, snapper: history, locator });
  const files = new FilesServiceImpl({
    env,
    snapper: history,
    locator,
    jobs,
    events,
    fs: ports.fs,
  });
  const restore = new RestoreServiceImpl({
    env,
    locator,
    jobs,
    fs: ports.fs,
    snapper: history,
    processes: ports.processes,
    log,
  });
  // Whatever host starts: what a killed restore left, and replaced versions past their time, go now.
  void restore.sweepLeftovers();
  const appearance = new AppearanceServiceImpl(ports.appearance, events);
  const restorePoints = new RestorePointsServiceImpl({
    env,
    fs: ports.fs,
    jobs,
    backend: async () => {
      const chosen = await adapters();
      return { family: chosen.family, port: chosen.restorePoints };
    },
  });
  const editions = new EditionsServiceImpl({
    jobs,
    backend: async () => {
      const chosen = await adapters();
      return { family: chosen.family, port: chosen.editions ?? NO_EDITIONS };
    },
  });
  const status = new StatusServiceImpl({
    env,
    fs: ports.fs,
    snapper: history,
    names: ports.names,
    restart: ports.restart,
    system,
    restorePoints: () => restorePoints.glance(),
    restartDetection: async () => (await adapters()).restartDetection,
  });
  const restart = new RestartServiceImpl({
    env,
    fs: ports.fs,
    status,
    logind: ports.restart,
    session: ports.sessionShutdown,
    rebootManager: ports.rebootManager,
    detect: (signal) => status.restartCheck(signal),
    restorePoints,
  });
  const updates = new UpdatesServiceImpl({
    env,
    fs: ports.fs,
    jobs,
    backend: async () => {
      const chosen = await adapters();
      return { family: chosen.family, port: chosen.updates };
    },
    restartRequired: async () => (await status.restartCheck()).required,
  });
  const checks = new ChecksServiceImpl({
    env,
    fs: ports.fs,
    snapper: history,
    snapshots,
    systemd: ports.systemd ?? MISSING_SYSTEMD,
    space: ports.snapshotSpace ?? MISSING_SPACE,
    restart,
    restorePoints,
    updates,
    jobs,
  });
  const report = new ReportServiceImpl({
    env,
    fs: ports.fs,
    status,
    snapshots,
    checks,
    journal: ports.journal ?? MISSING_JOURNAL,
    saveDialog: ports.saveDialog,
    version: ports.version ?? 'unknown',
  });
  const services = {
    status,
    restart,
    updates,
    restorePoints,
    editions,
    snapshots,
    checks,
    report,
    files,
    restore,
    desktop: new DesktopServiceImpl({
      env,
      fs: ports.fs,
      fileManager: ports.fileManager,
      folderPicker: ports.folderPicker,
    }),
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
