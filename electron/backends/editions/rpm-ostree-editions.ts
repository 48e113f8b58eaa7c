import type { KairnEnvironment } from '../../core/env';
import { KairnError } from '../../core/errors';
import type {
  EditionChoice,
  EditionPreviewFacts,
  EditionsFacts,
  EditionsPort,
  SwitchProgress,
} from '../../core/ports/editions';
import type { FileSystemPort } from '../../core/ports/file-system';
import { SYSTEM_FILES, systemPath } from '../../core/system/sysroot';
import { nameState } from '../dbus/call';
import type { BusConnection } from '../dbus/connection';
import { fedoraEditions } from './fedora';
import { RpmOstreeRebase, type RebaseOptions } from './rpm-ostree-rebase';
import { parseImageInfo, parseRebaseHelper, universalBlueEditions } from './universal-blue';

const RPM_OSTREE = 'org.projectatomic.rpmostree1';
/** The image's own list of channels, where it ships one (reference §8.3). */
const REBASE_HELPER = '/etc/ublue-os/rebase_helper.json';

export interface RpmOstreeEditionsDeps {
  conn: BusConnection;
  fs: Pick<FileSystemPort, 'readFile'>;
  env: Pick<KairnEnvironment, 'sysRoot'>;
  /** os-release NAME ("Aurora", "Fedora Linux"), for the system's name. */
  systemName: string;
  options?: RebaseOptions;
}

/**
 * Editions on Fedora Atomic and Universal Blue: which image or release the booted deployment
 * follows (image-info.json tells Universal Blue apart), what else it can follow, and switching
 * with OS.Rebase, keeping the image's transport.
 */
export class RpmOstreeEditions implements EditionsPort {
  private readonly rpmOstree: RpmOstreeRebase;

  constructor(private readonly deps: RpmOstreeEditionsDeps) {
    this.rpmOstree = new RpmOstreeRebase(deps.conn, deps.options);
  }

  async read(signal?: AbortSignal): Promise<EditionsFacts> {
    if ((await nameState(this.deps.conn, RPM_OSTREE)) === 'missing') {
      return {
        system: this.deps.systemName,
        switching: {
          reason: 'rpm-ostree-missing',
          detail: `${RPM_OSTREE} is not on the system bus`,
        },
        current: null,
        nextStart: null,
        available: [],
        notPublished: [],
        restartPending: false,
        technical: {},
      };
    }
    const [deployments, infoText, helperText] = await Promise.all([
      this.rpmOstree.deployments(signal),
      this.readSystemFile(SYSTEM_FILES.ublueImageInfo),
      this.readSystemFile(REBASE_HELPER),
    ]);
    const info = infoText === null ? null : parseImageInfo(infoText);
    const found = info
      ? universalBlueEditions(
          info,
          deployments,
          helperText === null ? null : parseRebaseHelper(helperText),
        )
      : fedoraEditions(deployments);
    const known = found.current !== null && found.available.length > 1;
    return {
      system: this.deps.systemName,
      switching: known
        ? null
        : {
            reason: 'editions-unknown-source',
            detail: `the booted deployment follows ${found.technical.booted ?? '(nothing)'}, which Kairn cannot match to published editions`,
          },
      current: found.current,
      nextStart: found.nextStart,
      available: found.available,
      notPublished: [],
      restartPending: deployments[0] !== undefined && !deployments[0].booted,
      technical: { ...found.technical, 'switch with': 'OS.Rebase (rpm-ostree)' },
    };
  }

  async preview(target: EditionChoice, signal?: AbortSignal): Promise<EditionPreviewFacts> {
    const technical = { to: target.ref, 'download size': 'rpm-ostree does not say beforehand' };
    try {
      const packages = await this.rpmOstree.diff(target.ref, signal);
      return {
        packages,
        packagesWhy: packages ? null : 'edition-diff-unknown',
        downloadBytes: null,
        technical,
      };
    } catch (err) {
      if (err instanceof KairnError && err.code === 'cancelled') throw err;
      // The preview still says what it can; why the package list is missing goes under Details.
      const why = err instanceof KairnError ? (err.reason ?? err.code) : 'edition-diff-unknown';
      const detail = err instanceof KairnError ? (err.detail ?? err.message) : String(err);
      return {
        packages: null,
        packagesWhy: why,
        downloadBytes: null,
        technical: { ...technical, 'package list': detail },
      };
    }
  }

  switchTo(
    target: EditionChoice,
    signal: AbortSignal,
    progress: (step: SwitchProgress) => void,
  ): Promise<void> {
    return this.rpmOstree.rebase(target.ref, signal, progress);
  }

  private async readSystemFile(path: string): Promise<string | null> {
    return this.deps.fs.readFile(systemPath(this.deps.env, path), 'utf8').then(
      (text) => text,
      () => null,
    );
  }
}
