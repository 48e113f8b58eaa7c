import dbus from 'dbus-next';

import { KairnError } from '../../core/errors';
import type { MethodCall } from '../dbus/call';

/** rpm-ostreed's Sysroot object (reference §4.1): one per machine. */
export const SYSROOT_PATH = '/org/projectatomic/rpmostree1/Sysroot';
export const SYSROOT_IFACE = 'org.projectatomic.rpmostree1.Sysroot';

/** A string out of a reply or a variant, or a clear backend error naming what it should be. */
export function stringOf(value: unknown, what: string): string {
  const raw = value instanceof dbus.Variant ? (value.value as unknown) : value;
  if (typeof raw !== 'string')
    throw new KairnError('backend-failed', { detail: `${what} is not a string` });
  return raw;
}

/** An adapter's call to rpm-ostreed, with its own error table. */
export type RpmOstreeCall = (
  request: Omit<MethodCall, 'destination'>,
  signal?: AbortSignal,
) => Promise<unknown[]>;

/** The booted OS object's path (Sysroot.Booted): where OS methods like Rebase are called. */
export async function readBootedOsPath(call: RpmOstreeCall, signal?: AbortSignal): Promise<string> {
  const [value] = await call(
    {
      path: SYSROOT_PATH,
      interface: 'org.freedesktop.DBus.Properties',
      member: 'Get',
      signature: 'ss',
      body: [SYSROOT_IFACE, 'Booted'],
    },
    signal,
  );
  return stringOf(value, 'Sysroot.Booted');
}
