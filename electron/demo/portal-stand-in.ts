import dbus from 'dbus-next';

import type { ColorScheme } from '../../shared/schemas/appearance';

/** The portal's numbers for org.freedesktop.appearance color-scheme. */
const VALUE: Record<Exclude<ColorScheme, 'unknown'>, number> = {
  'no-preference': 0,
  dark: 1,
  light: 2,
};

/** KAIRN_DEMO_COLOR_SCHEME=dark|light picks the demo desktop's choice; default: no preference. */
export function demoColorScheme(env: NodeJS.ProcessEnv): Exclude<ColorScheme, 'unknown'> {
  const wanted = env.KAIRN_DEMO_COLOR_SCHEME;
  return wanted === 'dark' || wanted === 'light' ? wanted : 'no-preference';
}

class Settings extends dbus.interface.Interface {
  constructor(private readonly value: number) {
    super('org.freedesktop.portal.Settings');
  }

  ReadOne(namespace: string, key: string): dbus.Variant {
    return new dbus.Variant('u', this.lookup(namespace, key));
  }

  /** The deprecated form: one variant deeper. */
  Read(namespace: string, key: string): dbus.Variant {
    return new dbus.Variant('v', new dbus.Variant('u', this.lookup(namespace, key)));
  }

  private lookup(namespace: string, key: string): number {
    if (namespace === 'org.freedesktop.appearance' && key === 'color-scheme') return this.value;
    throw new dbus.DBusError(
      'org.freedesktop.portal.Error.NotFound',
      'Requested setting not found',
    );
  }
}
Settings.configureMembers({
  methods: {
    ReadOne: { inSignature: 'ss', outSignature: 'v' },
    Read: { inSignature: 'ss', outSignature: 'v' },
  },
});

/**
 * The demo desktop's xdg-desktop-portal, answering only what Kairn asks (Settings, the colour
 * scheme), on the demo's private session bus. Returns how to take it down again.
 */
export async function startPortalStandIn(
  sessionAddress: string,
  scheme: Exclude<ColorScheme, 'unknown'>,
): Promise<() => void> {
  const bus = dbus.sessionBus({ busAddress: sessionAddress });
  bus.export('/org/freedesktop/portal/desktop', new Settings(VALUE[scheme]));
  await bus.requestName('org.freedesktop.portal.Desktop', 0);
  return () => bus.disconnect();
}
