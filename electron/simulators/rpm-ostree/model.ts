import dbus from 'dbus-next';

import { evrCompare } from './rpmvercmp';
import type { CommitState, DeploymentState, RpmOstreeState } from './state';

const { Variant } = dbus;
type Vardict = Record<string, dbus.Variant>;

/** A transaction's work failed; the text goes into Finished(false, text). */
export class TxnError extends Error {}

/** rpmostree-package-variants.h: RpmOstreePackageDiffTypes. */
export const DIFF_ADDED = 0;
export const DIFF_REMOVED = 1;
export const DIFF_UPGRADED = 2;
export const DIFF_DOWNGRADED = 3;

const CONTAINER_PREFIXES = [
  'ostree-unverified-image:',
  'ostree-unverified-registry:',
  'ostree-image-signed:',
  'ostree-remote-image:',
  'ostree-remote-registry:',
];

export function isContainerRefspec(refspec: string): boolean {
  return CONTAINER_PREFIXES.some((p) => refspec.startsWith(p));
}

/**
 * rpmostree-sysroot-upgrader.cxx, pull_base: a container image reference is pulled by its tag,
 * never at a chosen commit. Rebase and Deploy with a revision both end there.
 */
export const NO_COMMIT_OVERRIDE_FOR_IMAGES =
  'Specifying commit overrides for container-image-reference type refspecs is not supported';

/** `<osname>-<checksum>.<serial>`, the id rpm-ostree's methods take. */
export function deploymentId(d: DeploymentState): string {
  return `${d.osname}-${d.checksum}.${d.serial}`;
}

/** D-Bus object path of a stateroot: characters outside [A-Za-z0-9_] escaped (`-` and `/` → `_`, others `_XX`). */
export function osObjectPath(osname: string): string {
  const escaped = osname.replace(/[^A-Za-z0-9_]/g, (c) =>
    c === '-' || c === '/' ? '_' : `_${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
  return `/org/projectatomic/rpmostree1/${escaped}`;
}

export function commitOf(state: RpmOstreeState, checksum: string): CommitState {
  const commit = state.repository.find((c) => c.checksum === checksum);
  if (!commit) throw new TxnError(`No such commit ${checksum}`);
  return commit;
}

export function bootedDeployment(state: RpmOstreeState): DeploymentState | undefined {
  return state.deployments.find((d) => d.booted);
}

export function osnames(state: RpmOstreeState): string[] {
  return [...new Set(state.deployments.map((d) => d.osname))];
}

/** ostree_sysroot_query_deployments_for: the first non-booted one before the booted (pending) and the first after it (rollback). */
export function queryDeploymentsFor(
  state: RpmOstreeState,
  osname: string,
): { pending?: DeploymentState; rollback?: DeploymentState } {
  let foundBooted = false;
  const out: { pending?: DeploymentState; rollback?: DeploymentState } = {};
  for (const d of state.deployments) {
    if (d.osname !== osname) continue;
    if (d.booted) {
      foundBooted = true;
      continue;
    }
    if (!foundBooted && !out.pending) out.pending = d;
    else if (foundBooted && !out.rollback) out.rollback = d;
  }
  return out;
}

/** The deployment a new one is based on: the default (first) deployment of the stateroot. */
function mergeDeployment(state: RpmOstreeState, osname: string): DeploymentState {
  const d = state.deployments.find((x) => x.osname === osname);
  if (!d) throw new TxnError(`No deployments found for os ${osname}`);
  return d;
}

/** The deployment dictionary (reference §4.4), with upstream's key names and types. */
export function deploymentDict(state: RpmOstreeState, d: DeploymentState): Vardict {
  const commit = commitOf(state, d.checksum);
  const kernel = commit.packages.find(([name]) => name === 'kernel');
  const dict: Vardict = {
    id: new Variant('s', deploymentId(d)),
    osname: new Variant('s', d.osname),
    checksum: new Variant('s', d.checksum),
    serial: new Variant('i', d.serial),
    booted: new Variant('b', d.booted),
    staged: new Variant('b', d.staged),
    pinned: new Variant('b', d.pinned),
    unlocked: new Variant('s', 'none'),
    'requested-packages': new Variant('as', []),
    'requested-local-packages': new Variant('as', []),
    'requested-local-fileoverride-packages': new Variant('as', []),
    'requested-base-removals': new Variant('as', []),
    'requested-base-local-replacements': new Variant('as', []),
    'regenerate-initramfs': new Variant('b', false),
    'base-commit-meta': new Variant('a{sv}', {
      version: new Variant('s', commit.version),
      'ostree.bootable': new Variant('b', true),
      ...(kernel ? { 'ostree.linux': new Variant('s', `${kernel[1]}.${kernel[2]}`) } : {}),
      'rpmostree.inputhash': new Variant('s', commit.checksum.split('').reverse().join('')),
    }),
    version: new Variant('s', commit.version),
    timestamp: new Variant('t', BigInt(commit.timestamp)),
    packages: new Variant('as', []),
    'base-removals': new Variant('av', []),
    'base-local-replacements': new Variant('a(vv)', []),
    'base-remote-replacements': new Variant('a{sv}', {}),
  };
  if (isContainerRefspec(d.refspec)) {
    dict['container-image-reference'] = new Variant('s', d.refspec);
    if (commit.imageDigest)
      dict['container-image-reference-digest'] = new Variant('s', commit.imageDigest);
  } else {
    dict.origin = new Variant('s', d.refspec);
    dict['gpg-enabled'] = new Variant('b', true);
  }
  return dict;
}

/** One entry of GetDeploymentsRpmDiff: (name, type, {PreviousPackage/NewPackage: (name, evr, arch)}). */
export type DiffEntry = [string, number, Record<string, dbus.Variant>];

type Pkg = [string, string, string];
interface Change {
  name: string;
  type: number;
  previous?: Pkg;
  next?: Pkg;
}

/** rpm_ostree_db_diff: modified, removed and added packages, sorted by type, then name. */
export function changes(from: CommitState, to: CommitState): Change[] {
  const before = new Map(from.packages.map((p) => [`${p[0]}.${p[2]}`, p]));
  const after = new Map(to.packages.map((p) => [`${p[0]}.${p[2]}`, p]));
  const out: Change[] = [];
  for (const [key, previous] of before) {
    const next = after.get(key);
    if (!next) out.push({ name: previous[0], type: DIFF_REMOVED, previous });
    else if (next[1] !== previous[1]) {
      const type = evrCompare(previous[1], next[1]) > 0 ? DIFF_DOWNGRADED : DIFF_UPGRADED;
      out.push({ name: previous[0], type, previous, next });
    }
  }
  for (const [key, next] of after)
    if (!before.has(key)) out.push({ name: next[0], type: DIFF_ADDED, next });
  return out.sort((a, b) => a.type - b.type || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** rpm_ostree_db_diff_variant's a(sua{sv}). */
export function packageDiff(from: CommitState, to: CommitState): DiffEntry[] {
  return changes(from, to).map(({ name, type, previous, next }) => [
    name,
    type,
    {
      ...(previous ? { PreviousPackage: new Variant('(sss)', previous) } : {}),
      ...(next ? { NewPackage: new Variant('(sss)', next) } : {}),
    },
  ]);
}

export function deploymentById(state: RpmOstreeState, id: string): DeploymentState {
  if (id === '') throw new TxnError('empty deployment ID');
  const d = state.deployments.find((x) => deploymentId(x) === id);
  if (!d) throw new TxnError(`Deployment with id '${id}' not found`);
  return d;
}

/** The newest commit of a refspec newer than the default deployment, if any. */
export function cachedUpdateCommit(state: RpmOstreeState, osname: string): CommitState | undefined {
  const merge = state.deployments.find((x) => x.osname === osname);
  if (!merge) return undefined;
  const current = commitOf(state, merge.checksum);
  const newest = newestOf(state, merge.refspec);
  return newest && newest.timestamp > current.timestamp ? newest : undefined;
}

function newestOf(state: RpmOstreeState, refspec: string): CommitState | undefined {
  return state.repository
    .filter((c) => c.refspec === refspec)
    .sort((a, b) => b.timestamp - a.timestamp)[0];
}

/** The CachedUpdate dictionary: the pending update and its rpm-diff, or empty when up to date. */
export function cachedUpdateDict(state: RpmOstreeState, osname: string): Vardict {
  const update = cachedUpdateCommit(state, osname);
  const booted = bootedDeployment(state);
  if (!update || !booted) return {};
  const diff = changes(commitOf(state, booted.checksum), update);
  const evrArch = (p: Pkg | undefined): [string, string] => (p ? [p[1], p[2]] : ['', '']);
  // The leading u is RpmOstreePkgTypes: 0 = base package (nothing is layered here).
  const modified = (type: number): [number, string, [string, string], [string, string]][] =>
    diff
      .filter((c) => c.type === type)
      .map((c) => [0, c.name, evrArch(c.previous), evrArch(c.next)]);
  const single = (type: number): [number, string, string, string][] =>
    diff.filter((c) => c.type === type).map((c) => [0, c.name, ...evrArch(c.previous ?? c.next)]);
  const dict: Vardict = {
    osname: new Variant('s', osname),
    checksum: new Variant('s', update.checksum),
    version: new Variant('s', update.version),
    timestamp: new Variant('t', BigInt(update.timestamp)),
    'ref-has-new-commit': new Variant('b', true),
    'rpm-diff': new Variant('a{sv}', {
      upgraded: new Variant('a(us(ss)(ss))', modified(DIFF_UPGRADED)),
      downgraded: new Variant('a(us(ss)(ss))', modified(DIFF_DOWNGRADED)),
      removed: new Variant('a(usss)', single(DIFF_REMOVED)),
      added: new Variant('a(usss)', single(DIFF_ADDED)),
    }),
    advisories: new Variant('a(suuasa{sv})', []),
  };
  if (isContainerRefspec(update.refspec))
    dict['container-image-reference'] = new Variant('s', update.refspec);
  else {
    dict.origin = new Variant('s', update.refspec);
    dict['gpg-enabled'] = new Variant('b', true);
  }
  return dict;
}

/** Details dictionary of GetCached*RpmDiff: osname, checksum, version, timestamp, origin. */
export function commitDetails(osname: string, commit: CommitState): Vardict {
  return {
    osname: new Variant('s', osname),
    checksum: new Variant('s', commit.checksum),
    version: new Variant('s', commit.version),
    timestamp: new Variant('t', BigInt(commit.timestamp)),
    origin: new Variant('s', commit.refspec),
  };
}

/* ---- what the transactions do to the deployment list (each returns the new list) ---- */

/** rollback_transaction_execute: the rollback (or, after a rollback, the booted) deployment becomes first. */
export function rollback(
  state: RpmOstreeState,
  osname: string,
): { deployments: DeploymentState[]; moved: DeploymentState } {
  const { pending, rollback: target } = queryDeploymentsFor(state, osname);
  if (!target && !pending) throw new TxnError('No rollback deployment found');
  if (pending?.staged) throw new TxnError('Staged deployment (remove with cleanup -p)');
  const moved = target ?? bootedDeployment(state);
  if (!moved) throw new TxnError('No rollback deployment found');
  return { deployments: [moved, ...state.deployments.filter((d) => d !== moved)], moved };
}

/** A new staged deployment of `commit` at the front (replacing an older staged one), as staging does. */
function stage(state: RpmOstreeState, osname: string, commit: CommitState): DeploymentState[] {
  const rest = state.deployments.filter((d) => !d.staged);
  const serial = rest
    .filter((d) => d.checksum === commit.checksum && d.osname === osname)
    .reduce((max, d) => Math.max(max, d.serial + 1), 0);
  const staged: DeploymentState = {
    osname,
    checksum: commit.checksum,
    serial,
    booted: false,
    staged: true,
    pinned: false,
    refspec: commit.refspec,
  };
  return [staged, ...rest];
}

/** Deploy(revision): a version (or checksum) from the history of the current refspec. */
export function deploy(
  state: RpmOstreeState,
  osname: string,
  revision: string,
): { deployments: DeploymentState[]; commit: CommitState } {
  const merge = mergeDeployment(state, osname);
  // The checksum path is upstream's pull_base refusal; for `version=` upstream's wording on an
  // image is not verified here, only that it fails: an image has no version history to look up.
  if (isContainerRefspec(merge.refspec)) throw new TxnError(NO_COMMIT_OVERRIDE_FOR_IMAGES);
  const wanted = revision.startsWith('version=') ? revision.slice('version='.length) : revision;
  const byChecksum = /^[0-9a-f]{64}$/.test(wanted);
  const commit = state.repository.find(
    (c) =>
      c.refspec === merge.refspec && (byChecksum ? c.checksum === wanted : c.version === wanted),
  );
  if (!commit) {
    throw new TxnError(
      byChecksum
        ? `Checksum ${wanted} not found in ${merge.refspec}`
        : `Version ${wanted} not found in ${merge.refspec}`,
    );
  }
  return { deployments: stage(state, osname, commit), commit };
}

/** Upgrade: the newest commit of the current refspec, if newer than the default deployment. */
export function upgrade(
  state: RpmOstreeState,
  osname: string,
): { deployments: DeploymentState[]; commit?: CommitState } {
  const merge = mergeDeployment(state, osname);
  const newest = newestOf(state, merge.refspec);
  if (
    !newest ||
    newest.checksum === merge.checksum ||
    newest.timestamp <= commitOf(state, merge.checksum).timestamp
  ) {
    return { deployments: state.deployments };
  }
  return { deployments: stage(state, osname, newest), commit: newest };
}

/** Rebase: the newest commit (or the `revision` version) of another refspec. */
export function rebase(
  state: RpmOstreeState,
  osname: string,
  refspec: string,
  revision: string | undefined,
): { deployments: DeploymentState[]; commit: CommitState } {
  const candidates = state.repository
    .filter((c) => c.refspec === refspec)
    .sort((a, b) => b.timestamp - a.timestamp);
  const newest = candidates[0];
  if (!newest) throw new TxnError(`Refspec '${refspec}' not found`);
  if (revision === undefined) return { deployments: stage(state, osname, newest), commit: newest };
  const wanted = parseRevision(revision);
  const commit = candidates.find((c) =>
    wanted.checksum !== undefined ? c.checksum === wanted.checksum : c.version === wanted.version,
  );
  if (!commit)
    throw new TxnError(
      wanted.checksum !== undefined
        ? `Checksum ${wanted.checksum} not found in ${refspec}`
        : `Version ${wanted.version ?? ''} not found in ${refspec}`,
    );
  return { deployments: stage(state, osname, commit), commit };
}

/**
 * rpmostreed_parse_revision: `revision=CHECKSUM`, `version=VERSION`, or a bare value that is a
 * checksum when it looks like one and a version otherwise.
 */
export function parseRevision(revision: string): { checksum?: string; version?: string } {
  if (revision.startsWith('revision=')) {
    const checksum = revision.slice('revision='.length);
    if (!/^[0-9a-f]{64}$/.test(checksum)) throw new TxnError(`Invalid checksum '${checksum}'`);
    return { checksum };
  }
  if (revision.startsWith('version=')) return { version: revision.slice('version='.length) };
  return /^[0-9a-f]{64}$/.test(revision) ? { checksum: revision } : { version: revision };
}

/** ClearRollbackTarget: drop the rollback deployment (pinned ones are kept, as cleanup keeps them). */
export function clearRollback(state: RpmOstreeState, osname: string): DeploymentState[] {
  const { rollback: target } = queryDeploymentsFor(state, osname);
  if (!target || target.pinned) return state.deployments;
  return state.deployments.filter((d) => d !== target);
}
