import type { KairnClient } from '../../shared/api/client';
import { KairnCallError } from '../../shared/api/client';
import type { RestartInfo } from '../../shared/schemas/restart';
import { startOfNextDay } from '../core/restart/when';
import { decide, pendingKey } from './decide';
import type { MemoryStore } from './memory';
import type { NotificationsClient } from './notifications';
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
  now?: () => Date;
  env?: NodeJS.ProcessEnv;
}

/**
 * Evaluates the restart state and tells the person, once per pending state: a notification with
 * Restart now / Tonight / Later, a countdown before a scheduled restart, and the tray icon.
 */
export class Notifier {
  private pendingId = 0;
  private countdownId = 0;
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
  }

  /** Follow the notification server's signals (long-running mode). */
  listen(): void {
    this.interactive = true;
    this.stopListening ??= this.d.notifications.listen(
      (id, key) => void this.onAction(id, key),
      (id) => {
        if (id === this.pendingId) this.pendingId = 0;
        if (id === this.countdownId) this.countdownId = 0;
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
    const info = await this.d.client.call('restart.get', {});
    this.last = info;
    const memory = await this.d.memory.read();
    const now = this.now();
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

    if (decision.announce) {
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
        await this.d.memory.write({ notifiedKey: pendingKey(info), laterUntil: null });
      }
    }
    if (decision.countdownMinutes !== null && info.scheduled) {
      const id = await this.send({
        // replaces_id keeps one notification counting down (Plasma rejects identical repeats).
        replacesId: this.countdownId,
        summary: this.t('countdownTitle', { minutes: decision.countdownMinutes }),
        body: this.t('countdownBody', { time: clockTime(info.scheduled.at, this.d.env) }),
        actions: this.interactive ? [['open', this.t('openKairn')]] : [],
        urgency: 2,
        timeoutMs: 0,
      });
      if (id !== null) this.countdownId = id;
    } else if (this.countdownId !== 0) {
      // The schedule was cancelled or moved out of the window.
      await this.d.notifications.close(this.countdownId).catch(() => undefined);
      this.countdownId = 0;
    }
    if (!info.required && this.pendingId !== 0) {
      await this.d.notifications.close(this.pendingId).catch(() => undefined);
      this.pendingId = 0;
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
