import { posix } from 'node:path';

import type { FileVersion, Versions } from '../../../shared/schemas/files';
import { definedAt } from '../../../shared/util/defined';
import { KairnError } from '../errors';
import { isInside, joinUnder } from '../paths/path-guard';
import type { SnapperSnapshotInfo } from '../ports/snapper';
import type { Location } from '../snapshots/locator';
import {
  type FilesDeps,
  explainFailure,
  locateChecked,
  snapshotsDirOf,
  snapshotsUnreadable,
} from './context';
import { sha256File } from './read-file';
import type { RootDevices } from './root-devices';
import { snapshotRoots } from './snapshot-roots';
import {
  type VersionRun,
  type VersionSample,
  collapseVersions,
  indicesNeedingContent,
  needsContent,
  sameVersion,
} from './versions';
import { errnoOf, isoFromNs, isoFromSeconds, kindOf, mapLimit } from './util';

const LSTAT_CONCURRENCY = 32;
const HASH_CONCURRENCY = 4;
/** Reasons an item counts as "not in this snapshot" rather than as a failure. */
const ABSENT = new Set(['ENOENT', 'ENOTDIR', 'ELOOP', 'EACCES', 'EPERM']);

interface Probe {
  /** `<subvolume>/.snapshots` and where it really is, to check parents with one realpath. */
  base: string;
  realBase: string;
  rel: string;
  devices: RootDevices;
}

interface At {
  snapshot: number;
  date: string;
}

/** The distinct versions of one item across all snapshots of a config, oldest first. */
export async function fileVersions(
  deps: FilesDeps,
  devices: RootDevices,
  config: string,
  path: string,
  signal?: AbortSignal,
): Promise<Versions> {
  const live = await locateChecked(deps, config, 0, path, signal);
  const snaps = await deps.snapper.listSnapshots(config, signal);
  if (snaps.length > 0 && (await snapshotsUnreadable(deps, live.subvolume))) {
    throw new KairnError('access-denied', {
      reason: 'snapshots-unreadable',
      detail: snapshotsDirOf(live.subvolume),
    });
  }
  try {
    const found = await collectSamples(deps, devices, live, snaps, signal);
    return await decideVersions(deps, live.livePath, found, signal);
  } catch (err) {
    throw await explainFailure(deps, config, snaps.at(-1)?.number ?? 0, err, 'versions');
  }
}

interface Collected {
  /** One sample per snapshot (oldest first) and, last, the live item. */
  all: VersionSample[];
  /** Where each sample was read. */
  targets: string[];
}

/** ListSnapshots was called once by the caller; here one lstat per snapshot (plus a realpath where needed). */
async function collectSamples(
  deps: FilesDeps,
  devices: RootDevices,
  live: Location,
  snaps: readonly SnapperSnapshotInfo[],
  signal?: AbortSignal,
): Promise<Collected> {
  const roots = await snapshotRoots(
    deps,
    live.config,
    live.subvolume,
    snaps.map((s) => s.number),
    signal,
  );
  const base = snapshotsDirOf(live.subvolume);
  const probe: Probe = {
    base,
    realBase: snaps.length > 0 ? await deps.fs.realpath(base) : base,
    rel: live.rel,
    devices,
  };
  const samples = await mapLimit(
    snaps,
    LSTAT_CONCURRENCY,
    (s, i) =>
      sampleAt(deps, probe, definedAt(roots, i, 'snapshotRoots returns one root per snapshot'), {
        snapshot: s.number,
        date: isoFromSeconds(s.date),
      }),
    signal,
  );
  const current = (
    await lstatAt(deps, live.target, { snapshot: 0, date: new Date().toISOString() })
  ).sample;
  return {
    all: [...samples, current],
    targets: [...roots.map((root) => joinUnder(root, live.rel)), live.target],
  };
}

/** Collapses the samples into versions, hashing only where metadata cannot decide. */
async function decideVersions(
  deps: FilesDeps,
  livePath: string,
  found: Collected,
  signal?: AbortSignal,
): Promise<Versions> {
  const { all, targets } = found;
  const liveIndex = all.length - 1;
  const samples = all.slice(0, liveIndex);
  const current = definedAt(all, liveIndex, 'collectSamples appends the live sample last');
  const contents = new Map<number, string | null>();
  await fingerprint(deps, all, targets, indicesNeedingContent(samples), contents, signal);
  const runs = collapseVersions(samples, contents);
  const vsLive = runs
    .filter((r) =>
      needsContent(definedAt(all, r.last, 'runs index the samples they were made from'), current),
    )
    .flatMap((r) => [r.last, liveIndex]);
  await fingerprint(deps, all, targets, new Set(vsLive), contents, signal);
  return {
    path: livePath,
    current: {
      exists: current.present,
      size: current.size,
      mtime: current.present ? isoFromNs(current.mtimeNs) : null,
    },
    versions: runs.map((run) => toVersion(samples, run, current, contents, liveIndex)),
  };
}

function absent(at: At): VersionSample {
  return { ...at, present: false, kind: 'other', size: 0, mtimeNs: 0n, ctimeNs: 0n };
}

async function lstatAt(
  deps: FilesDeps,
  target: string,
  at: At,
): Promise<{ sample: VersionSample; dev: bigint | null }> {
  try {
    const st = await deps.fs.lstat(target, { bigint: true });
    const kind = kindOf(st);
    const sample = {
      ...at,
      present: true,
      kind,
      size: kind === 'dir' ? 0 : Number(st.size),
      mtimeNs: st.mtimeNs,
      ctimeNs: st.ctimeNs,
    };
    return { sample, dev: st.dev };
  } catch (err) {
    if (ABSENT.has(errnoOf(err) ?? '')) return { sample: absent(at), dev: null };
    throw err;
  }
}

/**
 * The item in one snapshot, never reached through a folder that is a link leading out of it:
 * on the snapshot's own device it is inside; otherwise the parent's realpath must be inside.
 */
async function sampleAt(
  deps: FilesDeps,
  probe: Probe,
  root: string,
  at: At,
): Promise<VersionSample> {
  const target = joinUnder(root, probe.rel);
  // Directly in the root (or the root itself): no folder on the way could be a link.
  if (probe.rel === '' || posix.dirname(probe.rel) === '/')
    return (await lstatAt(deps, target, at)).sample;
  const device = await probe.devices.deviceOf(deps.fs, root);
  if (device !== null) {
    const found = await lstatAt(deps, target, at);
    if (!found.sample.present || found.dev === device) return found.sample;
  }
  if (!(await parentInside(deps, probe, root))) return absent(at);
  return (await lstatAt(deps, target, at)).sample;
}

/** One realpath of the parent, compared with where it is when nothing on the way is a link. */
async function parentInside(deps: FilesDeps, probe: Probe, root: string): Promise<boolean> {
  const parentRel = posix.dirname(probe.rel);
  let realParent: string;
  try {
    realParent = await deps.fs.realpath(root + parentRel);
  } catch (err) {
    if (ABSENT.has(errnoOf(err) ?? '')) return false;
    throw err;
  }
  const guess = root.startsWith(`${probe.base}/`)
    ? probe.realBase + root.slice(probe.base.length)
    : root;
  return realParent === guess + parentRel || isInside(await deps.fs.realpath(root), realParent);
}

/** Fills `contents` for the given indices: sha256 of a file, the target of a link, null if unreadable. */
async function fingerprint(
  deps: FilesDeps,
  samples: readonly VersionSample[],
  targets: readonly string[],
  indices: ReadonlySet<number>,
  contents: Map<number, string | null>,
  signal?: AbortSignal,
): Promise<void> {
  const todo = [...indices].filter((i) => !contents.has(i));
  const found = await mapLimit(
    todo,
    HASH_CONCURRENCY,
    async (i): Promise<string | null> => {
      const target = definedAt(targets, i, 'targets has one entry per sample');
      try {
        if (samples[i]?.kind === 'symlink') return `link:${await deps.fs.readlink(target)}`;
        return await sha256File(deps.fs, target, signal);
      } catch (err) {
        if (err instanceof KairnError) throw err;
        return null;
      }
    },
    signal,
  );
  todo.forEach((i, n) => contents.set(i, found[n] ?? null));
}

function toVersion(
  samples: readonly VersionSample[],
  run: VersionRun,
  current: VersionSample,
  contents: ReadonlyMap<number, string | null>,
  liveIndex: number,
): FileVersion {
  const first = definedAt(samples, run.first, 'runs index the samples they were made from');
  const last = definedAt(samples, run.last, 'runs index the samples they were made from');
  const sameAsCurrent = sameVersion(last, current, contents.get(run.last), contents.get(liveIndex));
  return {
    snapshot: first.snapshot,
    date: first.date,
    lastSnapshot: last.snapshot,
    size: first.size,
    mtime: isoFromNs(first.mtimeNs),
    kind: first.kind,
    sameAsCurrent,
  };
}
