import type { KairnEnvironment } from '../../core/env';
import type {
  RestartDetectionPort,
  RestartEvidence,
  RestartFindings,
} from '../../core/ports/restart-detection';
import { SYSTEM_FILES } from '../../core/system/sysroot';
import type { Deployment } from '../restore-points/rpm-ostree-deployments';
import { readFlag, type FlagFs } from './flag-file';

/** What this detection reads from rpm-ostree: the deployments in boot order. */
export interface DeploymentsSource {
  current(signal?: AbortSignal): Promise<Deployment[]>;
}

const label = (d: Deployment): string => d.version ?? d.checksum.slice(0, 12);

/**
 * Fedora Atomic / Universal Blue (reference §4.7): pending when a deployment is staged, or when
 * Deployments[0] is not the booted one (after a rollback, which only reorders). libostree's
 * /run/ostree/staged-deployment (under KAIRN_SYSROOT) says since when a staged one waits.
 */
export class OstreeRestartDetection implements RestartDetectionPort {
  constructor(
    private readonly deployments: DeploymentsSource,
    private readonly fs: FlagFs,
    private readonly env: Pick<KairnEnvironment, 'sysRoot'>,
  ) {}

  async detect(signal?: AbortSignal): Promise<RestartFindings> {
    const flag = await readFlag(this.fs, this.env, SYSTEM_FILES.ostreeStaged);
    let list: Deployment[];
    try {
      list = await this.deployments.current(signal);
    } catch {
      // rpm-ostreed not reachable: the runstate file still tells a staged deployment.
      const evidence: RestartEvidence[] = flag
        ? [{ reason: 'staged-deployment', source: SYSTEM_FILES.ostreeStaged, since: flag.since }]
        : [];
      return { checked: flag !== null, evidence };
    }
    const evidence: RestartEvidence[] = [];
    const staged = list.find((d) => d.staged);
    const first = list[0];
    const booted = list.find((d) => d.booted);
    if (staged || flag) {
      evidence.push({
        reason: 'staged-deployment',
        source: staged
          ? `staged deployment ${staged.id} (${label(staged)})`
          : SYSTEM_FILES.ostreeStaged,
        since: flag?.since ?? null,
      });
    }
    if (first && !first.booted) {
      evidence.push({
        reason: 'next-start-differs',
        source: `Deployments[0] ${first.id} (${label(first)}) is not the booted ${booted?.id ?? '?'}`,
        since: null,
      });
    }
    return { checked: true, evidence };
  }
}
