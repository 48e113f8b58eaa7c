import type { KairnEnvironment } from '../../core/env';
import { readOsRelease } from '../../core/family/os-release';
import type { FileSystemPort } from '../../core/ports/file-system';
import type {
  RestartDetectionPort,
  RestartEvidence,
  RestartFindings,
} from '../../core/ports/restart-detection';
import type { RestorePointsPort } from '../../core/ports/restore-points';
import { nextStartEvidence } from './next-start';

/** What this detection asks sysupdated: the newest installed version (GetVersion). */
export interface InstalledVersionSource {
  newestInstalled(signal?: AbortSignal): Promise<string | null>;
}

/**
 * KDE Linux and other systemd-sysupdate images (reference §5.3): a restart is due when
 * GetVersion() — the newest installed version — is not os-release's IMAGE_VERSION (the running one),
 * or when a one-shot boot entry (going back) makes the next start another version.
 */
export class SysupdateRestartDetection implements RestartDetectionPort {
  constructor(
    private readonly target: InstalledVersionSource,
    private readonly fs: Pick<FileSystemPort, 'readFile'>,
    private readonly env: Pick<KairnEnvironment, 'osReleasePath' | 'sysRoot'>,
    private readonly points: RestorePointsPort | null = null,
  ) {}

  async detect(signal?: AbortSignal): Promise<RestartFindings> {
    const { osReleasePath, sysRoot } = this.env;
    const running = (await readOsRelease(this.fs, osReleasePath, sysRoot ?? '/')).imageVersion;
    let installed: string | null;
    try {
      installed = await this.target.newestInstalled(signal);
    } catch {
      return { checked: false, evidence: [] };
    }
    if (running === null || installed === null) return { checked: false, evidence: [] };
    const evidence: RestartEvidence[] = [];
    if (installed !== running)
      evidence.push({
        reason: 'newer-version-installed',
        source: `sysupdate GetVersion() = ${installed}, os-release IMAGE_VERSION = ${running}`,
        since: null,
      });
    // A one-shot boot entry to another version (going back) is said apart; the newest installed is above.
    const next = this.points
      ? await nextStartEvidence(this.points, 'logind boot entry', signal)
      : [];
    evidence.push(...next.filter((e) => !e.source.endsWith(`next start ${installed}`)));
    return { checked: true, evidence };
  }
}
