import type { RebootManagerInfo } from '../../shared/schemas/restart';
import { KairnError } from '../../electron/core/errors';
import type {
  InhibitorRecord,
  RebootManagerPort,
  SessionShutdownPort,
} from '../../electron/core/ports/restart';
import type { RestartPort } from '../../electron/core/ports/system';
import type { ErrorCode } from '../../shared/api/errors';

/** logind as the core sees it, in memory; `fail` makes every call end with that code (polkit, absent). */
export class FakeLogind implements RestartPort {
  current: { type: string; at: Date } | null = null;
  inhibitorList: InhibitorRecord[] = [];
  reboots = 0;
  fail: ErrorCode | null = null;
  /** Fails only the changing calls (polkit refuses, reading still works). */
  failChanges: ErrorCode | null = null;

  /** Runs `then` unless a failure is injected; always answers with a promise, as a D-Bus call does. */
  private check<T>(changing: boolean, then: () => T): Promise<T> {
    const code = this.fail ?? (changing ? this.failChanges : null);
    if (code) return Promise.reject(new KairnError(code, { detail: 'injected' }));
    return Promise.resolve(then());
  }

  scheduled(): Promise<{ type: string; at: Date } | null> {
    return this.check(false, () => this.current);
  }

  schedule(type: 'reboot', at: Date): Promise<void> {
    return this.check(true, () => {
      this.current = { type, at };
    });
  }

  cancel(): Promise<boolean> {
    return this.check(true, () => {
      const had = this.current !== null;
      this.current = null;
      return had;
    });
  }

  inhibitors(): Promise<InhibitorRecord[]> {
    return this.check(false, () => this.inhibitorList);
  }

  rebootNow(): Promise<void> {
    return this.check(true, () => {
      this.reboots += 1;
    });
  }
}

/** org.kde.Shutdown, present or not. */
export class FakeSession implements SessionShutdownPort {
  present = false;
  logouts = 0;
  available(): Promise<boolean> {
    return Promise.resolve(this.present);
  }
  logoutAndReboot(): Promise<void> {
    this.logouts += 1;
    return Promise.resolve();
  }
}

export class FakeRebootManager implements RebootManagerPort {
  info: RebootManagerInfo | null = null;
  read(): Promise<RebootManagerInfo | null> {
    return Promise.resolve(this.info);
  }
}

/** The three restart ports for createCore. */
export function fakeRestartPorts(): {
  restart: FakeLogind;
  sessionShutdown: FakeSession;
  rebootManager: FakeRebootManager;
} {
  return {
    restart: new FakeLogind(),
    sessionShutdown: new FakeSession(),
    rebootManager: new FakeRebootManager(),
  };
}
