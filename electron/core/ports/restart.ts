import type { Inhibitor, RebootManagerInfo } from '../../../shared/schemas/restart';

/** An inhibitor as logind lists it: (what, who, why, mode, uid, pid). */
export interface InhibitorRecord extends Omit<Inhibitor, 'mode'> {
  mode: string;
  uid: number;
  pid: number;
}

/** The desktop session's own logout-and-restart, which lets every app save first (org.kde.Shutdown). */
export interface SessionShutdownPort {
  /** Is the session's shutdown service on the session bus? */
  available(): Promise<boolean>;
  logoutAndReboot(): Promise<void>;
}

/** rebootmgr's settings, read only; null where it does not run. */
export interface RebootManagerPort {
  read(): Promise<RebootManagerInfo | null>;
}
