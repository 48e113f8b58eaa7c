import { z } from 'zod';

import { KairnError } from '../../core/errors';
import { callMethod } from '../dbus/call';
import type { BusConnection } from '../dbus/connection';
import type { ErrorTable } from '../dbus/errors';

/** org.freedesktop.sysupdate1 exactly as sysupdated spells it (reference §5.1-5.3). */
export const SYSUPDATE = {
  destination: 'org.freedesktop.sysupdate1',
  managerPath: '/org/freedesktop/sysupdate1',
  managerInterface: 'org.freedesktop.sysupdate1.Manager',
  targetInterface: 'org.freedesktop.sysupdate1.Target',
} as const;

/** SD_SYSUPDATE_OFFLINE: List/Describe look only at what is on this machine. */
const FLAG_OFFLINE = 1n;
const TIMEOUT_MS = 25_000;
const MISSING = { code: 'service-missing', reason: 'sysupdate-missing' } as const;

export const SYSUPDATE_ERRORS: ErrorTable = {
  'org.freedesktop.DBus.Error.ServiceUnknown': MISSING,
  'org.freedesktop.DBus.Error.NameHasNoOwner': MISSING,
  'org.freedesktop.DBus.Error.Spawn.ExecFailed': MISSING,
  'org.freedesktop.DBus.Error.Spawn.ChildExited': MISSING,
  'org.freedesktop.DBus.Error.Spawn.ServiceNotFound': MISSING,
  'org.freedesktop.DBus.Error.AccessDenied': {
    code: 'access-denied',
    reason: 'sysupdate-not-allowed',
  },
};

/**
 * Describe()'s JSON. Newer sysupdate says `changelogUrls` (array), an older doc `changelog-url`
 * (string); flags a generation does not know are absent.
 */
const DescribeJson = z.object({
  version: z.string().min(1),
  newest: z.boolean().optional(),
  available: z.boolean().optional(),
  installed: z.boolean().optional(),
  obsolete: z.boolean().optional(),
  protected: z.boolean().optional(),
  incomplete: z.boolean().optional(),
  changelogUrls: z.array(z.string()).optional(),
  'changelog-url': z.string().optional(),
});

export interface VersionDescription {
  version: string;
  newest: boolean;
  installed: boolean;
  obsolete: boolean;
  protected: boolean;
  changelogUrls: string[];
  /** Describe()'s answer as sysupdated sent it, for Details. */
  raw: string;
}

/** How this sysupdated wants List and Describe called (the API changed between systemd releases). */
export interface CallShapes {
  list: 'b' | 't';
  describe: 'sb' | 'st';
}

/** "in" signatures of each method of one interface in introspection XML. */
export function inSignatures(xml: string, iface: string): Map<string, string> {
  const escaped = iface.replace(/\./g, '\\.');
  const body = new RegExp(`<interface\\s+name="${escaped}"\\s*>([\\s\\S]*?)</interface>`).exec(
    xml,
  )?.[1];
  const out = new Map<string, string>();
  if (body === undefined) return out;
  for (const m of body.matchAll(/<method\s+name="([^"]+)"\s*(?:\/>|>([\s\S]*?)<\/method>)/g)) {
    const args = [...(m[2] ?? '').matchAll(/<arg\s([^>]*)\/?>/g)].map((a) => a[1] ?? '');
    const ins = args
      .filter((attrs) => !/direction="out"/.test(attrs))
      .map((attrs) => /type="([^"]+)"/.exec(attrs)?.[1] ?? '');
    out.set(m[1] ?? '', ins.join(''));
  }
  return out;
}

/** Picks List/Describe's shapes from what the target says it has; never assumes a generation. */
export function callShapes(xml: string): CallShapes {
  const sigs = inSignatures(xml, SYSUPDATE.targetInterface);
  const list = sigs.get('List');
  const describe = sigs.get('Describe');
  if ((list === 'b' || list === 't') && (describe === 'sb' || describe === 'st'))
    return { list, describe };
  throw new KairnError('backend-failed', {
    reason: 'sysupdate-unknown-api',
    detail: `${SYSUPDATE.targetInterface}: List(${list ?? 'missing'}), Describe(${describe ?? 'missing'})`,
  });
}

/**
 * sysupdated's host target: found with Manager.ListTargets, introspected once per connection to
 * learn its API generation (re-learned when sysupdated is replaced by another build).
 */
export class SysupdateHostTarget {
  private learned: { path: string; shapes: CallShapes } | null = null;

  constructor(private readonly conn: BusConnection) {}

  /** The target's object path and the call shapes its generation uses. */
  async target(signal?: AbortSignal): Promise<{ path: string; shapes: CallShapes }> {
    if (this.learned) return this.learned;
    const [targets] = await this.call(
      SYSUPDATE.managerPath,
      SYSUPDATE.managerInterface,
      'ListTargets',
      '',
      [],
      signal,
    );
    const host = (Array.isArray(targets) ? targets : []).find(
      (t): t is [string, string, string] =>
        Array.isArray(t) && t[0] === 'host' && typeof t[2] === 'string',
    );
    if (!host)
      throw new KairnError('not-yet-available', {
        reason: 'sysupdate-no-host',
        detail: `${SYSUPDATE.managerInterface}.ListTargets lists no "host" target`,
      });
    const [xml] = await this.call(
      host[2],
      'org.freedesktop.DBus.Introspectable',
      'Introspect',
      '',
      [],
      signal,
    );
    this.learned = { path: host[2], shapes: callShapes(String(xml)) };
    return this.learned;
  }

  /** Installed versions (List with the offline flag), as sysupdate orders them. */
  async installedVersions(signal?: AbortSignal): Promise<string[]> {
    return this.onTarget(signal, async ({ path, shapes }) => {
      const flag = shapes.list === 'b' ? true : FLAG_OFFLINE;
      const [versions] = await this.call(
        path,
        SYSUPDATE.targetInterface,
        'List',
        shapes.list,
        [flag],
        signal,
      );
      return Array.isArray(versions)
        ? versions.filter((v): v is string => typeof v === 'string')
        : [];
    });
  }

  async describe(version: string, signal?: AbortSignal): Promise<VersionDescription> {
    return this.onTarget(signal, async ({ path, shapes }) => {
      const flag = shapes.describe === 'sb' ? true : FLAG_OFFLINE;
      const [json] = await this.call(
        path,
        SYSUPDATE.targetInterface,
        'Describe',
        shapes.describe,
        [version, flag],
        signal,
      );
      return parseDescription(String(json));
    });
  }

  /** GetVersion(): the newest installed version (what the boot loader starts by default); null when none. */
  async newestInstalled(signal?: AbortSignal): Promise<string | null> {
    return this.onTarget(signal, async ({ path }) => {
      const [v] = await this.call(path, SYSUPDATE.targetInterface, 'GetVersion', '', [], signal);
      return typeof v === 'string' && v !== '' ? v : null;
    });
  }

  /** GetAppStream(): the AppStream catalogue URLs of the target (release notes live there). */
  async appStream(signal?: AbortSignal): Promise<string[]> {
    return this.onTarget(signal, async ({ path }) => {
      const [urls] = await this.call(
        path,
        SYSUPDATE.targetInterface,
        'GetAppStream',
        '',
        [],
        signal,
      );
      return Array.isArray(urls) ? urls.filter((u): u is string => typeof u === 'string') : [];
    });
  }

  /**
   * Runs `work` on the learned target. A refused shape means another sysupdated build answers
   * now: learn its shapes again and retry once. A vanished daemon forgets what was learned.
   */
  private async onTarget<T>(
    signal: AbortSignal | undefined,
    work: (t: { path: string; shapes: CallShapes }) => Promise<T>,
  ): Promise<T> {
    try {
      return await work(await this.target(signal));
    } catch (err) {
      if (!(err instanceof KairnError)) throw err;
      const stale =
        /^org\.freedesktop\.DBus\.Error\.(UnknownMethod|UnknownObject|InvalidArgs)/.test(
          err.detail ?? '',
        );
      if (stale || err.code === 'service-missing') this.learned = null;
      if (!stale) throw err;
      return work(await this.target(signal));
    }
  }

  private call(
    path: string,
    iface: string,
    member: string,
    signature: string,
    body: unknown[],
    signal?: AbortSignal,
  ): Promise<unknown[]> {
    return callMethod(
      this.conn,
      { destination: SYSUPDATE.destination, path, interface: iface, member, signature, body },
      { timeoutMs: TIMEOUT_MS, signal, errors: SYSUPDATE_ERRORS },
    );
  }
}

function parseDescription(raw: string): VersionDescription {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    value = null;
  }
  const parsed = DescribeJson.safeParse(value);
  if (!parsed.success)
    throw new KairnError('backend-failed', {
      reason: 'sysupdate-bad-answer',
      detail: `Describe returned ${raw.slice(0, 200)}`,
    });
  const d = parsed.data;
  return {
    version: d.version,
    newest: d.newest ?? false,
    installed: d.installed ?? false,
    obsolete: d.obsolete ?? false,
    protected: d.protected ?? false,
    changelogUrls: d.changelogUrls ?? (d['changelog-url'] ? [d['changelog-url']] : []),
    raw,
  };
}
