import dbus from 'dbus-next';

import type { ColorScheme } from '../../../shared/schemas/appearance';
import { KairnError } from '../../core/errors';
import type { AppearancePort } from '../../core/ports/appearance';
import { callMethod, subscribeSignals } from '../dbus/call';
import type { BusConnection } from '../dbus/connection';

/** org.freedesktop.portal.Settings (xdg-desktop-portal), session bus. */
const SETTINGS = {
  destination: 'org.freedesktop.portal.Desktop',
  path: '/org/freedesktop/portal/desktop',
  interface: 'org.freedesktop.portal.Settings',
} as const;
const NAMESPACE = 'org.freedesktop.appearance';
const KEY = 'color-scheme';
/** The portal answers at once or not at all; the page must not wait long for a colour. */
const TIMEOUT_MS = 2000;

/** The portal's number → our word; anything else (a newer value) is "no preference". */
export function schemeFromValue(value: unknown): ColorScheme {
  // Read() wraps the value in one more variant than ReadOne(); unwrap as far as it goes.
  let inner = value;
  while (inner instanceof dbus.Variant) inner = inner.value;
  if (inner === 1) return 'dark';
  if (inner === 2) return 'light';
  return 'no-preference';
}

/** AppearancePort over the portal's ReadOne (portal ≥ 1.15), falling back to the older Read. */
export class PortalAppearanceAdapter implements AppearancePort {
  constructor(private readonly conn: BusConnection) {}

  async colorScheme(): Promise<ColorScheme> {
    for (const member of ['ReadOne', 'Read']) {
      try {
        const [value] = await callMethod(
          this.conn,
          { ...SETTINGS, member, signature: 'ss', body: [NAMESPACE, KEY] },
          { timeoutMs: TIMEOUT_MS },
        );
        return schemeFromValue(value);
      } catch (err) {
        // An old portal has no ReadOne: try Read. Anything else (no portal, no such key): unknown.
        if (member === 'ReadOne' && isUnknownMethod(err)) continue;
        return 'unknown';
      }
    }
    return 'unknown';
  }

  watch(listener: (scheme: ColorScheme) => void): () => void {
    return subscribeSignals(
      this.conn,
      { path: SETTINGS.path, interface: SETTINGS.interface, member: 'SettingChanged' },
      (_member, body) => {
        const [namespace, key, value] = body;
        if (namespace === NAMESPACE && key === KEY) listener(schemeFromValue(value));
      },
    );
  }
}

function isUnknownMethod(err: unknown): boolean {
  return (
    err instanceof KairnError &&
    (err.detail ?? '').startsWith('org.freedesktop.DBus.Error.UnknownMethod')
  );
}
