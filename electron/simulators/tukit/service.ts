import dbus from 'dbus-next';

import {
  createTransaction,
  deleteSnapshot,
  discardTransaction,
  finalizeTransaction,
  listSnapshots,
  openTransaction,
  resolveBase,
  rollbackTo,
  TukitFailure,
  type RootSnapshot,
} from './snapshots';
import type { TukitStateStore } from './state';

export const TUKIT = {
  name: 'org.opensuse.tukit',
  transactionPath: '/org/opensuse/tukit/Transaction',
  transactionInterface: 'org.opensuse.tukit.Transaction',
  snapshotPath: '/org/opensuse/tukit/Snapshot',
  snapshotInterface: 'org.opensuse.tukit.Snapshot',
  /** TransactionOpened goes out on this path, not on …/Transaction (tukitd.c). */
  openedSignalPath: '/org/opensuse/tukit',
  error: 'org.opensuse.tukit.Error',
} as const;

/** tukitd's vtables (transactional-update 6.1.3, dbus/tukitd.c): member → [in, out]. */
export const TRANSACTION_METHODS: Readonly<Record<string, { in: string; out: string }>> = {
  Execute: { in: 'ss', out: 's' },
  ExecuteAndReboot: { in: 'sss', out: 's' },
  ExecuteWithOpts: { in: 'ssa{sv}', out: 's' },
  Open: { in: 's', out: 's' },
  OpenWithOpts: { in: 'sa{sv}', out: 's' },
  Call: { in: 'ss', out: '' },
  CallExt: { in: 'ss', out: '' },
  CallWithOpts: { in: 'ssa{sv}', out: '' },
  Close: { in: 's', out: '' },
  CloseWithOpts: { in: 'sa{sv}', out: '' },
  Abort: { in: 's', out: '' },
  AbortWithOpts: { in: 'sa{sv}', out: '' },
};

export const SNAPSHOT_METHODS: Readonly<Record<string, { in: string; out: string }>> = {
  List: { in: 's', out: 'aa{ss}' },
  Delete: { in: 's', out: '' },
  RollbackTo: { in: 's', out: '' },
};

type Options = Record<string, dbus.Variant>;

const LOCKED = 'The transaction is currently in use by another thread.';

/** Every tukitd failure is this one name with libtukit's message. */
export function tukitError(message: string): dbus.DBusError {
  return new dbus.DBusError(TUKIT.error, message);
}

function guarded<T>(work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (err instanceof TukitFailure) throw tukitError(err.message);
    throw err;
  }
}

/** Reads the string options tukitd understands; a Description that is not a string is refused like tukitd does. */
function readOptions(options: Options): { description: string | null; reboot: string | null } {
  let description: string | null = null;
  let reboot: string | null = null;
  for (const [key, value] of Object.entries(options)) {
    if (key === 'Description') {
      if (value.signature !== 's' || typeof value.value !== 'string')
        throw tukitError('Could not open variant container.');
      description = value.value;
    } else if (key === 'Reboot' && value.signature === 's' && typeof value.value === 'string') {
      reboot = value.value;
    }
    // Other keys are tukit.conf settings (SNAPSHOT_MANAGER, ...): accepted, without effect here.
  }
  return { description, reboot };
}

/** The shared transaction machinery both objects use. */
export class TukitEngine {
  /** Snapshot ids a worker is busy with (tukitd's lockSnapshot list). */
  private readonly locked = new Set<string>();

  constructor(
    readonly store: TukitStateStore,
    private readonly signals: {
      opened(snapshot: string): void;
      executed(snapshot: string, returncode: number, output: string): void;
      error(snapshot: string, returncode: number, message: string): void;
    },
  ) {}

  private lock(id: string): void {
    if (this.locked.has(id)) throw tukitError(LOCKED);
    this.locked.add(id);
  }

  private unlock(id: string): void {
    this.locked.delete(id);
  }

  private command(command: string): { returncode: number; output: string } {
    return this.store.get().commands[command] ?? { returncode: 0, output: '' };
  }

  private later(work: () => void): void {
    setTimeout(work, this.store.get().commandMs);
  }

  open(base: string, options: Options): string {
    const { description } = readOptions(options);
    const state = this.store.get();
    const created = guarded(() => {
      const from = resolveBase(state, base);
      return createTransaction(state, description ?? `Snapshot Update of #${from}`, new Date());
    });
    this.store.save();
    const id = String(created.number);
    this.signals.opened(id);
    return id;
  }

  /** Call/CallExt: runs in the background; the reply comes first, the result as a signal. */
  call(transaction: string, command: string): void {
    this.lock(transaction);
    this.later(() => {
      try {
        guarded(() => openTransaction(this.store.get(), transaction));
      } catch (err) {
        this.unlock(transaction);
        this.signals.error(transaction, -1, err instanceof dbus.DBusError ? err.text : String(err));
        return;
      }
      const result = this.command(command);
      this.unlock(transaction);
      // A failing command still ends in CommandExecuted; the snapshot is kept either way.
      this.signals.executed(transaction, result.returncode, result.output);
    });
  }

  close(transaction: string): void {
    this.lock(transaction);
    try {
      const state = this.store.get();
      guarded(() => finalizeTransaction(state, openTransaction(state, transaction)));
      this.store.save();
    } finally {
      this.unlock(transaction);
    }
  }

  abort(transaction: string): void {
    this.lock(transaction);
    try {
      const state = this.store.get();
      guarded(() => discardTransaction(state, openTransaction(state, transaction)));
      this.store.save();
    } finally {
      this.unlock(transaction);
    }
  }

  /** Execute*: Open + Call + Close (or discard on failure), answering as soon as the snapshot exists. */
  execute(base: string, command: string, options: Options, rebootMethod: string | null): string {
    const { description, reboot } = readOptions(options);
    const state = this.store.get();
    const snapshot: RootSnapshot = guarded(() => {
      const from = resolveBase(state, base);
      return createTransaction(state, description ?? `Snapshot Update of #${from}`, new Date());
    });
    this.store.save();
    const id = String(snapshot.number);
    this.lock(id);
    this.signals.opened(id);
    const method = rebootMethod ?? reboot ?? 'none';
    this.later(() => {
      const result = this.command(command);
      const now = this.store.get();
      const current = now.snapshots.find((s) => s.number === snapshot.number);
      if (result.returncode !== 0) {
        if (current) discardTransaction(now, current);
        this.store.save();
        this.unlock(id);
        this.signals.error(id, result.returncode, result.output);
        return;
      }
      if (current) finalizeTransaction(now, current);
      if (method !== 'none')
        now.reboots.push({ snapshot: id, method, at: new Date().toISOString() });
      this.store.save();
      this.unlock(id);
      this.signals.executed(id, 0, result.output);
    });
    return id;
  }

  list(columns: string): Record<string, string>[] {
    return guarded(() => listSnapshots(this.store.get(), columns));
  }

  delete(snapshot: string): void {
    this.lock(snapshot);
    try {
      guarded(() => deleteSnapshot(this.store.get(), snapshot));
      this.store.save();
    } finally {
      this.unlock(snapshot);
    }
  }

  rollbackTo(snapshot: string): void {
    guarded(() => rollbackTo(this.store.get(), snapshot));
    this.store.save();
  }
}

/**
 * org.opensuse.tukit.Transaction. Upstream's bus policy (dbus/org.opensuse.tukit.conf) lets only
 * root call this interface; the simulator accepts any caller of its private bus.
 */
export class TransactionInterface extends dbus.interface.Interface {
  constructor(private readonly engine: TukitEngine) {
    super(TUKIT.transactionInterface);
  }

  Execute(base: string, command: string): string {
    return this.engine.execute(base, command, {}, null);
  }

  ExecuteAndReboot(base: string, command: string, rebootMethod: string): string {
    return this.engine.execute(base, command, {}, rebootMethod);
  }

  ExecuteWithOpts(base: string, command: string, options: Options): string {
    return this.engine.execute(base, command, options, null);
  }

  Open(base: string): string {
    return this.engine.open(base, {});
  }

  OpenWithOpts(base: string, options: Options): string {
    return this.engine.open(base, options);
  }

  Call(transaction: string, command: string): void {
    this.engine.call(transaction, command);
  }

  /** On the host, `{}` standing for the snapshot's mount point; simulated like Call. */
  CallExt(transaction: string, command: string): void {
    this.engine.call(transaction, command);
  }

  CallWithOpts(transaction: string, command: string, options: Options): void {
    readOptions(options);
    this.engine.call(transaction, command);
  }

  Close(transaction: string): void {
    this.engine.close(transaction);
  }

  CloseWithOpts(transaction: string, options: Options): void {
    readOptions(options);
    this.engine.close(transaction);
  }

  Abort(transaction: string): void {
    this.engine.abort(transaction);
  }

  AbortWithOpts(transaction: string, options: Options): void {
    readOptions(options);
    this.engine.abort(transaction);
  }

  /** Declared here for introspection; sent on /org/opensuse/tukit (see run.ts). */
  TransactionOpened(snapshot: string): string {
    return snapshot;
  }

  CommandExecuted(snapshot: string, returncode: number, output: string): [string, number, string] {
    return [snapshot, returncode, output];
  }

  Error(snapshot: string, returncode: number, output: string): [string, number, string] {
    return [snapshot, returncode, output];
  }
}

TransactionInterface.configureMembers({
  methods: Object.fromEntries(
    Object.entries(TRANSACTION_METHODS).map(([name, m]) => [
      name,
      { inSignature: m.in, outSignature: m.out },
    ]),
  ),
  signals: {
    TransactionOpened: { signature: 's' },
    CommandExecuted: { signature: 'sis' },
    Error: { signature: 'sis' },
  },
});

/** org.opensuse.tukit.Snapshot (any user, as shipped). */
export class SnapshotInterface extends dbus.interface.Interface {
  constructor(private readonly engine: TukitEngine) {
    super(TUKIT.snapshotInterface);
  }

  List(columns: string): Record<string, string>[] {
    return this.engine.list(columns);
  }

  Delete(snapshot: string): void {
    this.engine.delete(snapshot);
  }

  RollbackTo(snapshot: string): void {
    this.engine.rollbackTo(snapshot);
  }
}

SnapshotInterface.configureMembers({
  methods: Object.fromEntries(
    Object.entries(SNAPSHOT_METHODS).map(([name, m]) => [
      name,
      { inSignature: m.in, outSignature: m.out },
    ]),
  ),
});
