import type { RestartState, SnapperConfigSummary, Status } from '../../../shared/schemas/status';
import type { KairnEnvironment } from '../env';
import { toErrorPayload } from '../errors';
import { familyLabel } from '../family/detect';
import { probeSystem, SERVICE_NAMES, serviceStates, type SystemFacts } from '../family/probe';
import type { FileSystemPort } from '../ports/file-system';
import type { SnapperConfigInfo, SnapperPort } from '../ports/snapper';
import { findHomeConfig, parseAllowList } from '../snapshots/home-config';
import type { RestartPort, ServiceNamesPort } from '../ports/system';
import type { StatusService } from '../services';
import type { RestartDetectionPort } from '../ports/restart-detection';
import { checkRestart, type RestartCheck } from './restart-check';

/** The ports status.get reads from. */
export interface StatusServiceOptions {
  env: KairnEnvironment;
  snapper: SnapperPort;
  names: ServiceNamesPort;
  restart: Pick<RestartPort, 'scheduled'>;
  /** Reads os-release and the restart flag files (under env.sysRoot). */
  fs: FileSystemPort;
  /** Overridable for tests; the real flag file (under env.sysRoot) otherwise. */
  ostreeBootedPath?: string;
  /** The facts detected once at start (the core passes them); without it each call detects. */
  system?: () => Promise<SystemFacts>;
  /** Running / next-start restore points and "started from an older one" (null: this family has none). */
  restorePoints?: () => Promise<Status['restorePoints']>;
  /** This family's restart detection (the family table); without it only the generic flag counts. */
  restartDetection?: () => Promise<RestartDetectionPort | null>;
}

export { SERVICE_NAMES };

/** Shutdown types that end in the system coming back (a restart, not a power-off). */
const RESTART_TYPES = new Set(['reboot', 'soft-reboot', 'kexec']);

function summarize(config: SnapperConfigInfo, home: string): SnapperConfigSummary {
  const v = config.values;
  return {
    name: config.name,
    subvolume: config.subvolume,
    fstype: v.FSTYPE ?? '',
    allowUsers: parseAllowList(v.ALLOW_USERS),
    allowGroups: parseAllowList(v.ALLOW_GROUPS),
    syncAcl: v.SYNC_ACL === 'yes',
    timeline: v.TIMELINE_CREATE === 'yes',
    // Same rule as snapshots.home, so status and the file browser agree on "the" history.
    coversHome: findHomeConfig([config], [home]) !== null,
  };
}

/** status.get: which system this is, what is installed, what snapper keeps, whether a restart is due. */
export class StatusServiceImpl implements StatusService {
  constructor(private readonly options: StatusServiceOptions) {}

  async get(signal?: AbortSignal): Promise<Status> {
    const { env } = this.options;
    const [system, snapper, scheduled, restorePoints] = await Promise.all([
      this.system(),
      this.snapper(signal),
      this.scheduled(),
      this.restorePoints(),
    ]);
    const { family, osRelease } = system;
    // Services come and go (activation, idle exit): their state is read fresh, the family is not.
    const services = this.options.system
      ? await serviceStates(this.options.names)
      : system.services;
    const check = await this.restartCheck(signal, system);
    const restart: RestartState = {
      checked: check.checked,
      required: check.required,
      reasons: check.reasons,
      scheduled,
    };
    return {
      family,
      familyLabel: familyLabel(osRelease),
      osRelease,
      services,
      snapper: snapper.summary,
      home: { path: env.home, config: findHomeConfig(snapper.raw, [env.home])?.name ?? null },
      restart,
      restorePoints,
      demo: env.demo,
    };
  }

  /** Is a restart due, why and since when: the family's detection plus the generic flag file. */
  async restartCheck(signal?: AbortSignal, facts?: SystemFacts): Promise<RestartCheck> {
    const { family, osRelease } = facts ?? (await this.system());
    const detection = (await this.options.restartDetection?.().catch(() => null)) ?? null;
    return checkRestart({
      fs: this.options.fs,
      sysRoot: this.options.env.sysRoot ?? '/',
      family,
      os: osRelease,
      detection,
      signal,
    });
  }

  private system(): Promise<SystemFacts> {
    if (this.options.system) return this.options.system();
    const { env, fs, names, snapper, ostreeBootedPath } = this.options;
    return probeSystem({ env, fs, names, fileHistory: snapper, ostreeBootedPath });
  }

  /** Restore points are a hint for the hub: one that cannot be read is "unknown", never a failed status. */
  private async restorePoints(): Promise<Status['restorePoints']> {
    try {
      return (await this.options.restorePoints?.()) ?? null;
    } catch {
      return null;
    }
  }

  /** A missing or refusing snapper is a normal state to report, never a failure of status.get. */
  private async snapper(
    signal?: AbortSignal,
  ): Promise<{ summary: Status['snapper']; raw: SnapperConfigInfo[] }> {
    try {
      if ((await this.options.snapper.state()) === 'missing') {
        return { summary: { available: false, configs: [], problem: 'service-missing' }, raw: [] };
      }
      const raw = await this.options.snapper.listConfigs(signal);
      const configs = raw.map((c) => summarize(c, this.options.env.home));
      return { summary: { available: true, configs, problem: null }, raw };
    } catch (err) {
      const code = toErrorPayload(err).code;
      return {
        summary: { available: code !== 'service-missing', configs: [], problem: code },
        raw: [],
      };
    }
  }

  /** A restart the system holds (logind); whether one is needed comes from checkRestart. */
  private async scheduled(): Promise<RestartState['scheduled']> {
    let scheduled: RestartState['scheduled'] = null;
    try {
      const found = await this.options.restart.scheduled();
      // A dry-* schedule only logs and warns; the machine does not restart.
      if (found && RESTART_TYPES.has(found.type)) scheduled = { at: found.at.toISOString() };
    } catch {
      // logind missing or refusing: nothing is known to be scheduled.
    }
    return scheduled;
  }
}
