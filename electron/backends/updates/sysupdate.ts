import { KairnError } from '../../core/errors';
import type { Unavailable } from '../../core/ports/restore-points';
import type {
  PrepareInfo,
  SystemUpdateRecord,
  UpdateCheckInfo,
  UpdateProgress,
  UpdatesPort,
} from '../../core/ports/updates';
import { callMethod, nameState, subscribeSignals } from '../dbus/call';
import type { BusConnection } from '../dbus/connection';
import {
  inSignatures,
  SYSUPDATE,
  SYSUPDATE_ERRORS,
  SysupdateHostTarget,
} from '../sysupdate/host-target';
import { asUpdateError } from './errors';

const JOB_INTERFACE = 'org.freedesktop.sysupdate1.Job';
const NO_CANDIDATE = 'org.freedesktop.sysupdate1.NoCandidate';
/** sd-bus's errno name for "Failed to start job: Device or resource busy" (an update or vacuum runs). */
const UPDATE_ERRORS = {
  ...SYSUPDATE_ERRORS,
  'System.Error.EBUSY': { code: 'busy', reason: 'update-busy' },
} as const;
/** Longest a download-and-install may take before Kairn cancels it. */
const DEFAULT_TIMEOUT_MS = 60 * 60_000;

/** How this sysupdated prepares an update: one Update call (≤ v259) or Acquire then Install (≥ v260). */
export type PrepareShape = 'update' | 'acquire-install';

export function prepareShape(xml: string): PrepareShape {
  const sigs = inSignatures(xml, SYSUPDATE.targetInterface);
  if (sigs.get('Update') === 'st') return 'update';
  if (sigs.get('Acquire') === 'st' && sigs.get('Install') === 'st') return 'acquire-install';
  throw new KairnError('backend-failed', {
    reason: 'sysupdate-unknown-api',
    detail: `${SYSUPDATE.targetInterface}: neither Update(st) nor Acquire(st)+Install(st)`,
  });
}

function isAborted(signal: AbortSignal): boolean {
  return signal.aborted;
}

interface JobEnd {
  status: number;
}

/**
 * KDE Linux (systemd-sysupdated, reference §5.2-5.5): Check = Target.CheckNew(); Prepare =
 * Update("", 0) or Acquire + Install by API generation, each a detached job whose Progress
 * comes as PropertiesChanged and whose end is Manager.JobRemoved. Cancel = Job.Cancel().
 */
export class SysupdateUpdates implements UpdatesPort {
  readonly cancellable = true;
  private readonly host: SysupdateHostTarget;
  private shape: { path: string; shape: PrepareShape } | null = null;

  constructor(
    private readonly conn: BusConnection,
    private readonly options: { timeoutMs?: number } = {},
  ) {
    this.host = new SysupdateHostTarget(conn);
  }

  async checkUnavailable(): Promise<Unavailable | null> {
    if ((await nameState(this.conn, SYSUPDATE.destination)) === 'missing')
      return {
        reason: 'updates-service-missing',
        detail: `${SYSUPDATE.destination} is not on the system bus`,
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
    progress({ percent: 0, text: 'CheckNew' });
    const { path } = await this.learn(signal);
    const [newer] = await this.call(
      path,
      SYSUPDATE.targetInterface,
      'CheckNew',
      '',
      [],
      'Target.CheckNew',
      signal,
    );
    const version = typeof newer === 'string' && newer !== '' ? newer : null;
    const installed = await this.host.newestInstalled(signal).catch(() => null);
    const technical: Record<string, string> = {
      method: 'Target.CheckNew()',
      answer: version ?? '"" (nothing newer)',
      'newest installed (GetVersion)': installed ?? '(none)',
    };
    return { available: version !== null, version, packages: null, technical };
  }

  async prepare(
    signal: AbortSignal,
    progress: (step: UpdateProgress) => void,
  ): Promise<PrepareInfo> {
    const { path, shape } = await this.learn(signal);
    if (shape === 'update') {
      const version = await this.runJob(path, 'Update', signal, (p) =>
        progress({ percent: p, text: 'Update' }),
      );
      return { version, nothingToDo: version === null };
    }
    // Acquire downloads, Install puts it in place; an already downloaded version goes straight to Install.
    const acquired = await this.runJob(path, 'Acquire', signal, (p) =>
      progress({ percent: Math.round(p * 0.8), text: 'Acquire' }),
    );
    const installed = await this.runJob(path, 'Install', signal, (p) =>
      progress({ percent: 80 + Math.round(p * 0.2), text: 'Install' }),
    );
    const version = installed ?? acquired;
    return { version, nothingToDo: installed === null };
  }

  /** sysupdated keeps no history of its runs over D-Bus: only Kairn's own record is known. */
  lastFromSystem(): Promise<SystemUpdateRecord | null> {
    return Promise.resolve(null);
  }

  /**
   * Starts a detached job (Update/Acquire/Install "" = newest, flags 0) and waits for its
   * JobRemoved. NoCandidate means nothing to do (null). Abort → Job.Cancel(), then the end.
   */
  private async runJob(
    target: string,
    method: 'Update' | 'Acquire' | 'Install',
    signal: AbortSignal,
    onProgress: (percent: number) => void,
  ): Promise<string | null> {
    if (signal.aborted) throw new KairnError('cancelled');
    const ends = new Map<bigint, JobEnd>();
    const waiters = new Map<bigint, (end: JobEnd) => void>();
    // Subscribed before the call: a short job can end before its answer is read.
    const stopRemoved = subscribeSignals(
      this.conn,
      {
        sender: SYSUPDATE.destination,
        path: SYSUPDATE.managerPath,
        interface: SYSUPDATE.managerInterface,
        member: 'JobRemoved',
      },
      (_member, body) => {
        const [id, , status] = body;
        if (typeof id !== 'bigint' || typeof status !== 'number') return;
        const waiter = waiters.get(id);
        if (waiter) waiter({ status });
        else ends.set(id, { status });
      },
    );
    let stopProgress = (): void => {};
    try {
      let answer: unknown[];
      try {
        // Not aborted half way: a job that started must be cancelled with Job.Cancel (below), never left.
        answer = await this.call(
          target,
          SYSUPDATE.targetInterface,
          method,
          'st',
          ['', 0n],
          `Target.${method}`,
        );
      } catch (err) {
        if (err instanceof KairnError && (err.detail ?? '').startsWith(NO_CANDIDATE)) return null;
        throw err;
      }
      const [version, id, jobPath] = answer;
      if (typeof id !== 'bigint' || typeof jobPath !== 'string')
        throw new KairnError('backend-failed', {
          reason: 'sysupdate-bad-answer',
          detail: `Target.${method} answered ${String(answer)}`,
        });
      stopProgress = subscribeSignals(
        this.conn,
        {
          sender: SYSUPDATE.destination,
          path: jobPath,
          interface: 'org.freedesktop.DBus.Properties',
          member: 'PropertiesChanged',
        },
        (_member, body) => {
          const changed = body[1] as Record<string, { value?: unknown }> | undefined;
          const value = changed?.Progress?.value;
          if (typeof value === 'number') onProgress(Math.max(0, Math.min(100, value)));
        },
      );
      const end = await this.waitEnd(id, jobPath, method, ends, waiters, signal);
      if (end.status === 0) {
        onProgress(100);
        return typeof version === 'string' && version !== '' ? version : null;
      }
      // Read again: the person may have stopped it while the job ran (TypeScript keeps the first answer).
      if (isAborted(signal))
        throw new KairnError('cancelled', {
          detail: `Target.${method}: job ended with ${end.status}`,
        });
      throw new KairnError('backend-failed', {
        reason: 'update-failed',
        detail: `Target.${method}: JobRemoved status ${end.status} (${end.status < 0 ? `-errno ${-end.status}` : 'worker exit status or signal'})`,
      });
    } catch (err) {
      throw asUpdateError(
        err,
        `polkit action org.freedesktop.sysupdate1.update (Target.${method})`,
      );
    } finally {
      stopRemoved();
      stopProgress();
    }
  }

  private waitEnd(
    id: bigint,
    jobPath: string,
    method: string,
    ends: Map<bigint, JobEnd>,
    waiters: Map<bigint, (end: JobEnd) => void>,
    signal: AbortSignal,
  ): Promise<JobEnd> {
    const early = ends.get(id);
    if (early) return Promise.resolve(early);
    return new Promise<JobEnd>((resolve, reject) => {
      const cancel = (): void => {
        void this.call(jobPath, JOB_INTERFACE, 'Cancel', '', [], 'Job.Cancel').catch(
          (err: unknown) => {
            cleanup();
            reject(
              err instanceof KairnError
                ? err
                : new KairnError('backend-failed', { detail: String(err) }),
            );
          },
        );
      };
      const timer = setTimeout(() => {
        cancel();
        cleanup();
        reject(
          new KairnError('backend-failed', {
            reason: 'update-timeout',
            detail: `Target.${method}: no JobRemoved in time; Kairn cancelled the job`,
          }),
        );
      }, this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
      const cleanup = (): void => {
        clearTimeout(timer);
        waiters.delete(id);
        signal.removeEventListener('abort', cancel);
      };
      waiters.set(id, (end) => {
        cleanup();
        resolve(end);
      });
      if (signal.aborted) cancel();
      else signal.addEventListener('abort', cancel, { once: true });
    });
  }

  private async learn(signal?: AbortSignal): Promise<{ path: string; shape: PrepareShape }> {
    if (this.shape) return this.shape;
    const { path } = await this.host.target(signal);
    const [xml] = await this.call(
      path,
      'org.freedesktop.DBus.Introspectable',
      'Introspect',
      '',
      [],
      'Introspect',
      signal,
    );
    this.shape = { path, shape: prepareShape(String(xml)) };
    return this.shape;
  }

  private async call(
    path: string,
    iface: string,
    member: string,
    signature: string,
    body: unknown[],
    what: string,
    signal?: AbortSignal,
  ): Promise<unknown[]> {
    try {
      return await callMethod(
        this.conn,
        { destination: SYSUPDATE.destination, path, interface: iface, member, signature, body },
        { signal, errors: UPDATE_ERRORS },
      );
    } catch (err) {
      // A replaced sysupdated may speak another generation: learn again next time.
      if (err instanceof KairnError && err.code === 'service-missing') this.shape = null;
      throw err instanceof KairnError && (err.detail ?? '').startsWith(NO_CANDIDATE)
        ? err
        : asUpdateError(err, what);
    }
  }
}
