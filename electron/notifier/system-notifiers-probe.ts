import { access, readFile } from 'node:fs/promises';
import { posix } from 'node:path';

import { callMethod } from '../backends/dbus/call';
import type { BusConnection } from '../backends/dbus/connection';
import type { SystemNotifierProbe } from './system-notifiers';

/** The real machine for the system-notifier rule: the session bus, files under KAIRN_SYSROOT, the XDG dirs. */
export function systemNotifierProbe(
  session: BusConnection,
  sysRoot: string,
  env: NodeJS.ProcessEnv,
): SystemNotifierProbe {
  const home = env.HOME ?? null;
  return {
    async hasSessionName(name) {
      const [owned] = await callMethod(
        session,
        {
          destination: 'org.freedesktop.DBus',
          path: '/org/freedesktop/DBus',
          interface: 'org.freedesktop.DBus',
          member: 'NameHasOwner',
          signature: 's',
          body: [name],
        },
        { timeoutMs: 3000 },
      );
      return owned === true;
    },
    exists: (path) =>
      access(path).then(
        () => true,
        () => false,
      ),
    readText: (path) => readFile(path, 'utf8').catch(() => null),
    systemPath: (path) => posix.join(sysRoot, path),
    configHome: env.XDG_CONFIG_HOME || (home ? posix.join(home, '.config') : null),
    runtimeDir: env.XDG_RUNTIME_DIR || null,
  };
}
