import { posix } from 'node:path';

import type { RestartState, ServiceState, SnapperConfigSummary, Status } from '../../../shared/schemas/status';
import type { KairnEnvironment } from '../env';
import { toErrorPayload } from '../errors';
import { detectFamily, familyLabel, OSTREE_BOOTED_PATH } from '../family/detect';
import { readOsRelease } from '../family/os-release';
import type { FileSystemPort } from '../ports/file-system';
import type { SnapperConfigInfo, SnapperPort } from '../ports/snapper';
import { findHomeConfig, parseAllowList } from '../snapshots/home-config';
import type { RestartPort, ServiceNamesPort } from '../ports/system';
import type { StatusService } from '../services';
import { checkRestart } from './restart-check';

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
}

/** Well-known system bus names Kairn reports on (reference §1-§6). */
export const SERVICE_NAMES = {
  snapper: 'org.opensuse.Snapper',
  logind: 'org.freedesktop.login1',
  tukit: 'org.opensuse.tukit',
  rpmOstree: 'org.projectatomic.rpmostree1',
  sysupdate: 'org.freedesktop.sysupdate1',
} as const;

type ServiceKey = keyof typeof SERVICE_NAMES;

/** Shutdown types that end in the system coming back (a restart, not a power-off). */
const RESTART_TYPES = new Set(['reboot', 'soft-reboot', 'kexec']);

function normal(path: string): string {
  return posix.normalize(path).replace(/\/+$/, '') || '/';
}

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

async function exists(fs: FileSystemPort, path: string): Promise<boolean> {
  try {
    await fs.access(path);
    return true;
  } catch {
    return false;
  }
}

/** status.get: which system this is, what is installed, what snapper keeps, whether a restart is due. */
export class StatusServiceImpl implements StatusService {
  constructor(private readonly options: StatusServiceOptions) {}

  async get(signal?: AbortSignal): Promise<Status> {
    const { env } = this.options;
    const sysRoot = env.sysRoot ?? '/';
    const [osRelease, services, snapper, scheduled, ostreeBooted] = await Promise.all([
      readOsRelease(this.options.fs, env.osReleasePath, sysRoot),
      this.services(),
      this.snapper(signal),
      this.scheduled(),
      exists(this.options.fs, this.options.ostreeBootedPath ?? posix.join(sysRoot, OSTREE_BOOTED_PATH)),
    ]);
    // The system's own config: on "/", or named "root" as openSUSE's installer names it.
    const snapperRootConfig = snapper.raw.some((c) => normal(c.subvolume) === '/' || c.name === 'root');
    const family = detectFamily({ osRelease, ...services, ostreeBooted, snapperRootConfig });
    const restart: RestartState = { ...(await checkRestart(this.options.fs, sysRoot, family, osRelease)), scheduled };
    return {
      family,
      familyLabel: familyLabel(osRelease),
      osRelease,
      services,
      snapper: snapper.summary,
      home: { path: env.home, config: findHomeConfig(snapper.raw, [env.home])?.name ?? null },
      restart,
      demo: env.demo,
    };
  }

  private async services(): Promise<Record<ServiceKey, ServiceState>> {
    const keys = Object.keys(SERVICE_NAMES) as ServiceKey[];
    const states = await Promise.all(
      keys.map((key) => this.options.names.state(SERVICE_NAMES[key]).catch((): ServiceState => 'missing')),
    );
    return Object.fromEntries(keys.map((key, i) => [key, states[i] ?? 'missing'])) as Record<ServiceKey, ServiceState>;
  }

  /** A missing or refusing snapper is a normal state to report, never a failure of status.get. */
  private async snapper(signal?: AbortSignal): Promise<{ summary: Status['snapper']; raw: SnapperConfigInfo[] }> {
    try {
      if ((await this.options.snapper.state()) === 'missing') {
        return { summary: { available: false, configs: [], problem: 'service-missing' }, raw: [] };
      }
      const raw = await this.options.snapper.listConfigs(signal);
      const configs = raw.map((c) => summarize(c, this.options.env.home));
      return { summary: { available: true, configs, problem: null }, raw };
    } catch (err) {
      const code = toErrorPayload(err).code;
      return { summary: { available: code !== 'service-missing', configs: [], problem: code }, raw: [] };
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
