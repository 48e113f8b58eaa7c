import dbus from 'dbus-next';

import type { BootLoader } from './boot-loader';

/** What the simulator persists, like logind's /run/systemd/shutdown/scheduled. */
export interface LogindState {
  scheduled: { type: string; usec: string } | null;
  /** Reboot requests received (the simulator records them instead of rebooting). */
  reboots: { at: string; interactive: boolean }[];
}

/** Shutdown types logind accepts in ScheduleShutdown, each also with a "dry-" prefix (reference §6.2). */
const SHUTDOWN_TYPES = new Set(['poweroff', 'reboot', 'halt', 'kexec', 'soft-reboot']);

const INVALID_ARGS = 'org.freedesktop.DBus.Error.InvalidArgs';

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

  ScheduleShutdown(type: string, usec: bigint): void {
    if (!SHUTDOWN_TYPES.has(type.replace(/^dry-/, ''))) {
      throw new dbus.DBusError(INVALID_ARGS, `Unsupported shutdown type: ${type}`);
    }
    this.state.scheduled = { type, usec: usec.toString() };
    this.save();
  }

  CancelScheduledShutdown(): boolean {
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

  SetRebootToBootLoaderEntry(entry: string): void {
    if (!this.bootLoader)
      throw new dbus.DBusError(
        'org.freedesktop.DBus.Error.NotSupported',
        'Loader does not support boot into boot loader entry.',
      );
    this.bootLoader.set(entry);
  }

  CanReboot(): string {
    return 'yes';
  }

  Reboot(interactive: boolean): void {
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
  },
});
