import { KairnError } from '../errors';
import { assertParentsInside, joinUnder, toSubvolumePath } from '../paths/path-guard';
import type { FileSystemPort } from '../ports/file-system';
import type { SnapperConfigInfo, SnapperPort } from '../ports/snapper';

export interface Location {
  config: string;
  subvolume: string;
  snapshot: number;
  /** Directory the snapshot's files are in (the live subvolume for snapshot 0). */
  root: string;
  /** Path relative to the subvolume, leading '/' ('' = the subvolume itself). */
  rel: string;
  /** root + rel: where to read the item at that point in time. */
  target: string;
  /** Where the item is (or was) in the live home. */
  livePath: string;
}

/**
 * Maps (config, snapshot, live path) to the place to read from, through the path guard.
 * Shared by browsing and restore so both apply the same checks.
 */
export class SnapshotLocator {
  private configs: Map<string, SnapperConfigInfo> | null = null;
  private readonly roots = new Map<string, string>();

  constructor(
    private readonly snapper: SnapperPort,
    private readonly fs: Pick<FileSystemPort, 'realpath'>,
  ) {
    snapper.watch(() => this.invalidate());
  }

  invalidate(): void {
    this.configs = null;
    this.roots.clear();
  }

  async config(name: string, signal?: AbortSignal): Promise<SnapperConfigInfo> {
    if (!this.configs) {
      const list = await this.snapper.listConfigs(signal);
      this.configs = new Map(list.map((c) => [c.name, c]));
    }
    const found = this.configs.get(name);
    if (!found) throw new KairnError('not-found', { reason: 'config-missing', detail: name });
    return found;
  }

  /** Snapshot 0 is the live subvolume; others come from snapper (which also proves they exist). */
  async root(config: string, snapshot: number, signal?: AbortSignal): Promise<string> {
    const info = await this.config(config, signal);
    if (snapshot === 0) return info.subvolume;
    const key = `${config}\u0000${snapshot}`;
    const cached = this.roots.get(key);
    if (cached) return cached;
    const dir = await this.snapper.snapshotDir(config, snapshot, signal);
    this.roots.set(key, dir);
    return dir;
  }

  async locate(
    config: string,
    snapshot: number,
    livePath: string,
    signal?: AbortSignal,
  ): Promise<Location> {
    const info = await this.config(config, signal);
    const rel = toSubvolumePath(info.subvolume, livePath);
    const root = await this.root(config, snapshot, signal);
    const target = joinUnder(root, rel);
    await assertParentsInside(this.fs, root, target);
    return {
      config,
      subvolume: info.subvolume,
      snapshot,
      root,
      rel,
      target,
      livePath: joinUnder(info.subvolume, rel),
    };
  }
}
