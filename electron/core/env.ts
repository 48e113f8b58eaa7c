import { homedir, hostname, userInfo } from 'node:os';
import { join } from 'node:path';

/** Facts about the person and machine the core serves; overridable for the demo and tests. */
export interface KairnEnvironment {
  home: string;
  uid: number;
  gid: number;
  userName: string;
  osReleasePath: string | null;
  /** Where Kairn keeps its own state (undo records of replaces). */
  stateDir: string;
  demo: boolean;
  /** Prefix of every system file Kairn reads (/run flags, os-release): KAIRN_SYSROOT, "/" normally. */
  sysRoot?: string;
  /** The machine's name (redacted from the support bundle): KAIRN_HOSTNAME, os.hostname() normally. */
  hostName?: string;
}

export function environmentFromProcess(env: NodeJS.ProcessEnv = process.env): KairnEnvironment {
  const info = userInfo();
  const home = env.KAIRN_HOME ?? homedir();
  return {
    home,
    uid: info.uid,
    gid: info.gid,
    userName: env.KAIRN_USER ?? info.username,
    osReleasePath: env.KAIRN_OS_RELEASE ?? null,
    stateDir:
      env.KAIRN_STATE_DIR ?? join(env.XDG_STATE_HOME ?? join(home, '.local', 'state'), 'kairn'),
    demo: env.KAIRN_DEMO === '1',
    sysRoot: env.KAIRN_SYSROOT ?? '/',
    hostName: env.KAIRN_HOSTNAME ?? hostname(),
  };
}
