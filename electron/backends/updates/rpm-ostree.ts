import dbus from 'dbus-next';

import type { KairnEnvironment } from '../../core/env';
import { KairnError } from '../../core/errors';
import type { Unavailable } from '../../core/ports/restore-points';
import type {
  PrepareInfo,
  SystemUpdateRecord,
  UpdateCheckInfo,
  UpdateProgress,
  UpdatesPort,
} from '../../core/ports/updates';
import { SYSTEM_FILES } from '../../core/system/sysroot';
import { callMethod, nameState, type MethodCall } from '../dbus/call';
import type { BusConnection } from '../dbus/connection';
import { readFlag, type FlagFs } from '../restart-detection/flag-file';
import type { DeploymentsSource } from '../restart-detection/ostree';
import {
  OS_IFACE,
  RPM_OSTREE,
  RPM_OSTREE_ERRORS,
  SYSROOT_IFACE,
  SYSROOT_PATH,
} from '../restore-points/rpm-ostree';
import { parseRpmDiff } from '../restore-points/rpm-ostree-diff';
import { followTransaction } from '../restore-points/rpm-ostree-transaction';
import { asUpdateError } from './errors';

const PROPS = 'org.freedesktop.DBus.Properties';

function unwrap(value: unknown): unknown {
  return value instanceof dbus.Variant ? (value.value as unknown) : value;
}

function dictOf(value: unknown): Record<string, unknown> {
  const raw = unwrap(value);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, unwrap(v)]));
}

export interface RpmOstreeUpdatesOptions {
  /** Longest Kairn waits for a transaction's Finished before it cancels it (default 30 minutes). */
  transactionTimeoutMs?: number;
}

/**
 * Fedora Atomic / Universal Blue updates over rpm-ostreed (reference §4.3, §4.5):
 * Check = OS.AutomaticUpdateTrigger({mode: "check"}) — what `rpm-ostree upgrade --check` does —
 * then OS.CachedUpdate; Prepare = OS.Upgrade({reboot: false}), which stages the new deployment
 * for the next start. Both are transactions followed on their private socket, cancellable.
 */
export class RpmOstreeUpdates implements UpdatesPort {
  readonly cancellable = true;
  private readonly timeoutMs: number;

  constructor(
    private readonly conn: BusConnection,
    private readonly deployments: DeploymentsSource,
    private readonly fs: FlagFs,
    private readonly env: Pick<KairnEnvironment, 'sysRoot'>,
    options: RpmOstreeUpdatesOptions = {},
  ) {
    this.timeoutMs = options.transactionTimeoutMs ?? 30 * 60_000;
  }

  async checkUnavailable(): Promise<Unavailable | null> {
    if ((await nameState(this.conn, RPM_OSTREE)) === 'missing')
      return {
        reason: 'updates-service-missing',
        detail: `${RPM_OSTREE} is not on the system bus`,
      };
    return null;
  }

  prepareUnavailable(): Promise<Unavailable | null> {
    return this.checkUnavailable();
  }

  async check(
    signal: AbortSignal,
    progress: (step: UpdateProgress) => void,
  ): Promise<UpdateCheckInfo> {
    const what = 'OS.AutomaticUpdateTrigger(mode=check)';
    const os = await this.osPath(signal);
    const [enabled, address] = await this.run(
      {
        path: os,
        interface: OS_IFACE,
        member: 'AutomaticUpdateTrigger',
        signature: 'a{sv}',
        body: [{ mode: new dbus.Variant('s', 'check') }],
      },
      what,
      // Not aborted half way: a transaction that exists is ended by follow() (cancel included).
    );
    if (typeof address === 'string' && address !== '')
      await this.follow(address, what, signal, progress);
    await this.reload();
    const cached = dictOf(
      (
        await this.run(
          {
            path: os,
            interface: PROPS,
            member: 'Get',
            signature: 'ss',
            body: [OS_IFACE, 'CachedUpdate'],
          },
          'OS.CachedUpdate',
          signal,
        )
      )[0],
    );
    const technical: Record<string, string> = {
      method: what,
      enabled: enabled === true ? 'yes' : 'no',
    };
    const version = typeof cached.version === 'string' ? cached.version : null;
    const checksum = typeof cached.checksum === 'string' ? cached.checksum : null;
    if (checksum === null) return { available: false, version: null, packages: null, technical };
    technical.checksum = checksum;
    technical.version = version ?? '(none)';
    const source = cached.origin ?? cached['container-image-reference'];
    if (typeof source === 'string') technical.source = source;
    let packages: UpdateCheckInfo['packages'] = null;
    try {
      const [diff] = await this.run(
        {
          path: os,
          interface: OS_IFACE,
          member: 'GetCachedUpdateRpmDiff',
          signature: 's',
          body: [''],
        },
        'OS.GetCachedUpdateRpmDiff',
        signal,
      );
      const parsed = parseRpmDiff(diff);
      packages = { added: parsed.added, updated: parsed.updated, removed: parsed.removed };
      technical.packages = parsed.technical.join('\n') || '(no package changes)';
    } catch (err) {
      // The version is known even when its package list is not (container images have none cached).
      technical.packages = `not read: ${err instanceof Error ? err.message : String(err)}`;
    }
    return { available: true, version, packages, technical };
  }

  async prepare(
    signal: AbortSignal,
    progress: (step: UpdateProgress) => void,
  ): Promise<PrepareInfo> {
    const what = 'OS.Upgrade';
    await this.reload();
    const before = (await this.deployments.current(signal)).find((d) => d.staged)?.id ?? null;
    const os = await this.osPath(signal);
    const [address] = await this.run(
      {
        path: os,
        interface: OS_IFACE,
        member: 'Upgrade',
        signature: 'a{sv}',
        body: [{ reboot: new dbus.Variant('b', false) }],
      },
      what,
    );
    if (typeof address !== 'string' || address === '')
      throw new KairnError('backend-failed', {
        reason: 'update-failed',
        detail: `${what} returned no transaction`,
      });
    try {
      await this.follow(address, what, signal, progress);
    } finally {
      await this.reload();
    }
    const staged = (await this.deployments.current()).find((d) => d.staged);
    // The same staged deployment as before (or none): the newest was already there.
    if (!staged || staged.id === before) return { version: null, nothingToDo: true };
    return { version: staged.version, nothingToDo: false };
  }

  /** A staged deployment is the system's record of an update that worked; the runstate file says when. */
  async lastFromSystem(signal?: AbortSignal): Promise<SystemUpdateRecord | null> {
    const flag = await readFlag(this.fs, this.env, SYSTEM_FILES.ostreeStaged);
    if (!flag) return null;
    const staged = (await this.deployments.current(signal).catch(() => [])).find((d) => d.staged);
    return {
      at: flag.since,
      outcome: 'succeeded',
      version: staged?.version ?? null,
      detail: staged ? `staged deployment ${staged.id}` : SYSTEM_FILES.ostreeStaged,
    };
  }

  private async follow(
    address: string,
    what: string,
    signal: AbortSignal,
    progress: (step: UpdateProgress) => void,
  ): Promise<void> {
    try {
      await followTransaction(address, { signal, timeoutMs: this.timeoutMs, progress, what });
    } catch (err) {
      throw asUpdateError(err, `polkit action org.projectatomic.rpmostree1.upgrade (${what})`);
    }
  }

  private async osPath(signal?: AbortSignal): Promise<string> {
    const [value] = await this.run(
      {
        path: SYSROOT_PATH,
        interface: PROPS,
        member: 'Get',
        signature: 'ss',
        body: [SYSROOT_IFACE, 'Booted'],
      },
      'Sysroot.Booted',
      signal,
    );
    const path = unwrap(value);
    if (typeof path !== 'string')
      throw new KairnError('backend-failed', { detail: 'Sysroot.Booted is not an object path' });
    return path;
  }

  /** Sysroot.Reload: properties are fresh only after it (the CLI does the same). */
  private async reload(): Promise<void> {
    await this.run(
      { path: SYSROOT_PATH, interface: SYSROOT_IFACE, member: 'Reload' },
      'Sysroot.Reload',
    ).catch(() => undefined);
  }

  private async run(
    request: Omit<MethodCall, 'destination'>,
    what: string,
    signal?: AbortSignal,
  ): Promise<unknown[]> {
    try {
      return await callMethod(
        this.conn,
        { destination: RPM_OSTREE, ...request },
        { signal, errors: RPM_OSTREE_ERRORS },
      );
    } catch (err) {
      throw asUpdateError(err, what);
    }
  }
}
