import dbus from 'dbus-next';

import type { BootLoader } from './boot-loader';

/** What the simulator persists, like logind's /run/systemd/shutdown/scheduled. */
export interface LogindState {
  scheduled: { type: string; usec: string } | null;
  /** Reboot requests received (the simulator records them instead of rebooting). */
  reboots: { at: string; interactive: boolean }[];
  /** Apps holding a lock, as ListInhibitors lists them: [what, who, why, mode, uid, pid]. */
  inhibitors?: [string, string, string, string, number, number][];
  /** Polkit says no to scheduling, cancelling and rebooting (as for a user without the right). */
  deny?: boolean;
}

/** Shutdown types logind accepts in ScheduleShutdown, each also with a "dry-" prefix (reference §6.2). */
const SHUTDOWN_TYPES = new Set(['poweroff', 'reboot', 'halt', 'kexec', 'soft-reboot']);

const INVALID_ARGS = 'org.freedesktop.DBus.Error.InvalidArgs';
const ACCESS_DENIED = 'org.freedesktop.DBus.Error.AccessDenied';

/** org.freedesktop.login1.Manager, only the members Kairn uses, with logind's exact signatures. */
export class LogindManager extends dbus.interface.Interface {
  constructor(
    private readonly state: LogindState,
    private readonly save: () => void,
    private readonly bootLoader: BootLoader | null = null,
  ) {
    super('org.freedesktop.login1.Manager');
  }

  /** Property ScheduledShutdown (st): ("", 0) when nothing is scheduled. */
  get ScheduledShutdown(): [string, bigint] {
    const s = this.state.scheduled;
    return s ? [s.type, BigInt(s.usec)] : ['', 0n];
  }

  /** What polkit answers for the caller (the simulator's `deny` switch). */
  private authorize(action: string): void {
    if (this.state.deny === true)
      throw new dbus.DBusError(ACCESS_DENIED, `Permission denied for ${action}`);
  }

  ScheduleShutdown(type: string, usec: bigint): void {
    this.authorize('ScheduleShutdown');
    if (!SHUTDOWN_TYPES.has(type.replace(/^dry-/, ''))) {
      throw new dbus.DBusError(INVALID_ARGS, `Unsupported shutdown type: ${type}`);
    }
    this.state.scheduled = { type, usec: usec.toString() };
    this.save();
  }

  CancelScheduledShutdown(): boolean {
    this.authorize('CancelScheduledShutdown');
    const had = this.state.scheduled !== null;
    this.state.scheduled = null;
    this.save();
    return had;
  }

  /** Property BootLoaderEntries (as): the entry ids the boot loader knows. */
  get BootLoaderEntries(): string[] {
    return this.bootLoader?.read().entries ?? [];
  }

  /** Property RebootToBootLoaderEntry (s): the one-shot entry, "" when none. */
  get RebootToBootLoaderEntry(): string {
    return this.bootLoader?.read().oneShot ?? '';
  }

  CanRebootToBootLoaderEntry(): string {
    return this.bootLoader?.can() ?? 'na';
  }

  SetRebootToBootLoaderEntry(entry: string): Promise<void> {
    if (!this.bootLoader)
      throw new dbus.DBusError(
        'org.freedesktop.DBus.Error.NotSupported',
        'Loader does not support boot into boot loader entry.',
      );
    // The test fault: the call is taken and never answered.
    if (this.bootLoader.read().hangSet === true) {
      this.bootLoader.markHanging(entry);
      return new Promise<void>(() => undefined);
    }
    this.bootLoader.set(entry);
    return Promise.resolve();
  }

  CanReboot(): string {
    return 'yes';
  }

  ListInhibitors(): [string, string, string, string, number, number][] {
    return this.state.inhibitors ?? [];
  }

  Reboot(interactive: boolean): void {
    this.authorize('Reboot');
    this.state.reboots.push({ at: new Date().toISOString(), interactive });
    this.save();
  }
}

LogindManager.configureMembers({
  properties: {
    ScheduledShutdown: { signature: '(st)', access: 'read' },
    BootLoaderEntries: { signature: 'as', access: 'read' },
    RebootToBootLoaderEntry: { signature: 's', access: 'read' },
  },
  methods: {
    ScheduleShutdown: { inSignature: 'st', outSignature: '' },
    CancelScheduledShutdown: { inSignature: '', outSignature: 'b' },
    CanReboot: { inSignature: '', outSignature: 's' },
    CanRebootToBootLoaderEntry: { inSignature: '', outSignature: 's' },
    SetRebootToBootLoaderEntry: { inSignature: 's', outSignature: '' },
    Reboot: { inSignature: 'b', outSignature: '' },
    ListInhibitors: { inSignature: '', outSignature: 'a(ssssuu)' },
  },
});
