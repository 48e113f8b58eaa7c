/** One version of the host target as systemd-sysupdate sees it (an "update set"). */
export interface VersionRecord {
  version: string;
  /** All of its files are on this machine. */
  installed: boolean;
  /** Offered by the update source (network). */
  available: boolean;
  /** Downloaded by Acquire() but not yet installed (API generation C only). */
  pending: boolean;
  obsolete: boolean;
  /** Exempt from Vacuum() (ProtectVersion=, e.g. the booted one). */
  protected: boolean;
  incomplete: boolean;
  changelogUrls: string[];
}

/** The three API generations of the Target interface (reference §5.3). */
export type ApiGeneration = 'A' | 'B' | 'C';

/**
 * Orders versions like systemd's strverscmp_improved() does for the plain version strings
 * systemd-sysupdate uses: runs of digits compare by value, other runs by character, and a
 * version that is a prefix of another is older ("1.2" < "1.2.1").
 */
export function compareVersions(a: string, b: string): number {
  const runs = (v: string): string[] => v.match(/\d+|[^\d]+/g) ?? [];
  const ra = runs(a);
  const rb = runs(b);
  for (let i = 0; i < Math.min(ra.length, rb.length); i++) {
    const x = ra[i] ?? '';
    const y = rb[i] ?? '';
    if (x === y) continue;
    const dx = /^\d/.test(x);
    const dy = /^\d/.test(y);
    if (dx && dy) {
      const nx = BigInt(x);
      const ny = BigInt(y);
      if (nx !== ny) return nx < ny ? -1 : 1;
      continue;
    }
    // A digit run is newer than a separator/letter run in the same place.
    if (dx !== dy) return dx ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return Math.sign(ra.length - rb.length);
}

const newestFirst = (list: readonly VersionRecord[]): VersionRecord[] =>
  [...list].sort((x, y) => compareVersions(y.version, x.version));

/** What sysupdate knows without (offline) or with the network. */
export function visible(list: readonly VersionRecord[], offline: boolean): VersionRecord[] {
  return newestFirst(list.filter((v) => v.installed || v.pending || (!offline && v.available)));
}

/** GetVersion(): the newest installed version ("current"), not necessarily the booted one. */
export function newestInstalled(list: readonly VersionRecord[]): VersionRecord | null {
  return newestFirst(list.filter((v) => v.installed))[0] ?? null;
}

/** CheckNew(): the newest available version newer than everything installed, or null. */
export function candidate(list: readonly VersionRecord[]): VersionRecord | null {
  const current = newestInstalled(list);
  const best = newestFirst(list.filter((v) => v.available && !v.obsolete && !v.installed))[0];
  if (!best) return null;
  return current && compareVersions(best.version, current.version) <= 0 ? null : best;
}

/**
 * sysupdate marks as "newest" the first set of each discovery pass: the newest installed one and
 * (online) the newest available one.
 */
function isNewest(
  list: readonly VersionRecord[],
  record: VersionRecord,
  offline: boolean,
): boolean {
  if (record === newestInstalled(list)) return true;
  if (offline) return false;
  return newestFirst(list.filter((v) => v.available))[0] === record;
}

/**
 * Describe()'s JSON, as `systemd-sysupdate --json=short list VERSION` prints it and sysupdated
 * passes it on (compact, keys in this order). `partial`/`pending` exist only where Acquire/Install
 * do (generation C). Null when the version is not known in this mode.
 */
export function describeJson(
  list: readonly VersionRecord[],
  version: string,
  offline: boolean,
  api: ApiGeneration,
): string | null {
  const record = visible(list, offline).find((v) => v.version === version);
  if (!record) return null;
  const split = api === 'C' ? { partial: false, pending: record.pending } : {};
  return JSON.stringify({
    version: record.version,
    newest: isNewest(list, record, offline),
    available: record.available && !offline,
    installed: record.installed,
    ...split,
    obsolete: record.obsolete,
    protected: record.protected,
    incomplete: record.incomplete,
    changelogUrls: record.changelogUrls,
  });
}

/**
 * Vacuum(): removes the oldest installed, unprotected versions until at most `instancesMax` are
 * left (the newest installed one always stays). Returns the versions removed.
 */
export function vacuumPlan(list: readonly VersionRecord[], instancesMax: number): string[] {
  const installed = newestFirst(list.filter((v) => v.installed));
  const oldestFirst = installed
    .slice(1)
    .filter((v) => !v.protected)
    .reverse();
  const excess = Math.max(0, installed.length - Math.max(1, instancesMax));
  return oldestFirst.slice(0, excess).map((v) => v.version);
}
