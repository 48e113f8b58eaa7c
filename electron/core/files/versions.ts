import type { EntryKind } from '../../../shared/schemas/files';
import { definedAt } from '../../../shared/util/defined';

/** The item at one path in one snapshot (or now), as lstat saw it. */
export interface VersionSample {
  snapshot: number;
  date: string;
  present: boolean;
  kind: EntryKind;
  size: number;
  mtimeNs: bigint;
  ctimeNs: bigint;
}

/** A run of consecutive samples holding the same version: indices into the samples. */
export interface VersionRun {
  first: number;
  last: number;
}

/** Content fingerprints (sha256 of a file, target of a link) by sample index; null = unreadable. */
export type Contents = ReadonlyMap<number, string | null>;

function sameMeta(a: VersionSample, b: VersionSample): boolean {
  return (
    a.present && b.present && a.kind === b.kind && a.size === b.size && a.mtimeNs === b.mtimeNs
  );
}

function hasContent(kind: EntryKind): boolean {
  return kind === 'file' || kind === 'symlink';
}

/**
 * Whether deciding "same version?" needs the contents. Equal (size, mtime, ctime) means unchanged:
 * ctime is set only by the kernel on any change to the inode (users cannot set it, unlike mtime
 * with `touch -d`), and btrfs snapshots keep it, so an untouched file has the same ctime in every
 * snapshot. Same size and mtime but another ctime is ambiguous (chmod, or a write that put the
 * old mtime back): only then are the contents hashed. Links always compare their targets. A different size or mtime is a new version.
 */
export function needsContent(a: VersionSample, b: VersionSample): boolean {
  if (!sameMeta(a, b)) return false;
  // A link's target is read with one readlink, as cheap as the lstat: always compare it, since two
  // targets of the same length written within one clock tick have equal size and times.
  if (a.kind === 'symlink') return true;
  return a.ctimeNs !== b.ctimeNs && hasContent(a.kind);
}

/** Same version, given the fingerprints of both (looked up only when needsContent says so). */
export function sameVersion(
  a: VersionSample,
  b: VersionSample,
  contentA?: string | null,
  contentB?: string | null,
): boolean {
  if (!sameMeta(a, b)) return false;
  if (!needsContent(a, b)) return true;
  return contentA !== undefined && contentA !== null && contentA === contentB;
}

/** Sample indices whose contents must be fingerprinted to collapse consecutive samples. */
export function indicesNeedingContent(samples: readonly VersionSample[]): Set<number> {
  const out = new Set<number>();
  for (let i = 1; i < samples.length; i += 1) {
    if (
      needsContent(
        definedAt(samples, i - 1, 'loop starts at 1'),
        definedAt(samples, i, 'loop stays below length'),
      )
    ) {
      out.add(i - 1);
      out.add(i);
    }
  }
  return out;
}

/**
 * Collapses consecutive samples that hold the same version into runs, oldest first. A snapshot
 * where the item is missing ends a run: a file deleted and created again is a new version.
 */
export function collapseVersions(
  samples: readonly VersionSample[],
  contents: Contents,
): VersionRun[] {
  const runs: VersionRun[] = [];
  let open: VersionRun | null = null;
  samples.forEach((sample, i) => {
    if (!sample.present) {
      open = null;
      return;
    }
    const prev = samples[i - 1];
    if (open && prev && sameVersion(prev, sample, contents.get(i - 1), contents.get(i))) {
      open.last = i;
      return;
    }
    open = { first: i, last: i };
    runs.push(open);
  });
  return runs;
}
