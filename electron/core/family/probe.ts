import { posix } from 'node:path';

import type { OsReleaseInfo, ServiceState, SystemFamily } from '../../../shared/schemas/status';
import type { KairnEnvironment } from '../env';
import type { FileHistoryPort } from '../ports/file-history';
import type { FileSystemPort } from '../ports/file-system';
import type { SnapperConfigInfo } from '../ports/snapper';
import type { ServiceNamesPort } from '../ports/system';
import { SYSTEM_FILES, systemPath } from '../system/sysroot';
import { detectFamily } from './detect';
import { readOsRelease } from './os-release';

/** Well-known system bus names Kairn reports on (reference §1-§6). */
export const SERVICE_NAMES = {
  snapper: 'org.opensuse.Snapper',
  logind: 'org.freedesktop.login1',
  tukit: 'org.opensuse.tukit',
  rpmOstree: 'org.projectatomic.rpmostree1',
  sysupdate: 'org.freedesktop.sysupdate1',
} as const;

export type ServiceKey = keyof typeof SERVICE_NAMES;

/** What the machine is, as seen once at start: the family table picks adapters from this. */
export interface SystemFacts {
  family: SystemFamily;
  osRelease: OsReleaseInfo;
  services: Record<ServiceKey, ServiceState>;
  ostreeBooted: boolean;
  /** The snapper config of the system itself (subvolume "/", or openSUSE's "root"), if any. */
  rootConfig: string | null;
}

export interface ProbeDeps {
  env: KairnEnvironment;
  fs: Pick<FileSystemPort, 'readFile' | 'access'>;
  names: ServiceNamesPort;
  fileHistory: Pick<FileHistoryPort, 'state' | 'listConfigs'>;
  /** Overridable for tests; else /run/ostree-booted under KAIRN_SYSROOT. */
  ostreeBootedPath?: string | undefined;
}

function normal(path: string): string {
  return posix.normalize(path).replace(/\/+$/, '') || '/';
}

/** The system's own snapper config: the one on "/", else one named "root" as openSUSE's installer names it. */
export function rootConfigOf(configs: readonly SnapperConfigInfo[]): string | null {
  return (
    (configs.find((c) => normal(c.subvolume) === '/') ?? configs.find((c) => c.name === 'root'))
      ?.name ?? null
  );
}

export async function serviceStates(
  names: ServiceNamesPort,
): Promise<Record<ServiceKey, ServiceState>> {
  const keys = Object.keys(SERVICE_NAMES) as ServiceKey[];
  const states = await Promise.all(
    keys.map((key) => names.state(SERVICE_NAMES[key]).catch((): ServiceState => 'missing')),
  );
  return Object.fromEntries(keys.map((key, i) => [key, states[i] ?? 'missing'])) as Record<
    ServiceKey,
    ServiceState
  >;
}

async function snapperConfigs(history: ProbeDeps['fileHistory']): Promise<SnapperConfigInfo[]> {
  try {
    if ((await history.state()) === 'missing') return [];
    return await history.listConfigs();
  } catch {
    // A refusing or vanished snapper: no root config can be seen.
    return [];
  }
}

/** Detection by capability (reference §9): os-release, bus names, /run/ostree-booted, a snapper config on "/". */
export async function probeSystem(deps: ProbeDeps): Promise<SystemFacts> {
  const { env, fs } = deps;
  const ostreePath = deps.ostreeBootedPath ?? systemPath(env, SYSTEM_FILES.ostreeBooted);
  const [osRelease, services, configs, ostreeBooted] = await Promise.all([
    readOsRelease(fs, env.osReleasePath, env.sysRoot ?? '/'),
    serviceStates(deps.names),
    snapperConfigs(deps.fileHistory),
    fs.access(ostreePath).then(
      () => true,
      () => false,
    ),
  ]);
  const rootConfig = rootConfigOf(configs);
  const family = detectFamily({
    osRelease,
    ...services,
    ostreeBooted,
    snapperRootConfig: rootConfig !== null,
  });
  return { family, osRelease, services, ostreeBooted, rootConfig };
}
