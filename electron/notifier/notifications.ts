import dbus from 'dbus-next';

import { callMethod, subscribeSignals } from '../backends/dbus/call';
import type { BusConnection } from '../backends/dbus/connection';

/** org.freedesktop.Notifications on the session bus (reference §7.1). */
export const NOTIFICATIONS = {
  destination: 'org.freedesktop.Notifications',
  path: '/org/freedesktop/Notifications',
  interface: 'org.freedesktop.Notifications',
} as const;

export interface Notice {
  /** 0 = a new notification; an earlier id updates it in place (a countdown). */
  replacesId: number;
  summary: string;
  body: string;
  /** [key, label] pairs; sent flat (an odd-length list makes Plasma drop them all). */
  actions: [string, string][];
  urgency: 0 | 1 | 2;
  /** ms; 0 = stays until dismissed. */
  timeoutMs: number;
}

/** The desktop file id Kairn's desktop entry has (kairn.desktop): Plasma takes name and icon from it. */
export const DESKTOP_ENTRY = 'kairn';

/** A thin client: Notify / CloseNotification, and the ActionInvoked / NotificationClosed signals. */
export class NotificationsClient {
  constructor(private readonly conn: BusConnection) {}

  async notify(n: Notice): Promise<number> {
    const hints = {
      'desktop-entry': new dbus.Variant('s', DESKTOP_ENTRY),
      urgency: new dbus.Variant('y', n.urgency),
      category: new dbus.Variant('s', 'system'),
    };
    const [id] = await callMethod(
      this.conn,
      {
        ...NOTIFICATIONS,
        member: 'Notify',
        signature: 'susssasa{sv}i',
        body: [
          'Kairn',
          n.replacesId,
          'system-reboot',
          n.summary,
          n.body,
          n.actions.flat(),
          hints,
          n.timeoutMs,
        ],
      },
      { timeoutMs: 5000 },
    );
    return Number(id);
  }

  async close(id: number): Promise<void> {
    await callMethod(
      this.conn,
      { ...NOTIFICATIONS, member: 'CloseNotification', signature: 'u', body: [id] },
      { timeoutMs: 5000 },
    );
  }

  /** ActionInvoked(u id, s key) and NotificationClosed(u id, u reason); returns the unsubscribe. */
  listen(
    onAction: (id: number, key: string) => void,
    onClosed: (id: number, reason: number) => void,
  ): () => void {
    return subscribeSignals(
      this.conn,
      { path: NOTIFICATIONS.path, interface: NOTIFICATIONS.interface },
      (member, body) => {
        if (member === 'ActionInvoked') onAction(Number(body[0]), String(body[1]));
        else if (member === 'NotificationClosed') onClosed(Number(body[0]), Number(body[1]));
      },
    );
  }
}
