import type { Dirent } from 'node:fs';

import { KairnError } from '../errors';
import { joinUnder } from '../paths/path-guard';
import type { FileSystemPort } from '../ports/file-system';
import type { SnapperEvent } from '../ports/snapper';
import { type FilesDeps, hiddenAt, snapshotsUnreadable } from './context';
import { type IndexFolder, UNICODE_TABLES } from './search-index-format';
import type { SearchIndexStore } from './search-index-store';
import { direntKind } from './search-walk';
import { snapshotRoots } from './snapshot-roots';
import { errnoOf, throwIfAborted } from './util';

/** Low priority: two folders read at a time, and none while a search runs. */
const BUILD_CONCURRENCY = 2;
/** Points built between two merges of the packs. */
const COMPACT_EVERY = 64;

/** Waits while searches run, so a search never shares the disk and the CPU with the builder. */
export class Gate {
  private held = 0;
  private waiters: Array<() => void> = [];

  hold(): () => void {
    this.held += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.held -= 1;
      if (this.held === 0) for (const wake of this.waiters.splice(0)) wake();
    };
  }

  /** Told each time the builder stops at the gate (tests wait for it instead of sleeping). */
  onWait: (() => void) | null = null;

  async pass(): Promise<void> {
    while (this.held > 0) {
      this.onWait?.();
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    // Yield to the event loop between folders: the builder never holds it for long.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** Permission problems are a lasting property of the snapshot for this user; anything else is retried. */
function lastingUnreadable(err: unknown): boolean {
  const code = errnoOf(err);
  return code === 'EACCES' || code === 'EPERM';
}

/**
 * Reads every folder of one snapshot, as the search walk would (links never followed, snapper's
 * `.snapshots` skipped, folders this user may not read left empty and counted), parents first.
 */
export async function readTree(
  fs: FileSystemPort,
  root: string,
  signal: AbortSignal,
  gate?: Gate,
): Promise<{ folders: IndexFolder[]; unreadable: number }> {
  await gate?.pass();
  const rootStat = await fs.lstat(root);
  if (!rootStat.isDirectory())
    throw new KairnError('not-found', { reason: 'snapshot-missing', detail: root });
  const folders: IndexFolder[] = [];
  let unreadable = 0;
  const queue: string[] = [''];
  const readOne = async (rel: string): Promise<void> => {
    await gate?.pass();
    throwIfAborted(signal);
    const path = joinUnder(root, rel);
    let entries: Dirent[] = [];
    try {
      if (rel === '' || (await fs.lstat(path)).isDirectory())
        entries = await fs.readdir(path, { withFileTypes: true });
    } catch (err) {
      if (!lastingUnreadable(err)) throw err;
      unreadable += 1;
    }
    const folder: IndexFolder = { rel, entries: [] };
    for (const entry of entries) {
      if (hiddenAt(rel, entry.name)) continue;
      const kind = direntKind(entry);
      folder.entries.push({ name: entry.name, kind });
      if (kind === 'dir') queue.push(`${rel}/${entry.name}`);
    }
    folders.push(folder);
  };
  // Breadth first with a fixed number of workers: a folder is recorded before any of its subfolders.
  let active = 0;
  await new Promise<void>((resolve, reject) => {
    let failed = false;
    const pump = (): void => {
      if (failed) return;
      while (active < BUILD_CONCURRENCY) {
        const rel = queue.shift();
        if (rel === undefined) break;
        active += 1;
        readOne(rel).then(
          () => {
            active -= 1;
            pump();
          },
          (err: unknown) => {
            failed = true;
            reject(err instanceof Error ? err : new Error(String(err)));
          },
        );
      }
      if (active === 0 && queue.length === 0) resolve();
    };
    pump();
  });
  return { folders, unreadable };
}

/**
 * Builds the search index of every point in time of a config in the background, newest first,
 * one point at a time: a point cut off half way is built again from the start next time (its temp
 * file is never read). Indexes of deleted points are removed at once (snapper's signal) and by a
 * sweep at the start of each pass (points deleted while Kairn was not running).
 */
export class SearchIndexer {
  private readonly gate = new Gate();
  private readonly queue = new Set<string>();
  /** Configs whose every point had an index at the end of a pass, with no change since. */
  private readonly clean = new Set<string>();
  /** Bumped on every change of a config's points: a pass that saw a change does not mark it clean. */
  private readonly generation = new Map<string, number>();
  private readonly closing = new AbortController();
  /** Points that failed for another reason than being cut off: not tried again this session. */
  private readonly gaveUp = new Set<string>();
  private building: { config: string; snapshot: number; abort: AbortController } | null = null;
  private running: Promise<void> | null = null;
  private drops: Promise<void> = Promise.resolve();
  private readonly unwatch: () => void;
  /** Points built since start (tests and the benchmark read these). */
  built = 0;
  failed = 0;
  /** Why the last point failed (diagnostics; the point is then searched by walking). */
  lastError: unknown = null;

  constructor(
    private readonly deps: FilesDeps,
    readonly store: SearchIndexStore,
  ) {
    this.unwatch = deps.snapper.watch((event) => this.onSnapperEvent(event));
  }

  /** Holds the builder back until the returned function is called (a search is running). */
  holdForSearch(): () => void {
    return this.gate.hold();
  }

  /** Resolves when the builder next stops to let a search run. */
  whenWaitingForSearch(): Promise<void> {
    return new Promise((resolve) => {
      this.gate.onWait = () => {
        this.gate.onWait = null;
        resolve();
      };
    });
  }

  /** Starts a background pass over the config's points unless all are known to be indexed. */
  schedule(config: string): void {
    if (this.closing.signal.aborted || this.clean.has(config)) return;
    this.queue.add(config);
    this.running ??= this.loop().finally(() => {
      this.running = null;
    });
  }

  /** Resolves when no pass is running or queued (and every pending drop is done). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
    await this.drops;
  }

  /** The search found an index it could not use: remove it so the next pass builds it again. */
  reportBroken(config: string, snapshot: number, date: number): void {
    this.touch(config);
    this.track(this.store.dropFile(config, snapshot, date));
  }

  async close(): Promise<void> {
    this.closing.abort();
    this.building?.abort.abort();
    this.unwatch();
    await this.idle();
  }

  private touch(config: string): void {
    this.clean.delete(config);
    this.generation.set(config, (this.generation.get(config) ?? 0) + 1);
  }

  private track(work: Promise<void>): void {
    this.drops = this.drops.then(() => work.catch(() => undefined));
  }

  private onSnapperEvent(event: SnapperEvent): void {
    if (event.kind === 'configs-changed') {
      this.clean.clear();
      return;
    }
    this.touch(event.config);
    for (const snapshot of event.deleted ?? []) {
      if (this.building?.config === event.config && this.building.snapshot === snapshot)
        this.building.abort.abort();
      this.track(this.store.drop(event.config, snapshot));
    }
  }

  private async loop(): Promise<void> {
    for (;;) {
      const config = this.queue.values().next().value;
      if (config === undefined || this.closing.signal.aborted) return;
      this.queue.delete(config);
      try {
        await this.pass(config);
      } catch {
        // A pass that cannot even list the points (snapper gone, config deleted) waits for the next search.
        this.failed += 1;
      }
    }
  }

  private async pass(config: string): Promise<void> {
    const generation = this.generation.get(config) ?? 0;
    const info = await this.deps.locator.config(config);
    const snaps = await this.deps.snapper.listSnapshots(config);
    const existing = new Map(snaps.map((s) => [s.number, s.date]));
    await this.drops;
    await this.store.sweep(config, existing);
    if (snaps.length > 0 && (await snapshotsUnreadable(this.deps, info.subvolume))) return;
    const built = await this.store.load(config);
    const key = (s: { number: number; date: number }): string =>
      `${config}\0${s.number}\0${s.date}`;
    const todo: typeof snaps = [];
    for (const s of snaps) {
      if (this.gaveUp.has(key(s))) continue;
      // A point file whose folders are missing (a pack lost or broken) is built again.
      if (
        built.get(s.number) === s.date &&
        (await this.store.read(config, s.number, s.date)).state === 'ok'
      )
        continue;
      todo.push(s);
    }
    const roots = await snapshotRoots(
      this.deps,
      config,
      info.subvolume,
      todo.map((s) => s.number),
    );
    let complete = true;
    // Newest first: the points a search reaches first are indexed first.
    for (let i = todo.length - 1; i >= 0; i -= 1) {
      const snap = todo[i];
      const root = roots[i];
      if (this.closing.signal.aborted) return;
      if (!snap || root === undefined) continue;
      const abort = new AbortController();
      this.building = { config, snapshot: snap.number, abort };
      const signal = AbortSignal.any([abort.signal, this.closing.signal]);
      try {
        const { folders, unreadable } = await readTree(this.deps.fs, root, signal, this.gate);
        const header = {
          snapshot: snap.number,
          date: snap.date,
          unreadable,
          unicode: UNICODE_TABLES,
        };
        await this.store.write(config, header, folders, () => throwIfAborted(signal));
        this.built += 1;
        // Packs are merged now and then, so a cut-off pass never leaves one file per point.
        if (this.built % COMPACT_EVERY === 0) await this.store.compact(config);
      } catch (err) {
        this.lastError = err;
        // Cut off (deleted meanwhile, closing): left for the next pass. Failed otherwise (a disk
        // error): searched by walking from now on. A file renamed into place just as its point
        // was deleted is removed by the next sweep.
        if (signal.aborted) complete = false;
        else this.gaveUp.add(key(snap));
        this.failed += 1;
      } finally {
        this.building = null;
      }
    }
    await this.store.compact(config);
    if (complete && (this.generation.get(config) ?? 0) === generation) this.clean.add(config);
  }
}
