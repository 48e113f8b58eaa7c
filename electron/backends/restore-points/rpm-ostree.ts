import dbus from 'dbus-next';

import { KairnError } from '../../core/errors';
import type {
  BootPoints,
  GoBackProgress,
  RestorePointChangesInfo,
  RestorePointInfo,
  RestorePointsPort,
  Unavailable,
} from '../../core/ports/restore-points';
import { callMethod, nameState, type MethodCall } from '../dbus/call';
import type { BusConnection } from '../dbus/connection';
import type { ErrorTable } from '../dbus/errors';
import {
  groupByPoint,
  parseDeployments,
  planGoBack,
  pointIdOf,
  type Deployment,
  type GoBackPlan,
  type PointDeployments,
} from './rpm-ostree-deployments';
import { RpmOstreeRegistration } from '../rpm-ostree/registration';
export { SYSROOT_IFACE, SYSROOT_PATH } from '../rpm-ostree/sysroot';
import { readBootedOsPath, stringOf, SYSROOT_IFACE, SYSROOT_PATH } from '../rpm-ostree/sysroot';
import { parseRpmDiff } from './rpm-ostree-diff';
import { followTransaction } from './rpm-ostree-transaction';

export const RPM_OSTREE = 'org.projectatomic.rpmostree1';
export const OS_IFACE = 'org.projectatomic.rpmostree1.OS';
export const POLKIT = 'org.projectatomic.rpmostree1.';
/** GDBus' generic encoding of G_IO_ERROR_* (rpm-ostreed registers no names for them). */
const GIO = 'org.gtk.GDBus.UnmappedGError.Quark._g_2dio_2derror_2dquark.Code';

const MISSING = { code: 'service-missing', reason: 'rpm-ostree-missing' } as const;
const BUSY = { code: 'busy', reason: 'rollback-running' } as const;

/** rpm-ostreed's answers → contract codes (reference §4.5, §4.7). */
export const RPM_OSTREE_ERRORS: ErrorTable = {
  'org.freedesktop.DBus.Error.ServiceUnknown': MISSING,
  'org.freedesktop.DBus.Error.NameHasNoOwner': MISSING,
  'org.freedesktop.DBus.Error.Spawn.ExecFailed': MISSING,
  'org.freedesktop.DBus.Error.Spawn.ChildExited': MISSING,
  'org.freedesktop.DBus.Error.Spawn.ServiceNotFound': MISSING,
  [`${GIO}26`]: BUSY,
  'org.projectatomic.rpmostreed.Error.UpdateInProgress': BUSY,
  [`${GIO}1`]: { code: 'not-found', reason: 'restore-point-missing' },
  'org.freedesktop.DBus.Error.AccessDenied': {
    code: 'access-denied',
    reason: 'rollback-not-allowed',
  },
  'org.projectatomic.rpmostreed.Error.NotAuthorized': {
    code: 'access-denied',
    reason: 'rollback-not-allowed',
  },
};

/** The command a helper (an administrator) can run to keep a deployment: there is no D-Bus call. */
export function pinCommand(index: number | string): string {
  return `sudo ostree admin pin ${index}`;
}

export interface RpmOstreeOptions {
  /** Longest Kairn waits for a transaction's Finished before it cancels it (default 9 minutes). */
  transactionTimeoutMs?: number;
}

/**
 * Fedora Atomic (Kinoite, Silverblue) and Universal Blue: restore points are rpm-ostree's
 * deployments (Sysroot.Deployments, boot order); going back is OS.Rollback, OS.Deploy or OS.Rebase
 * (on container images OS.Rollback only) run as a transaction on its private socket, followed by
 * a tiny peer client of our own (no dbus-next Hello).
 */
export class RpmOstreeRestorePoints implements RestorePointsPort {
  /** Transaction.Cancel stops a running transaction. */
  readonly cancellable = true;
  private readonly timeoutMs: number;
  private readonly registration: RpmOstreeRegistration;
  private reading: Promise<Deployment[]> | null = null;

  constructor(
    private readonly conn: BusConnection,
    options: RpmOstreeOptions = {},
  ) {
    this.timeoutMs = options.transactionTimeoutMs ?? 9 * 60_000;
    this.registration = RpmOstreeRegistration.of(conn);
  }

  async listUnavailable(): Promise<Unavailable | null> {
    if ((await nameState(this.conn, RPM_OSTREE)) === 'missing')
      return { reason: 'rpm-ostree-missing', detail: `${RPM_OSTREE} is not on the system bus` };
    return null;
  }

  goBackUnavailable(): Promise<Unavailable | null> {
    return this.listUnavailable();
  }

  /** Pinning (`ostree admin pin`) has no D-Bus call and needs root: Kairn says which command, never runs it. */
  keepUnavailable(): Promise<Unavailable | null> {
    return Promise.resolve({
      reason: 'keep-needs-admin-command',
      detail: `rpm-ostree has no D-Bus call to pin a deployment; an administrator can run ${pinCommand('<index>')} (the index is shown under Details)`,
    });
  }

  async list(signal?: AbortSignal): Promise<RestorePointInfo[]> {
    const deployments = await this.deployments(signal);
    const points = groupByPoint(deployments);
    return points
      .map((p) => {
        // A point rpm-ostree cannot reach from here gets no button (goBack says why if asked anyway).
        const plan = planGoBack(deployments, p);
        return {
          id: p.id,
          version: p.first.version,
          date: new Date(p.first.timestamp * 1000),
          kind: 'update' as const,
          description: describe(p.first),
          kept: p.all.some((d) => d.pinned),
          ...(plan.kind === 'blocked' ? { goBackBlocked: plan.reason } : {}),
        };
      })
      .sort((a, b) => a.date.getTime() - b.date.getTime());
  }

  async boot(signal?: AbortSignal): Promise<BootPoints> {
    const deployments = await this.deployments(signal);
    const booted = deployments.find((d) => d.booted);
    const first = deployments[0];
    return {
      running: booted ? pointIdOf(booted) : null,
      nextStart: first ? pointIdOf(first) : null,
    };
  }

  async changes(id: string, signal?: AbortSignal): Promise<RestorePointChangesInfo> {
    const deployments = await this.deployments(signal);
    const points = groupByPoint(deployments);
    const point = this.find(points, id);
    const booted = deployments.find((d) => d.booted);
    // Compared with what runs now: that is what going there changes. The running one itself is
    // compared with the newest point older than it, so it still says what it brought.
    const other =
      booted && pointIdOf(booted) !== id
        ? booted
        : points
            .map((p) => p.first)
            .filter((d) => d.timestamp < point.first.timestamp)
            .sort((a, b) => b.timestamp - a.timestamp)[0];
    const technical: Record<string, string> = {
      deployment: point.all.map((d) => d.id).join(', '),
      index: point.all.map((d) => String(d.index)).join(', '),
      osname: point.first.osname,
      checksum: point.first.checksum,
      version: point.first.version ?? '(none)',
      timestamp: new Date(point.first.timestamp * 1000).toISOString(),
      source: point.first.source ?? '(none)',
      pinned: point.all.some((d) => d.pinned) ? 'yes' : 'no',
      staged: point.all.some((d) => d.staged) ? 'yes' : 'no',
      booted: point.all.some((d) => d.booted) ? 'yes' : 'no',
      keep: point.all.some((d) => d.pinned)
        ? `already pinned (unpin: sudo ostree admin pin --unpin ${point.first.index})`
        : `${pinCommand(point.first.index)} (rpm-ostree has no D-Bus call for pinning)`,
    };
    if (!other) {
      return {
        comparedWith: null,
        descriptions: [describe(point.first)],
        packages: null,
        changedFiles: null,
        technical,
      };
    }
    const [diff] = await this.call(
      {
        path: await this.bootedOsPath(signal),
        interface: OS_IFACE,
        member: 'GetDeploymentsRpmDiff',
        signature: 'ss',
        body: [other.id, point.first.id],
      },
      signal,
    );
    const packages = parseRpmDiff(diff);
    technical.compared = `${other.id} → ${point.first.id}`;
    technical.packages =
      packages.technical.length === 0 ? '(no package changes)' : packages.technical.join('\n');
    return {
      comparedWith: pointIdOf(other),
      descriptions: [describe(point.first)],
      packages: { added: packages.added, updated: packages.updated, removed: packages.removed },
      changedFiles: null,
      technical,
    };
  }

  async goBack(
    id: string,
    signal: AbortSignal,
    progress?: (step: GoBackProgress) => void,
  ): Promise<void> {
    // Registered from the first call to the last Reload, as the rpm-ostree CLI is.
    await this.registration.during(() => this.goBackRegistered(id, signal, progress));
  }

  private async goBackRegistered(
    id: string,
    signal: AbortSignal,
    progress?: (step: GoBackProgress) => void,
  ): Promise<void> {
    // The daemon re-reads the sysroot before a transaction; so does Kairn before choosing how to go.
    await this.call({ path: SYSROOT_PATH, interface: SYSROOT_IFACE, member: 'Reload' }, signal);
    this.reading = null;
    const deployments = await this.deployments(signal);
    const target = this.find(groupByPoint(deployments), id);
    const plan = planGoBack(deployments, target);
    if (plan.kind === 'nothing') return;
    if (plan.kind === 'blocked')
      throw new KairnError('not-yet-available', { reason: plan.reason, detail: plan.detail });
    const request = goBackRequest(plan, await this.bootedOsPath(signal));
    const action = plan.kind === 'rollback' ? 'rollback' : plan.kind;
    let address: string;
    try {
      address = stringOf((await this.call(request.call, signal))[0], 'the transaction address');
    } catch (err) {
      throw withAction(err, `${POLKIT}${action}`, `OS.${request.call.member}`);
    }
    try {
      await followTransaction(address, {
        signal,
        timeoutMs: this.timeoutMs,
        progress,
        what: request.what,
      });
    } catch (err) {
      throw withAction(err, `${POLKIT}${action}`, `OS.${request.call.member}`);
    } finally {
      // Properties are fresh only after Reload (the CLI does the same); a gone daemon is activated again.
      this.reading = null;
      await this.call({ path: SYSROOT_PATH, interface: SYSROOT_IFACE, member: 'Reload' }).catch(
        () => undefined,
      );
    }
  }

  keep(): Promise<never> {
    return Promise.reject(
      new KairnError('not-yet-available', {
        reason: 'keep-needs-admin-command',
        detail: `rpm-ostree has no D-Bus call to pin a deployment; an administrator can run ${pinCommand('<index>')}`,
      }),
    );
  }

  /** Sysroot.Deployments in boot order (restart detection and updates read the staged one). */
  current(signal?: AbortSignal): Promise<Deployment[]> {
    return this.deployments(signal);
  }

  /** Sysroot.Deployments; concurrent readers (list + boot) share one call. */
  private deployments(signal?: AbortSignal): Promise<Deployment[]> {
    if (this.reading) return this.reading;
    const reading = (async () => {
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
    })();
    this.reading = reading;
    const clear = (): void => {
      if (this.reading === reading) this.reading = null;
    };
    reading.then(clear, clear);
    return reading;
  }

  private find(points: PointDeployments[], id: string): PointDeployments {
    const found = points.find((p) => p.id === id);
    if (!found)
      throw new KairnError('not-found', {
        reason: 'restore-point-missing',
        detail: `restore point ${id}`,
      });
    return found;
  }

  private bootedOsPath(signal?: AbortSignal): Promise<string> {
    return readBootedOsPath((request, s) => this.call(request, s), signal);
  }

  private call(request: Omit<MethodCall, 'destination'>, signal?: AbortSignal): Promise<unknown[]> {
    return callMethod(
      this.conn,
      { destination: RPM_OSTREE, ...request },
      { signal, errors: RPM_OSTREE_ERRORS },
    );
  }
}

/** The OS method a plan needs, with options `reboot: false` (Kairn offers the restart itself). */
function goBackRequest(
  plan: Exclude<GoBackPlan, { kind: 'nothing' | 'blocked' }>,
  osPath: string,
): { call: Omit<MethodCall, 'destination'>; what: string } {
  const reboot = new dbus.Variant('b', false);
  const os = { path: osPath, interface: OS_IFACE };
  switch (plan.kind) {
    case 'rollback':
      return {
        call: { ...os, member: 'Rollback', signature: 'a{sv}', body: [{ reboot }] },
        what: 'OS.Rollback',
      };
    case 'deploy': {
      // A checksum goes as it is; a version is said to be one (a version may look like anything).
      const revision = /^[0-9a-f]{64}$/.test(plan.version)
        ? plan.version
        : `version=${plan.version}`;
      return {
        call: { ...os, member: 'Deploy', signature: 'sa{sv}', body: [revision, { reboot }] },
        what: `OS.Deploy(${revision})`,
      };
    }
    case 'rebase':
      // What `rpm-ostree rebase REFSPEC CHECKSUM` asks: that branch, pinned to that exact commit.
      return {
        call: {
          ...os,
          member: 'Rebase',
          signature: 'a{sv}sas',
          body: [{ revision: new dbus.Variant('s', plan.checksum), reboot }, plan.refspec, []],
        },
        what: `OS.Rebase(${plan.refspec}, revision=${plan.checksum})`,
      };
  }
}

/** "Fedora 43.20261128.0 (fedora:fedora/43/x86_64/kinoite)": the backend's words for Details. */
function describe(d: Deployment): string {
  const version = d.version ?? d.checksum.slice(0, 12);
  return d.source === null ? version : `${version} (${d.source})`;
}

/** Puts the polkit action (for a refusal) and the method into the detail the view shows under Details. */
function withAction(err: unknown, action: string, method: string): unknown {
  if (!(err instanceof KairnError)) return err;
  if (err.code === 'access-denied')
    return new KairnError('access-denied', {
      reason: 'rollback-not-allowed',
      detail: `polkit action ${action} (${method}): ${err.detail ?? ''}`,
      cause: err,
    });
  if (err.code === 'backend-failed' && /NoReply|Disconnected/.test(err.detail ?? ''))
    return new KairnError('backend-failed', {
      reason: 'rpm-ostree-stopped',
      detail: err.detail,
      cause: err,
    });
  return err;
}
