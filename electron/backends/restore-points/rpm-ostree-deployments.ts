import dbus from 'dbus-next';
import { z } from 'zod';

/** The keys of one deployment dictionary Kairn reads (reference §4.4); the rest is ignored. */
const DeploymentDict = z.object({
  id: z.string().min(1),
  osname: z.string().min(1),
  checksum: z.string().regex(/^[0-9a-f]{64}$/),
  serial: z.number().int(),
  booted: z.boolean().default(false),
  staged: z.boolean().default(false),
  pinned: z.boolean().default(false),
  version: z.string().optional(),
  timestamp: z.union([z.bigint(), z.number()]).transform((t) => Number(t)),
  origin: z.string().optional(),
  'container-image-reference': z.string().optional(),
});

export interface Deployment {
  /** Position in Sysroot.Deployments (boot order; what `ostree admin pin` takes). */
  index: number;
  id: string;
  osname: string;
  checksum: string;
  serial: number;
  booted: boolean;
  staged: boolean;
  pinned: boolean;
  version: string | null;
  /** Commit time, Unix seconds. */
  timestamp: number;
  /** The ostree refspec or container image reference it follows. */
  source: string | null;
}

/** a{sv} as dbus-next hands it over → plain values (variants unwrapped one level). */
function unwrap(dict: unknown): Record<string, unknown> | null {
  if (typeof dict !== 'object' || dict === null || Array.isArray(dict)) return null;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(dict)) {
    out[key] = value instanceof dbus.Variant ? (value.value as unknown) : value;
  }
  return out;
}

/** Sysroot.Deployments (aa{sv}) → deployments in boot order; a dictionary that does not fit is an error. */
export function parseDeployments(value: unknown): Deployment[] {
  const raw = value instanceof dbus.Variant ? (value.value as unknown) : value;
  if (!Array.isArray(raw)) throw new Error('Deployments is not an array');
  return raw.map((entry: unknown, index) => {
    const d = DeploymentDict.parse(unwrap(entry));
    return {
      index,
      id: d.id,
      osname: d.osname,
      checksum: d.checksum,
      serial: d.serial,
      booted: d.booted,
      staged: d.staged,
      pinned: d.pinned,
      version: d.version ?? null,
      timestamp: d.timestamp,
      source: d.origin ?? d['container-image-reference'] ?? null,
    };
  });
}

/**
 * A restore point is one system version (an ostree commit) of a stateroot: two deployments of the
 * same commit (a Deploy back to a kept version stages a copy) are one point, so its id survives
 * going back. The id is `<osname>-<checksum>`, the deployment id without its serial.
 */
export function pointIdOf(d: Pick<Deployment, 'osname' | 'checksum'>): string {
  return `${d.osname}-${d.checksum}`;
}

export interface PointDeployments {
  id: string;
  /** The first deployment of this commit in boot order (the one the point stands for). */
  first: Deployment;
  all: Deployment[];
}

/** Deployments grouped per restore point, in boot order of their first deployment. */
export function groupByPoint(deployments: readonly Deployment[]): PointDeployments[] {
  const byId = new Map<string, PointDeployments>();
  for (const d of deployments) {
    const id = pointIdOf(d);
    const found = byId.get(id);
    if (found) found.all.push(d);
    else byId.set(id, { id, first: d, all: [d] });
  }
  return [...byId.values()];
}

/**
 * ostree_sysroot_query_deployments_for: for the booted stateroot, the first other deployment
 * before the booted one (pending) and the first after it (rollback).
 */
export function pendingAndRollback(deployments: readonly Deployment[]): {
  booted: Deployment | undefined;
  pending: Deployment | undefined;
  rollback: Deployment | undefined;
} {
  const booted = deployments.find((d) => d.booted);
  let pending: Deployment | undefined;
  let rollback: Deployment | undefined;
  let seenBooted = false;
  for (const d of deployments) {
    if (booted && d.osname !== booted.osname) continue;
    if (d.booted) {
      seenBooted = true;
      continue;
    }
    if (!seenBooted) pending ??= d;
    else rollback ??= d;
  }
  return { booted, pending, rollback };
}

/** Container image references (ostree-image-signed:…, ostree-unverified-registry:…) start so (reference §8.1). */
export function isImageReference(source: string): boolean {
  return source.startsWith('ostree-');
}

/** Why a point cannot be reached here although going back is offered (reason keys under `reasons.`). */
export type GoBackBlockedReason =
  /** It follows another container image (another edition): see Editions. */
  | 'rollback-other-edition'
  /** It runs now on an image-based system; after the restart it is the rollback deployment again. */
  | 'rollback-image-after-restart'
  /** An older version of the same image that OS.Rollback does not reach: the boot menu does. */
  | 'rollback-image-one-step';

export type GoBackPlan =
  | { kind: 'nothing' }
  | { kind: 'rollback' }
  | { kind: 'deploy'; version: string }
  /** On another ostree branch (Fedora 42 from 43): OS.Rebase to that ref at exactly that commit. */
  | { kind: 'rebase'; from: string; refspec: string; checksum: string }
  /**
   * Not reachable: rpm-ostree takes no exact commit for a container image reference ("Specifying
   * commit overrides for container-image-reference type refspecs is not supported", in Rebase and,
   * through the same pull, in Deploy with a revision), so on an image-based system only
   * OS.Rollback moves between versions, and only to the one it moves.
   */
  | { kind: 'blocked'; reason: GoBackBlockedReason; detail: string };

/**
 * How to make `target` the next start. OS.Rollback moves the rollback deployment to the front (or,
 * when nothing follows the booted one, the booted one back on top): use it only when that is the
 * target. With three deployments a second Rollback would bring the third one forward, so anything
 * else is OS.Deploy of the target's version, or OS.Rebase with the target's commit when it follows
 * another branch. Deploy and Rebase start from the merge deployment (the first of the stateroot,
 * a staged one included), so that is the branch compared with. A staged deployment blocks Rollback.
 * Where the merge deployment or the target follows a container image, Rollback is the only way.
 */
export function planGoBack(
  deployments: readonly Deployment[],
  target: PointDeployments,
): GoBackPlan {
  const first = deployments[0];
  if (first && pointIdOf(first) === target.id) return { kind: 'nothing' };
  const { booted, pending, rollback } = pendingAndRollback(deployments);
  const moves = rollback ?? (pending ? booted : undefined);
  if (moves && pointIdOf(moves) === target.id && !pending?.staged) return { kind: 'rollback' };
  const merge = pending ?? booted;
  const from = merge?.source ?? null;
  const source = target.first.source;
  if (source !== null && isImageReference(source) && from !== source)
    return {
      kind: 'blocked',
      reason: 'rollback-other-edition',
      detail:
        `the restore point follows ${source}, the system ${from ?? '(unknown)'}: rpm-ostree takes ` +
        `no exact commit for a container image reference (OS.Rebase with a revision is refused), ` +
        `so only OS.Rollback reaches it while it is the rollback deployment`,
    };
  // Past the check above, a target on an image follows the system's own image.
  if (from !== null && isImageReference(from))
    return imageBlocked(deployments, target, moves, pending);
  if (from !== null && source !== null && source !== from)
    return { kind: 'rebase', from, refspec: source, checksum: target.first.checksum };
  const version = target.first.version;
  if (version === null) return { kind: 'deploy', version: target.first.checksum };
  return { kind: 'deploy', version };
}

/** The same image, a version OS.Rollback does not bring to the front now: say what would. */
function imageBlocked(
  deployments: readonly Deployment[],
  target: PointDeployments,
  moves: Deployment | undefined,
  pending: Deployment | undefined,
): GoBackPlan {
  const why = pending?.staged
    ? `a staged deployment (${pending.id}) blocks OS.Rollback`
    : `OS.Rollback would bring ${moves?.id ?? 'nothing'} to the front`;
  const order = deployments.map((d) => d.id).join(', ');
  const base = `${why} (deployments: ${order}); OS.Deploy with a revision is refused for a container image reference`;
  // What runs now comes right after the next start once the system restarts: Rollback reaches it then.
  if (target.all.some((d) => d.booted))
    return {
      kind: 'blocked',
      reason: 'rollback-image-after-restart',
      detail: `${base}; after the restart it is the rollback deployment`,
    };
  return {
    kind: 'blocked',
    reason: 'rollback-image-one-step',
    detail: `${base}; the boot menu lists every deployment (index ${target.first.index})`,
  };
}
