import { posix } from 'node:path';

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
import type { RestartService, StatusService } from '../services';
import { RestartSettingsStore } from './settings';
import { nextLocalTime, parseRestartTime } from './when';

export interface RestartServiceOptions {
  env: KairnEnvironment;
  fs: FileSystemPort;
  status: StatusService;
  logind: RestartPort;
  session: SessionShutdownPort;
  rebootManager: RebootManagerPort;
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
  private readonly clock: () => Date;

  constructor(private readonly o: RestartServiceOptions) {
    this.settings = new RestartSettingsStore(o.fs, o.env.stateDir);
    this.clock = o.now ?? (() => new Date());
  }

  async get(): Promise<RestartInfo> {
    // The status first, then the rest: every call in flight holds a listener on the shared bus
    // connection, and more than ten at once make Node warn about a leak.
    const status = await this.o.status.get();
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
    const restart = status.restart;
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
      since: await this.since(restart.reasons),
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
    if (p.onlyIfRequired && !(await this.o.status.get()).restart.required)
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
    if (p.onlyIfRequired && !(await this.o.status.get()).restart.required)
      return { started: false, via: null };
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

  /** When the oldest flag file appeared: "waiting since". */
  private async since(reasons: string[]): Promise<string | null> {
    const root = this.o.env.sysRoot ?? '/';
    const times = await Promise.all(
      reasons.map((r) =>
        this.o.fs.lstat(posix.join(root, r)).then(
          (s) => s.mtime.getTime(),
          () => null,
        ),
      ),
    );
    const known = times.filter((t): t is number => t !== null);
    return known.length > 0 ? new Date(Math.min(...known)).toISOString() : null;
  }
}

/** For logs: a failure as one short line. */
export function describeFailure(err: unknown): string {
  const p = toErrorPayload(err);
  return `${p.code}${p.reason ? ` (${p.reason})` : ''}${p.detail ? `: ${p.detail}` : ''}`;
}
