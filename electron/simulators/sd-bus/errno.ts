import dbus from 'dbus-next';

/** errno values (Linux) and strerror() texts for the errors the simulators produce. */
const ERRNO: Readonly<Record<string, { value: number; text: string }>> = {
  EPERM: { value: 1, text: 'Operation not permitted' },
  ENOENT: { value: 2, text: 'No such file or directory' },
  EIO: { value: 5, text: 'Input/output error' },
  ENOMEM: { value: 12, text: 'Cannot allocate memory' },
  EACCES: { value: 13, text: 'Permission denied' },
  EBUSY: { value: 16, text: 'Device or resource busy' },
  EINVAL: { value: 22, text: 'Invalid argument' },
  ENOSPC: { value: 28, text: 'No space left on device' },
  ENODATA: { value: 61, text: 'No data available' },
  EPROTO: { value: 71, text: 'Protocol error' },
  EOPNOTSUPP: { value: 95, text: 'Operation not supported' },
  ENETUNREACH: { value: 101, text: 'Network is unreachable' },
  ETIMEDOUT: { value: 110, text: 'Connection timed out' },
  EHOSTUNREACH: { value: 113, text: 'No route to host' },
};

/** sd-bus's errno → error name table (bus-error.c); anything else becomes System.Error.<NAME>. */
const NAMED: Readonly<Record<string, string>> = {
  EPERM: 'org.freedesktop.DBus.Error.AccessDenied',
  EACCES: 'org.freedesktop.DBus.Error.AccessDenied',
  EINVAL: 'org.freedesktop.DBus.Error.InvalidArgs',
  ENOENT: 'org.freedesktop.DBus.Error.FileNotFound',
  ENOMEM: 'org.freedesktop.DBus.Error.NoMemory',
  EIO: 'org.freedesktop.DBus.Error.IOError',
  ETIMEDOUT: 'org.freedesktop.DBus.Error.Timeout',
  EOPNOTSUPP: 'org.freedesktop.DBus.Error.NotSupported',
};

export function isKnownErrno(name: string): boolean {
  return name in ERRNO;
}

export function errnoValue(name: string): number {
  const entry = ERRNO[name];
  if (!entry) throw new Error(`unknown errno ${name}`);
  return entry.value;
}

export function errnoText(name: string): string {
  return ERRNO[name]?.text ?? name;
}

/** The D-Bus error name sd-bus gives an errno. */
export function errnoErrorName(name: string): string {
  return NAMED[name] ?? `System.Error.${name}`;
}

/**
 * Like sd_bus_error_set_errnof(error, -errno, "prefix: %m"): the name from the errno, the text
 * with strerror() in place of %m (or strerror() alone without a prefix).
 */
export function errnoError(name: string, prefix?: string): dbus.DBusError {
  const text = errnoText(name);
  return new dbus.DBusError(
    errnoErrorName(name),
    prefix === undefined ? text : `${prefix}: ${text}`,
  );
}
