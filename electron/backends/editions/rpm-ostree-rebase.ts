import dbus from 'dbus-next';

import { KairnError } from '../../core/errors';
import type { EditionPreviewFacts, SwitchProgress } from '../../core/ports/editions';
import { callMethod, type MethodCall } from '../dbus/call';
import type { BusConnection } from '../dbus/connection';
import type { ErrorTable } from '../dbus/errors';
import { parseDeployments, type Deployment } from '../restore-points/rpm-ostree-deployments';
import { parseRpmDiff } from '../restore-points/rpm-ostree-diff';
import { followTransaction } from '../restore-points/rpm-ostree-transaction';
import { RpmOstreeRegistration } from '../rpm-ostree/registration';
import { readBootedOsPath, stringOf, SYSROOT_IFACE, SYSROOT_PATH } from '../rpm-ostree/sysroot';

const RPM_OSTREE = 'org.projectatomic.rpmostree1';
const OS_IFACE = 'org.projectatomic.rpmostree1.OS';
const GIO = 'org.gtk.GDBus.UnmappedGError.Quark._g_2dio_2derror_2dquark.Code';

const MISSING = { code: 'service-missing', reason: 'rpm-ostree-missing' } as const;
const BUSY = { code: 'busy', reason: 'edition-system-busy' } as const;
const DENIED = { code: 'access-denied', reason: 'edition-not-allowed' } as const;

/** rpm-ostreed's answers → contract codes, in the words of switching editions (reference §4.5, §4.7). */
const ERRORS: ErrorTable = {
  'org.freedesktop.DBus.Error.ServiceUnknown': MISSING,
  'org.freedesktop.DBus.Error.NameHasNoOwner': MISSING,
  'org.freedesktop.DBus.Error.Spawn.ExecFailed': MISSING,
  'org.freedesktop.DBus.Error.Spawn.ChildExited': MISSING,
  'org.freedesktop.DBus.Error.Spawn.ServiceNotFound': MISSING,
  [`${GIO}26`]: BUSY,
  'org.projectatomic.rpmostreed.Error.UpdateInProgress': BUSY,
  [`${GIO}1`]: { code: 'not-found', reason: 'edition-tag-missing' },
  'org.projectatomic.rpmostreed.Error.InvalidRefspec': {
    code: 'not-found',
    reason: 'edition-tag-missing',
  },
  'org.freedesktop.DBus.Error.AccessDenied': DENIED,
  'org.projectatomic.rpmostreed.Error.NotAuthorized': DENIED,
};

/** How a failed pull says the image or ref is not there, or the network is gone (upstream words vary). */
const MISSING_TEXT = /manifest unknown|not found|no such|does not exist|name unknown/i;
const NETWORK_TEXT =
  /name resolution|dns error|network is unreachable|could not resolve|connection refused|timed out|no route to host/i;

/** Finished(false, text) of a switch → a sentence the person understands. */
function switchFailed(text: string, detail: string): KairnError {
  if (MISSING_TEXT.test(text))
    return new KairnError('not-found', { reason: 'edition-tag-missing', detail });
  if (NETWORK_TEXT.test(text))
    return new KairnError('backend-failed', { reason: 'edition-no-network', detail });
  return new KairnError('backend-failed', { reason: 'edition-switch-failed', detail });
}

export interface RebaseOptions {
  /** Longest Kairn waits for a transaction's Finished before it cancels it (default 30 minutes). */
  transactionTimeoutMs?: number;
}

/**
 * What switching editions needs from rpm-ostreed: the deployments, the rebase package diff
 * (GetCachedRebaseRpmDiff, downloaded with DownloadRebaseRpmDiff when not cached yet) and
 * OS.Rebase followed as a transaction on its private socket.
 */
export class RpmOstreeRebase {
  private readonly timeoutMs: number;
  private readonly registration: RpmOstreeRegistration;

  constructor(
    private readonly conn: BusConnection,
    options: RebaseOptions = {},
  ) {
    this.timeoutMs = options.transactionTimeoutMs ?? 30 * 60_000;
    this.registration = RpmOstreeRegistration.of(conn);
  }

  async deployments(signal?: AbortSignal): Promise<Deployment[]> {
    await this.registration.touch();
    const [value] = await this.call(
      {
        path: SYSROOT_PATH,
        interface: 'org.freedesktop.DBus.Properties',
        member: 'Get',
        signature: 'ss',
        body: [SYSROOT_IFACE, 'Deployments'],
      },
      signal,
    );
    try {
      return parseDeployments(value);
    } catch (err) {
      throw new KairnError('backend-failed', {
        detail: `Sysroot.Deployments: ${err instanceof Error ? err.message : String(err)}`,
        cause: err,
      });
    }
  }

  /** The package changes of a rebase to `ref`, downloading its metadata first when not cached. */
  diff(ref: string, signal?: AbortSignal): Promise<EditionPreviewFacts['packages']> {
    // Registered around the metadata download too: it is a transaction like the switch.
    return this.registration.during(() => this.diffRegistered(ref, signal));
  }

  private async diffRegistered(
    ref: string,
    signal?: AbortSignal,
  ): Promise<EditionPreviewFacts['packages']> {
    const osPath = await this.bootedOsPath(signal);
    const cached = async (): Promise<EditionPreviewFacts['packages'] | null> => {
      const [diff, details] = await this.call(
        {
          path: osPath,
          interface: OS_IFACE,
          member: 'GetCachedRebaseRpmDiff',
          signature: 'sas',
          body: [ref, []],
        },
        signal,
      );
      const known = typeof details === 'object' && details !== null && Object.keys(details).length;
      if (!known) return null;
      const { added, updated, removed } = parseRpmDiff(diff);
      return { added, updated, removed };
    };
    const first = await cached();
    if (first) return first;
    const [address] = await this.call(
      {
        path: osPath,
        interface: OS_IFACE,
        member: 'DownloadRebaseRpmDiff',
        signature: 'sas',
        body: [ref, []],
      },
      signal,
    );
    await followTransaction(stringOf(address, 'the transaction address'), {
      signal: signal ?? new AbortController().signal,
      timeoutMs: this.timeoutMs,
      what: `OS.DownloadRebaseRpmDiff(${ref})`,
      failed: switchFailed,
    });
    return cached();
  }

  /** OS.Rebase({reboot: false}, ref, []) as a transaction: download progress, cancel, Finished. */
  rebase(
    ref: string,
    signal: AbortSignal,
    progress: (step: SwitchProgress) => void,
  ): Promise<void> {
    return this.registration.during(() => this.rebaseRegistered(ref, signal, progress));
  }

  private async rebaseRegistered(
    ref: string,
    signal: AbortSignal,
    progress: (step: SwitchProgress) => void,
  ): Promise<void> {
    const osPath = await this.bootedOsPath(signal);
    const [address] = await this.call(
      {
        path: osPath,
        interface: OS_IFACE,
        member: 'Rebase',
        signature: 'a{sv}sas',
        body: [{ reboot: new dbus.Variant('b', false) }, ref, []],
      },
      signal,
    );
    let bytes: number | null = null;
    let percent = 0;
    try {
      await followTransaction(stringOf(address, 'the transaction address'), {
        signal,
        timeoutMs: this.timeoutMs,
        what: `OS.Rebase(${ref})`,
        progress: (step) => {
          percent = step.percent;
          progress({ percent, text: step.text, bytes });
        },
        download: (transferred) => {
          bytes = transferred;
          progress({ percent, text: null, bytes });
        },
        failed: switchFailed,
      });
    } finally {
      // Properties are fresh only after Reload (the CLI does the same).
      await this.call({ path: SYSROOT_PATH, interface: SYSROOT_IFACE, member: 'Reload' }).catch(
        () => undefined,
      );
    }
  }

  private bootedOsPath(signal?: AbortSignal): Promise<string> {
    return readBootedOsPath((request, s) => this.call(request, s), signal);
  }

  private call(request: Omit<MethodCall, 'destination'>, signal?: AbortSignal): Promise<unknown[]> {
    return callMethod(
      this.conn,
      { destination: RPM_OSTREE, ...request },
      { signal, errors: ERRORS },
    );
  }
}

/** `ostree-image-signed:docker://ghcr.io/ublue-os/aurora:stable` → its parts; null for an ostree refspec. */
export function splitImageRef(ref: string): { base: string; tag: string } | null {
  if (!ref.startsWith('ostree-')) return null;
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  if (colon <= slash) return { base: ref, tag: 'latest' };
  return { base: ref.slice(0, colon), tag: ref.slice(colon + 1) };
}
