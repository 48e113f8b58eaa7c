import type { KairnEnvironment } from '../../core/env';
import { KairnError } from '../../core/errors';
import { readOsRelease } from '../../core/family/os-release';
import type { FileSystemPort } from '../../core/ports/file-system';
import type {
  BootPoints,
  RestorePointChangesInfo,
  RestorePointInfo,
  RestorePointsPort,
  Unavailable,
} from '../../core/ports/restore-points';
import { nameState } from '../dbus/call';
import type { BusConnection } from '../dbus/connection';
import { LogindBootEntries } from '../logind/boot-entries';
import { LOGIND } from '../logind/proxy';
import { SYSUPDATE, SysupdateHostTarget, type VersionDescription } from '../sysupdate/host-target';

export interface SysupdateRestorePointsDeps {
  conn: BusConnection;
  fs: Pick<FileSystemPort, 'readFile'>;
  env: Pick<KairnEnvironment, 'osReleasePath' | 'sysRoot'>;
  /** Longest logind's SetRebootToBootLoaderEntry may take (default 5 s). */
  setEntryTimeoutMs?: number;
}

/** KDE Linux names its UKIs after the image; the name before `_<version>.efi` when os-release has none. */
const DEFAULT_IMAGE = 'kde-linux';

const KEEP_DETAIL =
  'systemd-sysupdate keeps the newest installed version and every protected one by itself: ' +
  'ProtectVersion= in the [Transfer] section of a transfer file (/usr/lib/sysupdate.d/*.transfer, ' +
  'overridable in /etc/sysupdate.d/; KDE Linux sets ProtectVersion=%A, the booted version). ' +
  'It has no call to keep any other version.';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The boot menu entry of an installed version. A UKI `<image>_<version>.efi` in /EFI/Linux is
 * the Type #2 entry of that id; systemd-boot drops a boot-counting suffix (`+2-0`) from ids, but
 * one that still carries it is accepted and passed on exactly as logind listed it.
 */
export function entryForVersion(
  version: string,
  entries: readonly string[],
  images: readonly string[],
): string | null {
  for (const image of images) {
    const pattern = new RegExp(
      `^${escapeRegExp(image)}_${escapeRegExp(version)}(\\+\\d+(-\\d+)?)?\\.efi$`,
      'i',
    );
    const found = entries.find((e) => pattern.test(e));
    if (found !== undefined) return found;
  }
  return null;
}

/** The version a boot entry starts, when it is one of this image's UKIs. */
export function versionOfEntry(entry: string, images: readonly string[]): string | null {
  for (const image of images) {
    const match = new RegExp(`^${escapeRegExp(image)}_(.+?)(\\+\\d+(-\\d+)?)?\\.efi$`, 'i').exec(
      entry,
    );
    if (match?.[1]) return match[1];
  }
  return null;
}

/**
 * A logind that died before answering (the bus says NoReply "…disconnected…") or never answered
 * (Kairn's own timeout, or the bus's NoReply) left the one-shot entry as it was, or set: the
 * person is told to look again before restarting.
 */
function explainSetEntry(err: unknown, entry: string): unknown {
  if (!(err instanceof KairnError)) return err;
  const raw = err.detail ?? '';
  const detail = `org.freedesktop.login1.Manager.SetRebootToBootLoaderEntry("${entry}"): ${raw || err.code}`;
  if (/^org\.freedesktop\.DBus\.Error\.(NoReply|Disconnected)/.test(raw) && /disconnect/i.test(raw))
    return new KairnError('backend-failed', { reason: 'logind-stopped', detail, cause: err });
  if (err.reason === 'timeout')
    return new KairnError('backend-failed', { reason: 'rollback-timeout', detail, cause: err });
  return err;
}

/**
 * When a version was built: KDE Linux versions are UTC build stamps (YYYYMMDDhhmm[ss]). Other
 * version schemes carry no date, and sysupdate reports none: those get the epoch.
 */
export function dateOfVersion(version: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?$/.exec(version);
  if (!m) return new Date(0);
  const [y = 0, mo = 1, d = 1, h = 0, mi = 0] = m.slice(1, 6).map(Number);
  const sec = m[6] === undefined ? 0 : Number(m[6]);
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, sec));
  // A date that rolled over (month 13, hour 25) was not a build stamp.
  return date.getUTCMonth() === mo - 1 && date.getUTCHours() === h ? date : new Date(0);
}

/**
 * KDE Linux (systemd-sysupdate): the restore points are the installed versions of sysupdated's
 * host target; the running one is os-release's IMAGE_VERSION, the next start sysupdate's newest
 * installed version unless logind has a one-shot boot entry set. Going back boots an older
 * installed version once, through logind's SetRebootToBootLoaderEntry.
 */
export class SysupdateRestorePoints implements RestorePointsPort {
  /** Setting the one-shot entry is a single quick call: nothing to stop. */
  readonly cancellable = false;
  private readonly host: SysupdateHostTarget;
  private readonly bootEntries: LogindBootEntries;

  constructor(private readonly deps: SysupdateRestorePointsDeps) {
    this.host = new SysupdateHostTarget(deps.conn);
    this.bootEntries = new LogindBootEntries(deps.conn, deps.setEntryTimeoutMs);
  }

  async listUnavailable(): Promise<Unavailable | null> {
    if ((await nameState(this.deps.conn, SYSUPDATE.destination)) === 'missing')
      return {
        reason: 'sysupdate-missing',
        detail: `${SYSUPDATE.destination} is not on the system bus`,
      };
    return null;
  }

  async goBackUnavailable(): Promise<Unavailable | null> {
    const why = await this.listUnavailable();
    if (why !== null) return why;
    if ((await nameState(this.deps.conn, LOGIND.destination)) === 'missing')
      return { reason: 'logind-missing', detail: `${LOGIND.destination} is not on the system bus` };
    const can = await this.bootEntries.can().catch(() => 'na');
    // "no" and "challenge" are polkit's: the call itself then says access-denied, with the action.
    if (can === 'na')
      return {
        reason: 'boot-entry-unsupported',
        detail:
          'logind CanRebootToBootLoaderEntry() = "na": the boot loader cannot start an entry once (systemd-boot can)',
      };
    return null;
  }

  keepUnavailable(): Promise<Unavailable> {
    return Promise.resolve({ reason: 'sysupdate-keeps-itself', detail: KEEP_DETAIL });
  }

  async list(signal?: AbortSignal): Promise<RestorePointInfo[]> {
    const described = await this.installed(signal);
    const unreachable = await this.notInBootMenu(described, signal);
    return described.map((d) => ({
      id: d.version,
      version: d.version,
      date: dateOfVersion(d.version),
      kind: 'update',
      description: '',
      kept: d.protected,
      ...(unreachable.has(d.version) ? { goBackBlocked: 'boot-entry-missing' } : {}),
    }));
  }

  /**
   * Installed versions the boot menu cannot start once (no entry for them), so no button is
   * offered: the same test goBack makes. The default start needs no entry. Where logind cannot
   * say, nothing is marked (going back as a whole then says why it is not available).
   */
  private async notInBootMenu(
    described: readonly VersionDescription[],
    signal?: AbortSignal,
  ): Promise<Set<string>> {
    try {
      const [entries, images, newest] = await Promise.all([
        this.bootEntries.entries(signal),
        this.images(),
        this.host.newestInstalled(signal),
      ]);
      return new Set(
        described
          .map((d) => d.version)
          .filter((v) => v !== newest && entryForVersion(v, entries, images) === null),
      );
    } catch {
      return new Set();
    }
  }

  async boot(signal?: AbortSignal): Promise<BootPoints> {
    const [os, oneShot] = await Promise.all([
      readOsRelease(this.deps.fs, this.deps.env.osReleasePath, this.deps.env.sysRoot ?? '/'),
      // Without logind (or its boot-entry interface) no one-shot entry can be set.
      this.bootEntries.oneShot(signal).catch(() => ''),
    ]);
    const running = os.imageVersion;
    if (oneShot !== '') return { running, nextStart: versionOfEntry(oneShot, await this.images()) };
    // Without sysupdated nobody can say which version starts by default.
    const byDefault = await this.host.newestInstalled(signal).catch((err: unknown) => {
      if (err instanceof KairnError && err.code === 'service-missing') return null;
      throw err;
    });
    return { running, nextStart: byDefault };
  }

  async changes(id: string, signal?: AbortSignal): Promise<RestorePointChangesInfo> {
    const described = await this.installed(signal);
    const index = described.findIndex((d) => d.version === id);
    const point = described[index];
    if (!point) throw missing(id);
    const earlier = index > 0 ? (described[index - 1]?.version ?? null) : null;
    const [target, appStream, entries, images] = await Promise.all([
      this.host.target(signal),
      this.host.appStream(signal).catch(() => []),
      this.bootEntries.entries(signal).catch(() => []),
      this.images(),
    ]);
    const technical: Record<string, string> = {
      'sysupdate target': target.path,
      'call shapes': `List(${target.shapes.list}), Describe(${target.shapes.describe})`,
      version: point.version,
      newest: String(point.newest),
      protected: String(point.protected),
      obsolete: String(point.obsolete),
      changelog: point.changelogUrls.join('\n') || '(none)',
      appstream: appStream.join('\n') || '(none)',
      'boot entry': entryForVersion(id, entries, images) ?? '(not in the boot menu)',
      describe: JSON.stringify(JSON.parse(point.raw), null, 2),
    };
    if (earlier !== null) technical.compared = `${earlier}..${id}`;
    return {
      comparedWith: earlier,
      // sysupdate names no packages: what changed is told by the changelog pages it links.
      descriptions: point.changelogUrls,
      packages: null,
      changedFiles: null,
      technical,
    };
  }

  async goBack(id: string, signal: AbortSignal): Promise<void> {
    const described = await this.installed(signal);
    if (!described.some((d) => d.version === id)) throw missing(id);
    // The default start needs no entry: clearing the one-shot entry goes (back) to it.
    if (id === (await this.host.newestInstalled(signal))) {
      await this.setEntry('', signal);
      return;
    }
    const [entries, images] = await Promise.all([this.bootEntries.entries(signal), this.images()]);
    const entry = entryForVersion(id, entries, images);
    if (entry === null)
      throw new KairnError('not-found', {
        reason: 'boot-entry-missing',
        detail:
          `logind BootLoaderEntries has no entry for version ${id} ` +
          `(looked for ${images.map((i) => `${i}_${id}.efi`).join(' or ')}; ` +
          `it lists ${entries.join(', ') || 'nothing'})`,
      });
    await this.setEntry(entry, signal);
  }

  /** SetRebootToBootLoaderEntry, with logind dying or not answering said as what they mean for going back. */
  private async setEntry(entry: string, signal: AbortSignal): Promise<void> {
    try {
      await this.bootEntries.set(entry, signal);
    } catch (err) {
      throw explainSetEntry(err, entry);
    }
  }

  keep(): Promise<never> {
    return Promise.reject(
      new KairnError('not-yet-available', {
        reason: 'sysupdate-keeps-itself',
        detail: KEEP_DETAIL,
      }),
    );
  }

  /** Installed versions with Describe's facts, oldest first (List answers newest first). */
  private async installed(signal?: AbortSignal): Promise<VersionDescription[]> {
    const versions = await this.host.installedVersions(signal);
    const described: VersionDescription[] = [];
    // One at a time: every call forks a systemd-sysupdate worker on the real machine.
    for (const version of versions) described.push(await this.host.describe(version, signal));
    return described.filter((d) => d.installed).reverse();
  }

  /** The UKI name prefixes to look for: os-release IMAGE_ID, then ID, then KDE Linux's own. */
  private async images(): Promise<string[]> {
    const os = await readOsRelease(
      this.deps.fs,
      this.deps.env.osReleasePath,
      this.deps.env.sysRoot ?? '/',
    );
    return [...new Set([os.imageId, os.id, DEFAULT_IMAGE].filter((i): i is string => !!i))];
  }
}

function missing(id: string): KairnError {
  return new KairnError('not-found', {
    reason: 'restore-point-missing',
    detail: `no installed version ${id} on sysupdate's host target`,
  });
}
