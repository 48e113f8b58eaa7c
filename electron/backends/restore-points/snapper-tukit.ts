import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { RestorePointKind } from '../../../shared/schemas/restore-points';
import { KairnError } from '../../core/errors';
import { parseOsReleaseFields } from '../../core/family/os-release';
import type {
  BootPoints,
  RestorePointChangesInfo,
  RestorePointInfo,
  RestorePointsPort,
  Unavailable,
} from '../../core/ports/restore-points';
import type { SnapperSnapshotInfo } from '../../core/ports/snapper';
import { callMethod, nameState } from '../dbus/call';
import type { BusConnection } from '../dbus/connection';
import type { SnapperDBusAdapter } from '../snapper/adapter';
import { explainTukit, TUKIT_ERRORS } from '../tukit/errors';
import { TUKIT_SNAPSHOT, TUKIT_SNAPSHOT_METHODS } from '../tukit/proxy';

export interface SnapperTukitOptions {
  /** Longest Kairn waits for tukit's RollbackTo (default 5 minutes). */
  goBackTimeoutMs?: number;
}

/** Snapshot ids are snapper numbers as text; anything else is not a restore point here. */
function numberOf(id: string): number {
  if (!/^[1-9][0-9]{0,9}$/.test(id))
    throw new KairnError('not-found', {
      reason: 'restore-point-missing',
      detail: `restore point ${id}`,
    });
  return Number(id);
}

/** transactional-update's and snapper rollback's own words (reference §1.9, §2.5). */
function kindOf(s: SnapperSnapshotInfo): RestorePointKind {
  if (/^Snapshot Update of #\d+/.test(s.description)) return 'update';
  if (/^rollback backup of #\d+/i.test(s.description)) return 'rollback-backup';
  if (s.type === 'post') return 'change';
  return s.description.trim() === '' ? 'other' : 'named';
}

/** The version a snapshot holds: its os-release's IMAGE_VERSION or VERSION_ID; null when unreadable. */
async function versionIn(dir: string): Promise<string | null> {
  for (const file of ['usr/lib/os-release', 'etc/os-release']) {
    const text = await readFile(join(dir, file), 'utf8').catch(() => null);
    if (text === null) continue;
    const fields = parseOsReleaseFields(text.slice(0, 64 * 1024));
    return fields.IMAGE_VERSION ?? fields.VERSION_ID ?? null;
  }
  return null;
}

/** Runs `work` over `items` with at most `limit` at a time, keeping order. */
async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}

/**
 * openSUSE Aeon / Kalpa / MicroOS: restore points are snapper's system config (the one on "/")
 * over snapperd; going back is tukit's Snapshot.RollbackTo, what `transactional-update rollback` does.
 */
export class SnapperTukitRestorePoints implements RestorePointsPort {
  /** RollbackTo runs `snapper rollback` inside tukitd: nothing to stop once asked. */
  readonly cancellable = false;
  private readonly goBackTimeoutMs: number;
  /** Versions read from snapshots, by "config/number@date/type" (see versionsOf). */
  private versionCache = new Map<string, string | null>();

  constructor(
    private readonly snapper: SnapperDBusAdapter,
    private readonly conn: BusConnection,
    private readonly config: string | null,
    options: SnapperTukitOptions = {},
  ) {
    this.goBackTimeoutMs = options.goBackTimeoutMs ?? 5 * 60_000;
  }

  async listUnavailable(): Promise<Unavailable | null> {
    if (this.config === null)
      return { reason: 'no-system-config', detail: 'no snapper config whose subvolume is "/"' };
    if ((await this.snapper.state()) === 'missing')
      return { reason: 'snapper-missing', detail: 'org.opensuse.Snapper is not on the system bus' };
    return null;
  }

  async goBackUnavailable(): Promise<Unavailable | null> {
    const why = await this.listUnavailable();
    if (why !== null) return why;
    if ((await nameState(this.conn, TUKIT_SNAPSHOT.destination)) === 'missing')
      return {
        reason: 'tukit-missing',
        detail: `${TUKIT_SNAPSHOT.destination} is not on the system bus`,
      };
    return null;
  }

  /** snapper's SetSnapshot is allowed to every user snapper's ALLOW_USERS lists; a refusal is access-denied. */
  keepUnavailable(): Promise<Unavailable | null> {
    return this.listUnavailable();
  }

  async list(signal?: AbortSignal): Promise<RestorePointInfo[]> {
    const config = this.systemConfig();
    const all = await this.snapper.listSnapshots(config, signal);
    // A pre/post pair is one change: the post stands for it, its pre is folded in.
    const paired = new Set(all.filter((s) => s.type === 'post').map((s) => s.preNumber));
    const points = all.filter((s) => !(s.type === 'pre' && paired.has(s.number)));
    const versions = await this.versionsOf(config, points, signal);
    return points.map((s, i) => ({
      id: String(s.number),
      version: versions[i] ?? null,
      date: new Date(s.date * 1000),
      kind: kindOf(s),
      description: s.description,
      kept: s.userdata.important === 'yes',
    }));
  }

  async boot(signal?: AbortSignal): Promise<BootPoints> {
    const found = await this.snapper.bootSnapshots(this.systemConfig(), signal);
    return {
      running: found.active === null ? null : String(found.active),
      nextStart: found.default === null ? null : String(found.default),
    };
  }

  async changes(id: string, signal?: AbortSignal): Promise<RestorePointChangesInfo> {
    const config = this.systemConfig();
    const number = numberOf(id);
    const snapshot = await this.snapper.getSnapshot(config, number, signal);
    const pre =
      snapshot.type === 'post' && snapshot.preNumber > 0
        ? await this.snapper.getSnapshot(config, snapshot.preNumber, signal).catch(() => null)
        : null;
    const earlier = pre?.number ?? (await this.previous(config, number, signal));
    const changedFiles =
      earlier === null
        ? null
        : await this.snapper.countChanges(config, earlier, number, signal).catch(() => null);
    const technical: Record<string, string> = {
      'snapper config': config,
      snapshot: String(number),
      type: snapshot.type,
      date: new Date(snapshot.date * 1000).toISOString(),
      cleanup: snapshot.cleanup === '' ? '(none)' : snapshot.cleanup,
      description: snapshot.description,
      userdata: Object.entries(snapshot.userdata)
        .map(([k, v]) => `${k}=${v}`)
        .join(', '),
    };
    if (pre) technical['pre snapshot'] = `${pre.number}: ${pre.description}`;
    if (earlier !== null) technical.compared = `${earlier}..${number}`;
    return {
      comparedWith: earlier === null ? null : String(earlier),
      descriptions: [...(pre ? [pre.description] : []), snapshot.description].filter(
        (d) => d !== '',
      ),
      packages: null,
      changedFiles,
      technical,
    };
  }

  async goBack(id: string): Promise<void> {
    const number = numberOf(id);
    const call = {
      ...TUKIT_SNAPSHOT,
      member: 'RollbackTo',
      signature: TUKIT_SNAPSHOT_METHODS.RollbackTo.in,
      body: [String(number)],
    };
    try {
      // No abort signal: once tukitd runs `snapper rollback` it finishes, so Kairn waits for the answer.
      await callMethod(this.conn, call, { timeoutMs: this.goBackTimeoutMs, errors: TUKIT_ERRORS });
    } catch (err) {
      throw explainTukit(err, 'RollbackTo');
    }
  }

  async keep(id: string, name: string): Promise<void> {
    const config = this.systemConfig();
    const number = numberOf(id);
    const snapshot = await this.snapper.getSnapshot(config, number);
    await this.snapper.setSnapshot(config, number, name, snapshot.cleanup, {
      ...snapshot.userdata,
      important: 'yes',
    });
  }

  /**
   * The os-release version each snapshot holds. A snapshot's files never change, so each one is
   * read once (one GetMountPoint call and one file read) and remembered by config, number,
   * date and type (snapper can reuse the number of a deleted snapshot; the date tells them
   * apart). Only the snapshots listed now are remembered; a failed GetMountPoint is not.
   */
  private async versionsOf(
    config: string,
    points: readonly SnapperSnapshotInfo[],
    signal?: AbortSignal,
  ): Promise<(string | null)[]> {
    const keyOf = (s: SnapperSnapshotInfo): string => `${config}/${s.number}@${s.date}/${s.type}`;
    const versions = await mapLimited(points, 8, async (s) => {
      const known = this.versionCache.get(keyOf(s));
      if (known !== undefined) return { version: known, remember: true };
      return this.snapper.snapshotDir(config, s.number, signal).then(
        async (dir) => ({ version: await versionIn(dir), remember: true }),
        () => ({ version: null, remember: false }),
      );
    });
    const next = new Map<string, string | null>();
    points.forEach((s, i) => {
      const found = versions[i];
      if (found?.remember === true) next.set(keyOf(s), found.version);
    });
    this.versionCache = next;
    return versions.map((v) => v.version);
  }

  private systemConfig(): string {
    if (this.config === null)
      throw new KairnError('not-yet-available', { reason: 'no-system-config' });
    return this.config;
  }

  /** The nearest restore point before `number` (snapper numbers grow with time). */
  private async previous(
    config: string,
    number: number,
    signal?: AbortSignal,
  ): Promise<number | null> {
    const before = (await this.snapper.listSnapshots(config, signal)).filter(
      (s) => s.number < number && s.type !== 'pre',
    );
    return before.at(-1)?.number ?? null;
  }
}
