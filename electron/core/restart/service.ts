import type { z } from 'zod';

import type {
  CancelRestartParams,
  RebootManagerInfo,
  CancelRestartResult,
  Inhibitor,
  RestartInfo,
  RestartNowParams,
  RestartNowResult,
  ScheduleRestartParams,
  ScheduleRestartResult,
  ScheduledRestart,
} from '../../../shared/schemas/restart';
import type { KairnEnvironment } from '../env';
import { KairnError, toErrorPayload } from '../errors';
import type { FileSystemPort } from '../ports/file-system';
import type { InhibitorRecord, RebootManagerPort, SessionShutdownPort } from '../ports/restart';
import type { RestartPort } from '../ports/system';
import type { RestartService, RestorePointsService, StatusService } from '../services';
import { waitingSince, type RestartCheck } from '../status/restart-check';
import { PendingSeenStore } from './pending-seen';
import { RestartSettingsStore } from './settings';
import { nextLocalTime, parseRestartTime } from './when';

export interface RestartServiceOptions {
  env: KairnEnvironment;
  fs: FileSystemPort;
  status: StatusService;
  logind: RestartPort;
  session: SessionShutdownPort;
  rebootManager: RebootManagerPort;
  /** Is a restart due, why and since when (the family's detection); else status.get's answer. */
  detect?: (signal?: AbortSignal) => Promise<RestartCheck>;
  /** Where "what the restart brings" comes from: the restore point the next start uses. */
  restorePoints?: Pick<RestorePointsService, 'list' | 'changes'>;
  /** The clock (tests move it). */
  now?: () => Date;
}

/** An inhibitor that stands in the way of a restart (not one for sleep or the power key). */
function holdsRestart(i: InhibitorRecord): boolean {
  return i.what.split(':').includes('shutdown') && (i.mode === 'block' || i.mode === 'delay');
}

function toInhibitor(i: InhibitorRecord): Inhibitor {
  return { who: i.who, why: i.why, what: i.what, mode: i.mode === 'block' ? 'block' : 'delay' };
}

const usecOf = (at: Date): string => (BigInt(at.getTime()) * 1000n).toString();

/** Kairn's "Tonight" when neither the person nor rebootmgr says otherwise. */
export const DEFAULT_TONIGHT = '03:00';

/** Strategies under which rebootmgr restarts in its maintenance window (best-effort: when one is set). */
const USES_WINDOW = new Set<RebootManagerInfo['strategy']>(['maint-window', 'best-effort']);

/**
 * "Use it as the system does": where rebootmgr restarts in a daily maintenance window, Tonight
 * starts with that window (unless the person picked their own time).
 */
export function tonightFor(
  own: string | null,
  rebootManager: RebootManagerInfo | null,
): { time: string; from: RestartInfo['tonightFrom'] } {
  if (own !== null) return { time: own, from: 'user' };
  if (rebootManager?.dailyStart && USES_WINDOW.has(rebootManager.strategy))
    return { time: rebootManager.dailyStart, from: 'maintenance-window' };
  return { time: DEFAULT_TONIGHT, from: 'default' };
}

/**
 * restart.*: the restart the system holds (logind ScheduleShutdown, always read back, never only
 * remembered), whether one is needed (the status service's flag check), and Restart now the way
 * that lets apps save (the desktop session) where the session offers it.
 */
export class RestartServiceImpl implements RestartService {
  private readonly settings: RestartSettingsStore;
  private readonly seen: PendingSeenStore;
  private readonly clock: () => Date;

  constructor(private readonly o: RestartServiceOptions) {
    this.settings = new RestartSettingsStore(o.fs, o.env.stateDir);
    this.seen = new PendingSeenStore(o.fs, o.env.stateDir);
    this.clock = o.now ?? (() => new Date());
  }

  async get(): Promise<RestartInfo> {
    // The status first, then the rest: every call in flight holds a listener on the shared bus
    // connection, and more than ten at once make Node warn about a leak.
    const restart = await this.check();
    const [settings, scheduled, inhibitors, session, rebootManager] = await Promise.all([
      this.settings.read(),
      this.o.logind.scheduled().then(
        (s) => ({ ok: true as const, s }),
        () => ({ ok: false as const, s: null }),
      ),
      this.o.logind.inhibitors().catch((): InhibitorRecord[] => []),
      this.o.session.available().catch(() => false),
      this.o.rebootManager.read().catch(() => null),
    ]);
    const tonight = tonightFor(settings.tonightTime, rebootManager);
    let shown: ScheduledRestart | null = null;
    if (scheduled.s) {
      shown = {
        at: scheduled.s.at.toISOString(),
        type: scheduled.s.type,
        byKairn: settings.scheduledUsec === usecOf(scheduled.s.at) && scheduled.s.type === 'reboot',
      };
    }
    return {
      checked: restart.checked,
      required: restart.required,
      reasons: restart.reasons,
      evidence: restart.evidence.map((e) => ({
        reason: e.reason,
        source: e.source,
        since: e.since?.toISOString() ?? null,
      })),
      since: (await this.since(restart))?.toISOString() ?? null,
      brings: restart.required ? await this.brings() : null,
      scheduled: shown,
      tonightTime: tonight.time,
      tonightFrom: tonight.from,
      inhibitors: inhibitors.filter(holdsRestart).map(toInhibitor),
      restartVia: session ? 'session' : 'logind',
      rebootManager,
      logindAvailable: scheduled.ok,
    };
  }

  async schedule(
    p: z.output<typeof ScheduleRestartParams>,
  ): Promise<z.output<typeof ScheduleRestartResult>> {
    const settings = await this.settings.read();
    const suggested =
      p.when === 'tonight'
        ? tonightFor(settings.tonightTime, await this.o.rebootManager.read().catch(() => null))
        : null;
    const tonight = p.when === 'tonight' ? (p.time ?? suggested?.time ?? null) : null;
    // The suggested time sent back unchanged (the page always sends its field) is not a choice:
    // Tonight keeps following rebootmgr's window. A different time is the person's own.
    const ownTime =
      p.when === 'tonight' &&
      p.time !== undefined &&
      (suggested?.from === 'user' || p.time !== suggested?.time)
        ? p.time
        : null;
    // Checked before anything else: wrong input never reaches logind.
    const at =
      tonight !== null
        ? nextLocalTime(tonight, this.clock())
        : parseRestartTime(p.when === 'at' ? p.at : '', this.clock());
    if (p.onlyIfRequired && !(await this.check()).required)
      return { scheduled: false, restart: await this.get() };
    await this.guardOthers(p.replace, settings.scheduledUsec);
    await this.o.logind.schedule('reboot', at);
    await this.settings.update({
      scheduledUsec: usecOf(at),
      ...(ownTime !== null ? { tonightTime: ownTime } : {}),
    });
    return { scheduled: true, restart: await this.get() };
  }

  async cancel(
    p: z.output<typeof CancelRestartParams>,
  ): Promise<z.output<typeof CancelRestartResult>> {
    const settings = await this.settings.read();
    await this.guardOthers(p.replace, settings.scheduledUsec);
    const cancelled = await this.o.logind.cancel();
    await this.settings.update({ scheduledUsec: null });
    return { cancelled, restart: await this.get() };
  }

  async now(p: z.output<typeof RestartNowParams>): Promise<z.output<typeof RestartNowResult>> {
    // A notification's button pressed after the restart happened or was undone: nothing to do.
    if (p.onlyIfRequired && !(await this.check()).required) return { started: false, via: null };
    const holding = (await this.o.logind.inhibitors().catch((): InhibitorRecord[] => [])).filter(
      holdsRestart,
    );
    if (holding.length > 0 && !p.overInhibitors) {
      throw new KairnError('busy', {
        reason: 'restart-inhibited',
        detail: holding.map((i) => `${i.who}: ${i.why} (${i.mode})`).join('; '),
      });
    }
    if (await this.o.session.available().catch(() => false)) {
      await this.o.session.logoutAndReboot();
      return { started: true, via: 'session' };
    }
    await this.o.logind.rebootNow();
    return { started: true, via: 'logind' };
  }

  /** A schedule Kairn did not set is someone else's plan: changed only when the person said so. */
  private async guardOthers(replace: boolean, ours: string | null): Promise<void> {
    const current = await this.o.logind.scheduled();
    if (current === null || replace) return;
    if (current.type === 'reboot' && usecOf(current.at) === ours) return;
    throw new KairnError('busy', {
      reason: 'restart-scheduled-by-other',
      detail: `logind already has ${current.type} at ${current.at.toISOString()}`,
    });
  }

  /**
   * Since when the restart waits: the system's own time where it keeps one (a flag file, the
   * snapshot), else since when Kairn has known of this pending state. Nothing pending: nothing.
   */
  private async since(restart: RestartCheck): Promise<Date | null> {
    if (!restart.required) {
      if (restart.checked) await this.seen.clear().catch(() => undefined);
      return null;
    }
    const known = waitingSince(restart.evidence);
    if (known) return known;
    const key = restart.evidence.map((e) => `${e.reason}:${e.source}`).join('|');
    if (key === '') return null;
    return this.seen.firstSeen(key, this.clock()).catch(() => null);
  }

  private async check(): Promise<RestartCheck> {
    if (this.o.detect) return this.o.detect();
    return { ...(await this.o.status.get()).restart, evidence: [] };
  }

  /**
   * The restore point the next start uses and what it changes against the running system — the
   * same words as the Restore points page. Unknown (null) where the family has no restore points.
   */
  private async brings(): Promise<RestartInfo['brings']> {
    const points = this.o.restorePoints;
    if (!points) return null;
    try {
      const list = await points.list();
      const next = list.points.find((p) => p.nextStart && !p.running);
      if (!next) return null;
      const changes = await points.changes(next.id).catch(() => null);
      return { pointId: next.id, version: next.version, date: next.date, changes };
    } catch {
      return null;
    }
  }
}

/** For logs: a failure as one short line. */
export function describeFailure(err: unknown): string {
  const p = toErrorPayload(err);
  return `${p.code}${p.reason ? ` (${p.reason})` : ''}${p.detail ? `: ${p.detail}` : ''}`;
}
