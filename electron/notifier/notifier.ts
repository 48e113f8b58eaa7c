import type { KairnClient } from '../../shared/api/client';
import { KairnCallError } from '../../shared/api/client';
import type { RestartInfo } from '../../shared/schemas/restart';
import { startOfNextDay } from '../core/restart/when';
import { decide, laterEnd, pendingKey } from './decide';
import { JumpDetector, systemClock } from './clock';
import type { MemoryStore, NotifierMemory } from './memory';
import type { NotificationsClient } from './notifications';
import type { SystemNotifierName } from './system-notifiers';
import { clockTime, notifierTexts } from './texts';
import type { TrayIcon } from './tray';

/** The shortest time between two regular looks at the state (signals and file changes come in between). */
export const MIN_PERIOD_MS = 60_000;

export interface NotifierDeps {
  client: KairnClient;
  notifications: NotificationsClient;
  /** Absent with --once: a one-shot run shows no tray icon. */
  tray: TrayIcon | null;
  memory: MemoryStore;
  /** Opens the Kairn window (or the browser host) on the Updates & Restart page. */
  open: () => void;
  log: (line: string) => void;
  /** Wall clock (tests move it). */
  now?: () => Date;
  /** Time since boot including suspend, ms (tests move it): tells a clock jump from time passing. */
  boot?: () => number;
  /** The system's own notifier that announces this pending restart (then Kairn does not). */
  systemNotifier?: (reasons: readonly string[]) => Promise<SystemNotifierName | null>;
  /**
   * No announcement in the first ms after start (long-running mode): at login the system's own
   * notifier may not have taken its bus name yet, and Kairn must not speak before it.
   */
  holdAnnouncementsMs?: number;
  env?: NodeJS.ProcessEnv;
}

/**
 * Evaluates the restart state and tells the person, once per pending state: a notification with
 * Restart now / Tonight / Later, a countdown before a scheduled restart, and the tray icon.
 */
export class Notifier {
  private pendingId = 0;
  private countdownId = 0;
  /** The schedule (logind's time) the countdown notification is about. */
  private countdownFor: string | null = null;
  private readonly boot: () => number;
  private readonly startedAt: number;
  private readonly jumps: JumpDetector;
  private toldByLogged: string | null = null;
  private serverMissingLogged = false;
  private readonly t: ReturnType<typeof notifierTexts>;
  private readonly now: () => Date;
  private stopListening: (() => void) | null = null;
  private last: RestartInfo | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  /** Buttons only while someone listens for their clicks (not with --once). */
  private interactive = false;

  constructor(private readonly d: NotifierDeps) {
    this.t = notifierTexts(d.env);
    this.now = d.now ?? (() => new Date());
    this.boot = d.boot ?? (() => systemClock.boot());
    this.startedAt = this.boot();
    this.jumps = new JumpDetector({ wall: () => this.now().getTime(), boot: this.boot });
  }

  /** Follow the notification server's signals (long-running mode). */
  listen(): void {
    this.interactive = true;
    this.stopListening ??= this.d.notifications.listen(
      (id, key) => void this.onAction(id, key),
      (id) => {
        if (id === this.pendingId) this.pendingId = 0;
        if (id === this.countdownId) {
          this.countdownId = 0;
          this.countdownFor = null;
        }
      },
    );
  }

  /** One look at the state; overlapping requests (a burst of signals) fold into one more run. */
  evaluate(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.evaluateOnce();
        } while (this.rerunAsked());
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  /** A request came in while a look was running (read through a method: it changes across awaits). */
  private rerunAsked(): boolean {
    return this.again;
  }

  /** Resolves once no look at the state is under way. */
  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  close(): void {
    this.stopListening?.();
    this.stopListening = null;
    this.d.tray?.close();
  }

  private async evaluateOnce(): Promise<void> {
    const jump = this.jumps.check();
    const info = await this.d.client.call('restart.get', {});
    this.last = info;
    let memory = await this.d.memory.read();
    if (jump !== 0) memory = await this.afterJump(jump, memory);
    const now = this.now();
    memory = await this.keepLaterBounded(memory, now);
    const decision = decide(info, memory, now);
    if (decision.tray && this.d.tray) {
      const tooltip = info.scheduled
        ? this.t('trayScheduled', { time: clockTime(info.scheduled.at, this.d.env) })
        : this.t('trayTooltip');
      await this.d.tray.show({
        title: this.t('trayTitle'),
        tooltip,
        menu: [...this.actions(info), ['open', this.t('openKairn')]],
      });
    } else this.d.tray?.hide();

    if (decision.announce && !this.holding()) await this.announce(info);
    await this.countdown(info, decision.countdownMinutes, now);
    if (!info.required && this.pendingId !== 0) {
      await this.d.notifications.close(this.pendingId).catch(() => undefined);
      this.pendingId = 0;
    }
  }

  /** Still in the first moments after start, when the system's own notifier may not be up yet. */
  private holding(): boolean {
    return this.boot() - this.startedAt < (this.d.holdAnnouncementsMs ?? 0);
  }

  /**
   * The wall clock jumped while the notifier ran: "Later" keeps the real time it had left (a
   * clock set forward does not end it early, one set back does not stretch it), and logind's
   * schedule was just read again (it keeps its time in wall clock terms and sends no signal).
   */
  private async afterJump(jump: number, memory: NotifierMemory): Promise<NotifierMemory> {
    this.d.log(
      `the clock jumped by ${Math.round(jump / 1000)} s; the restart state was read again`,
    );
    if (memory.laterUntil === null) return memory;
    const until = Date.parse(memory.laterUntil);
    if (Number.isNaN(until)) return memory;
    const moved = { ...memory, laterUntil: new Date(until + jump).toISOString() };
    await this.d.memory.write(moved);
    return moved;
  }

  /** A "Later" more than a day ahead (the clock went back while nobody watched) ends at the next midnight. */
  private async keepLaterBounded(memory: NotifierMemory, now: Date): Promise<NotifierMemory> {
    const end = laterEnd(memory.laterUntil, now);
    if (end === null || end === Date.parse(memory.laterUntil ?? '')) return memory;
    const bounded = { ...memory, laterUntil: new Date(end).toISOString() };
    await this.d.memory.write(bounded);
    return bounded;
  }

  private async announce(info: RestartInfo): Promise<void> {
    const key = pendingKey(info);
    const speaker = await (this.d.systemNotifier?.(info.reasons) ?? Promise.resolve(null)).catch(
      () => null,
    );
    if (speaker !== null) {
      // The system's own notifier tells about this restart: a second notice would be noise.
      // Remembered, so Kairn stays quiet even if that notifier quits later; the tray icon stays.
      if (this.toldByLogged !== key) {
        this.toldByLogged = key;
        this.d.log(`the system's own notifier (${speaker}) announces this restart; Kairn does not`);
      }
      await this.d.memory.write({ notifiedKey: key, laterUntil: null, toldBy: speaker });
      return;
    }
    const id = await this.send({
      replacesId: this.pendingId,
      summary: this.t('pendingTitle'),
      body: this.t('pendingBody'),
      actions: this.interactive ? this.actions(info) : [],
      urgency: 1,
      timeoutMs: 0,
    });
    if (id !== null) {
      this.pendingId = id;
      // Remembered only once shown: a missing server means the person still has to hear it.
      await this.d.memory.write({ notifiedKey: key, laterUntil: null, toldBy: null });
    }
  }

  /**
   * One notification counts down to a scheduled restart, updated in place. Once it counts down
   * for a schedule it stays (updated) until that schedule is cancelled, moved or reached: a clock
   * set back mid-countdown updates it, never closes it and opens a second one later.
   */
  private async countdown(info: RestartInfo, minutes: number | null, now: Date): Promise<void> {
    const at = info.scheduled?.at ?? null;
    const left = at === null ? 0 : Date.parse(at) - now.getTime();
    const counting = this.countdownId !== 0;
    const same = counting && at !== null && at === this.countdownFor;
    const shown = minutes ?? (same && left > 0 ? Math.ceil(left / 60_000) : null);
    if (shown !== null && at !== null) {
      const id = await this.send({
        // replaces_id keeps one notification counting down (Plasma rejects identical repeats).
        replacesId: this.countdownId,
        summary: this.t('countdownTitle', { minutes: shown }),
        body: this.t('countdownBody', { time: clockTime(at, this.d.env) }),
        actions: this.interactive ? [['open', this.t('openKairn')]] : [],
        urgency: 2,
        timeoutMs: 0,
      });
      if (id !== null) {
        this.countdownId = id;
        this.countdownFor = at;
      }
    } else if (counting) {
      // The schedule was cancelled, moved out of the last minutes, or its time has passed.
      await this.d.notifications.close(this.countdownId).catch(() => undefined);
      this.countdownId = 0;
      this.countdownFor = null;
    }
  }

  private actions(info: RestartInfo): [string, string][] {
    return [
      ['restart-now', this.t('restartNow')],
      ['tonight', this.t('tonight', { time: info.tonightTime })],
      ['later', this.t('later')],
    ];
  }

  /** Notify, or null when no notification server answers (logged once until it is back). */
  private async send(n: Parameters<NotificationsClient['notify']>[0]): Promise<number | null> {
    try {
      const id = await this.d.notifications.notify(n);
      this.serverMissingLogged = false;
      return id;
    } catch (err) {
      if (!this.serverMissingLogged) {
        this.serverMissingLogged = true;
        this.d.log(
          `no notification server answered (${err instanceof Error ? err.message : String(err)}); will try again`,
        );
      }
      return null;
    }
  }

  /** A click on a notification button or a tray menu entry. */
  async onAction(id: number | 'tray', key: string): Promise<void> {
    // A button of a notification that is no longer ours (replaced, closed, another app's): ignore.
    if (id !== 'tray' && (id === 0 || (id !== this.pendingId && id !== this.countdownId))) return;
    try {
      if (key === 'restart-now') {
        // onlyIfRequired: clicked after the state changed, it is a quiet no-op, never a surprise restart.
        await this.d.client.call('restart.now', { onlyIfRequired: true });
      } else if (key === 'tonight') {
        await this.d.client.call('restart.schedule', { when: 'tonight', onlyIfRequired: true });
      } else if (key === 'later') {
        await this.d.memory.write({
          notifiedKey: this.last ? pendingKey(this.last) : null,
          laterUntil: startOfNextDay(this.now()).toISOString(),
          toldBy: null,
        });
      } else if (key === 'open' || key === 'default') {
        this.d.open();
      }
    } catch (err) {
      const message =
        err instanceof KairnCallError
          ? err.payload.message
          : err instanceof Error
            ? err.message
            : String(err);
      this.d.log(`${key}: ${message}`);
      await this.send({
        replacesId: 0,
        summary: this.t('failedTitle'),
        body: message,
        actions: [['open', this.t('openKairn')]],
        urgency: 1,
        timeoutMs: -1,
      });
    }
    if (key !== 'open' && key !== 'default')
      await this.evaluate().catch((err: unknown) => this.d.log(String(err)));
  }
}
