import dbus from 'dbus-next';

/**
 * Error names as rpm-ostreed puts them on the bus. GIO errors have no registered D-Bus name, so
 * GDBus encodes them generically: domain quark "g-io-error-quark", then the GIOErrorEnum code
 * (FAILED 0, NOT_FOUND 1, BUSY 26).
 */
const GIO = 'org.gtk.GDBus.UnmappedGError.Quark._g_2dio_2derror_2dquark.Code';
export const GIO_FAILED = `${GIO}0`;
export const GIO_NOT_FOUND = `${GIO}1`;
export const GIO_BUSY = `${GIO}26`;
export const ACCESS_DENIED = 'org.freedesktop.DBus.Error.AccessDenied';

export const POLKIT_PREFIX = 'org.projectatomic.rpmostree1.';

export function accessDenied(scope: 'OS' | 'Sysroot', method: string): dbus.DBusError {
  return new dbus.DBusError(
    ACCESS_DENIED,
    `rpmostreed ${scope} operation ${method} not allowed for user`,
  );
}

export function busy(title: string): dbus.DBusError {
  return new dbus.DBusError(
    GIO_BUSY,
    `Transaction in progress: ${title}\n You can cancel the current transaction with \`rpm-ostree cancel\``,
  );
}
