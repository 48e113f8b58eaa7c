import type { ServiceState } from '../../../shared/schemas/status';
import { KairnError } from '../../core/errors';
import type {
  SnapperChange,
  SnapperConfigInfo,
  SnapperEvent,
  SnapperPort,
  SnapperSnapshotInfo,
} from '../../core/ports/snapper';
import { callMethod, nameState, subscribeSignals } from '../dbus/call';
import type { BusConnection } from '../dbus/connection';
import { SNAPPER_ERRORS, UNKNOWN_METHOD_ERRORS } from './errors';
import { decodeSnapperString, encodeSnapperString } from './escape';
import {
  parseConfigInfo,
  parseConfigList,
  parseFileList,
  parseSnapshotInfo,
  parseSnapshotList,
  sortChanges,
} from './parse';
import { readChanges } from './pipe-reader';
import { SNAPPER, SNAPPER_METHODS, type SnapperMethod, type SnapperSignal } from './proxy';

/** Timeouts of the adapter; every snapper call is bounded. */
export interface SnapperAdapterOptions {
  /** Metadata calls (list, get, set, mount point). Default 15 s. */
  callTimeoutMs?: number;
  /** CreateSingleSnapshot / CreateConfig. Default 60 s. */
  createTimeoutMs?: number;
  /** CreateComparison (snapperd walks both trees). Default 120 s. */
  compareTimeoutMs?: number;
  /** Reading the GetFilesByPipe stream to EOF. Default 60 s. */
  pipeTimeoutMs?: number;
}

const SIGNAL_EVENTS: Record<SnapperSignal, 'snapshots-changed' | 'configs-changed'> = {
  SnapshotCreated: 'snapshots-changed',
  SnapshotModified: 'snapshots-changed',
  SnapshotsDeleted: 'snapshots-changed',
  ConfigCreated: 'configs-changed',
  ConfigModified: 'configs-changed',
  ConfigDeleted: 'configs-changed',
};

/** SnapshotsDeleted's `au`: the numbers, anything else dropped. */
function deletedNumbers(value: unknown): number[] {
  if (!Array.isArray(value)) return [];
  return value.filter((n): n is number => typeof n === 'number' && Number.isInteger(n) && n > 0);
}

function encodeMap(map: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(map).map(([k, v]) => [encodeSnapperString(k), encodeSnapperString(v)]),
  );
}

/** The bus says NoReply "…disconnected…" when snapperd died (killed, crashed) before answering. */
function explainStopped(err: unknown): unknown {
  if (!(err instanceof KairnError) || !err.detail?.startsWith('org.freedesktop.DBus.Error.NoReply'))
    return err;
  if (!/disconnected/i.test(err.detail)) return err;
  return new KairnError('backend-failed', {
    reason: 'snapper-stopped',
    detail: err.detail,
    cause: err,
  });
}

function isUnknownMethod(err: unknown): boolean {
  const name = err instanceof KairnError ? err.detail?.split(':')[0] : undefined;
  return name !== undefined && UNKNOWN_METHOD_ERRORS.has(name);
}

/** SnapperPort over org.opensuse.Snapper (real snapperd or the simulator — same wire). */
export class SnapperDBusAdapter implements SnapperPort {
  private readonly listeners = new Set<(event: SnapperEvent) => void>();
  private unsubscribe: (() => void) | null = null;
  private readonly timeouts: Required<SnapperAdapterOptions>;

  constructor(
    private readonly conn: BusConnection,
    options: SnapperAdapterOptions = {},
  ) {
    this.timeouts = {
      callTimeoutMs: 15_000,
      createTimeoutMs: 60_000,
      compareTimeoutMs: 120_000,
      pipeTimeoutMs: 60_000,
      ...options,
    };
  }

  private async call(
    member: SnapperMethod,
    body: unknown[],
    signal?: AbortSignal,
    timeoutMs = this.timeouts.callTimeoutMs,
  ): Promise<unknown[]> {
    try {
      const call = { ...SNAPPER, member, signature: SNAPPER_METHODS[member].in, body };
      return await callMethod(this.conn, call, { timeoutMs, signal, errors: SNAPPER_ERRORS });
    } catch (err) {
      throw explainStopped(err);
    }
  }

  async state(): Promise<ServiceState> {
    return nameState(this.conn, SNAPPER.destination);
  }

  async listConfigs(signal?: AbortSignal): Promise<SnapperConfigInfo[]> {
    const [raw] = await this.call('ListConfigs', [], signal);
    return parseConfigList(raw);
  }

  async getConfig(config: string, signal?: AbortSignal): Promise<SnapperConfigInfo> {
    const [raw] = await this.call('GetConfig', [encodeSnapperString(config)], signal);
    return parseConfigInfo(raw);
  }

  async listSnapshots(config: string, signal?: AbortSignal): Promise<SnapperSnapshotInfo[]> {
    const [raw] = await this.call('ListSnapshots', [encodeSnapperString(config)], signal);
    return parseSnapshotList(raw);
  }

  async getSnapshot(
    config: string,
    number: number,
    signal?: AbortSignal,
  ): Promise<SnapperSnapshotInfo> {
    const [raw] = await this.call('GetSnapshot', [encodeSnapperString(config), number], signal);
    return parseSnapshotInfo(raw);
  }

  async createSingleSnapshot(
    config: string,
    description: string,
    cleanup: string,
    userdata: Record<string, string>,
  ): Promise<number> {
    const body = [
      encodeSnapperString(config),
      encodeSnapperString(description),
      encodeSnapperString(cleanup),
      encodeMap(userdata),
    ];
    const [number] = await this.call(
      'CreateSingleSnapshot',
      body,
      undefined,
      this.timeouts.createTimeoutMs,
    );
    if (typeof number !== 'number')
      throw new KairnError('backend-failed', { detail: 'CreateSingleSnapshot returned no number' });
    return number;
  }

  async setSnapshot(
    config: string,
    number: number,
    description: string,
    cleanup: string,
    userdata: Record<string, string>,
  ): Promise<void> {
    const body = [
      encodeSnapperString(config),
      number,
      encodeSnapperString(description),
      encodeSnapperString(cleanup),
      encodeMap(userdata),
    ];
    await this.call('SetSnapshot', body);
  }

  /** GetMountPoint, not MountSnapshot: a held mount would block snapper's cleanup (error.config_in_use). */
  async snapshotDir(config: string, number: number, signal?: AbortSignal): Promise<string> {
    const [raw] = await this.call('GetMountPoint', [encodeSnapperString(config), number], signal);
    if (typeof raw !== 'string')
      throw new KairnError('backend-failed', { detail: 'GetMountPoint returned no path' });
    return decodeSnapperString(raw);
  }

  async compare(
    config: string,
    from: number,
    to: number,
    options: { signal?: AbortSignal | undefined; limit: number },
  ): Promise<{ changes: SnapperChange[]; truncated: boolean }> {
    const args = [encodeSnapperString(config), from, to];
    const [count] = await this.call(
      'CreateComparison',
      args,
      options.signal,
      this.timeouts.compareTimeoutMs,
    );
    let result: { changes: SnapperChange[]; truncated: boolean } | undefined;
    let failure: unknown;
    try {
      result = await this.readFiles(args, options);
    } catch (err) {
      failure = err;
    }
    // Always release it (even after an abort): a held comparison blocks DeleteSnapshots with error.config_in_use.
    const released = await this.call('DeleteComparison', args).then(
      () => true,
      () => false,
    );
    if (failure !== undefined || !result) throw failure;
    // If snapperd restarted mid-read the stream ends early: a lost comparison or too few lines tell.
    const expected = typeof count === 'number' ? Math.min(count, options.limit) : 0;
    if (!released || result.changes.length < expected) {
      const detail = `comparison ${from}..${to}: read ${result.changes.length} of ${String(count)} changes`;
      throw new KairnError('backend-failed', { reason: 'snapper-stopped', detail });
    }
    const truncated = result.truncated || (typeof count === 'number' && count > options.limit);
    return { changes: sortChanges(result.changes), truncated };
  }

  private async readFiles(
    args: unknown[],
    options: { signal?: AbortSignal | undefined; limit: number },
  ): Promise<{ changes: SnapperChange[]; truncated: boolean }> {
    let reply: unknown[];
    try {
      reply = await this.call('GetFilesByPipe', args, options.signal);
    } catch (err) {
      if (!isUnknownMethod(err)) throw err;
      return this.readFilesByList(args, options);
    }
    const fd = reply[0];
    if (typeof fd !== 'number') return this.readFilesByList(args, options);
    return readChanges(fd, { ...options, timeoutMs: this.timeouts.pipeTimeoutMs });
  }

  /** Deprecated GetFiles: only for snapperd < 0.10.0 (whole list in one message). */
  private async readFilesByList(
    args: unknown[],
    options: { signal?: AbortSignal | undefined; limit: number },
  ): Promise<{ changes: SnapperChange[]; truncated: boolean }> {
    const [raw] = await this.call('GetFiles', args, options.signal, this.timeouts.pipeTimeoutMs);
    const all = parseFileList(raw);
    return { changes: all.slice(0, options.limit), truncated: all.length > options.limit };
  }

  /** GetDefaultSnapshot / GetActiveSnapshot: what starts next and what runs (null where snapper says "not valid"). */
  async bootSnapshots(
    config: string,
    signal?: AbortSignal,
  ): Promise<{ default: number | null; active: number | null }> {
    const name = encodeSnapperString(config);
    const [def, act] = await Promise.all([
      this.call('GetDefaultSnapshot', [name], signal),
      this.call('GetActiveSnapshot', [name], signal),
    ]);
    const pick = (reply: unknown[]): number | null =>
      reply[0] === true && typeof reply[1] === 'number' ? reply[1] : null;
    return { default: pick(def), active: pick(act) };
  }

  /** How many paths differ between two snapshots (CreateComparison's count); the comparison is released. */
  async countChanges(
    config: string,
    from: number,
    to: number,
    signal?: AbortSignal,
  ): Promise<number> {
    const args = [encodeSnapperString(config), from, to];
    const [count] = await this.call(
      'CreateComparison',
      args,
      signal,
      this.timeouts.compareTimeoutMs,
    );
    await this.call('DeleteComparison', args).catch(() => undefined);
    if (typeof count !== 'number')
      throw new KairnError('backend-failed', { detail: 'CreateComparison returned no count' });
    return count;
  }

  async createConfig(
    name: string,
    subvolume: string,
    fstype: string,
    template: string,
  ): Promise<void> {
    const body = [name, subvolume, fstype, template].map(encodeSnapperString);
    await this.call('CreateConfig', body, undefined, this.timeouts.createTimeoutMs);
  }

  /** Signals come only for changes made through snapperd (reference §1.4): callers also re-list. */
  watch(listener: (event: SnapperEvent) => void): () => void {
    this.listeners.add(listener);
    this.unsubscribe ??= subscribeSignals(
      this.conn,
      { path: SNAPPER.path, interface: SNAPPER.interface },
      (member, body) => {
        const kind = SIGNAL_EVENTS[member as SnapperSignal] as SnapperEvent['kind'] | undefined;
        if (!kind) return;
        const event: SnapperEvent =
          kind === 'configs-changed'
            ? { kind }
            : { kind, config: decodeSnapperString(String(body[0])) };
        if (event.kind === 'snapshots-changed' && member === 'SnapshotsDeleted') {
          event.deleted = deletedNumbers(body[1]);
        }
        for (const each of [...this.listeners]) each(event);
      },
    );
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.unsubscribe) {
        this.unsubscribe();
        this.unsubscribe = null;
      }
    };
  }
}
