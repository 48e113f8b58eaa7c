import { closeSync } from 'node:fs';

import type { TreeChange } from './compare';

interface Comparison {
  changes: TreeChange[];
  /** Descriptors handed out by GetFilesByPipe, closed when the comparison goes. */
  fds: Set<number>;
}

interface ClientState {
  comparisons: Map<string, Comparison>;
  /** Mounts with user-request=false, released when the client goes (like snapperd). */
  mounts: Map<string, number>;
}

const key = (config: string, a: number, b?: number): string =>
  `${config}\u0000${a}\u0000${b ?? ''}`;

function closeAll(comparison: Comparison): void {
  for (const fd of comparison.fds) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
  }
  comparison.fds.clear();
}

/** Per-client state keyed by the caller's unique bus name, dropped when the client disconnects. */
export class ClientRegistry {
  private readonly clients = new Map<string, ClientState>();

  private client(name: string): ClientState {
    let state = this.clients.get(name);
    if (!state) {
      state = { comparisons: new Map(), mounts: new Map() };
      this.clients.set(name, state);
    }
    return state;
  }

  addComparison(client: string, config: string, a: number, b: number, changes: TreeChange[]): void {
    const comparisons = this.client(client).comparisons;
    const old = comparisons.get(key(config, a, b));
    if (old) closeAll(old);
    comparisons.set(key(config, a, b), { changes, fds: new Set() });
  }

  comparison(client: string, config: string, a: number, b: number): TreeChange[] | null {
    return this.clients.get(client)?.comparisons.get(key(config, a, b))?.changes ?? null;
  }

  /** Ties a pipe descriptor to the comparison; it is closed on DeleteComparison, disconnect, or after 60 s. */
  holdFd(client: string, config: string, a: number, b: number, fd: number): void {
    const comparison = this.clients.get(client)?.comparisons.get(key(config, a, b));
    if (!comparison) {
      closeSync(fd);
      return;
    }
    comparison.fds.add(fd);
    const timer = setTimeout(() => {
      if (comparison.fds.delete(fd)) closeSync(fd);
    }, 60_000);
    timer.unref();
  }

  deleteComparison(client: string, config: string, a: number, b: number): boolean {
    const comparisons = this.clients.get(client)?.comparisons;
    const found = comparisons?.get(key(config, a, b));
    if (!comparisons || !found) return false;
    closeAll(found);
    comparisons.delete(key(config, a, b));
    return true;
  }

  /** Does any client hold a comparison on this config? (blocks DeleteSnapshots: error.config_in_use) */
  configInUse(config: string): boolean {
    const prefix = `${config}\u0000`;
    return [...this.clients.values()].some((c) =>
      [...c.comparisons.keys()].some((k) => k.startsWith(prefix)),
    );
  }

  mount(client: string, config: string, number: number): void {
    const mounts = this.client(client).mounts;
    mounts.set(key(config, number), (mounts.get(key(config, number)) ?? 0) + 1);
  }

  umount(client: string, config: string, number: number): void {
    const mounts = this.clients.get(client)?.mounts;
    if (!mounts) return;
    const count = mounts.get(key(config, number)) ?? 0;
    if (count <= 1) mounts.delete(key(config, number));
    else mounts.set(key(config, number), count - 1);
  }

  /** Is the snapshot mounted (user-request=false) by any client? (blocks its deletion: error.snapshot_in_use) */
  snapshotMounted(config: string, number: number): boolean {
    return [...this.clients.values()].some((c) => c.mounts.has(key(config, number)));
  }

  drop(client: string): void {
    const state = this.clients.get(client);
    if (!state) return;
    for (const comparison of state.comparisons.values()) closeAll(comparison);
    this.clients.delete(client);
  }
}
