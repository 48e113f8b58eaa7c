import { readFile, rename, writeFile } from 'node:fs/promises';

import { z } from 'zod';

/** One package of a commit's rpmdb: name, epoch:version-release, arch. */
const Package = z.tuple([z.string().min(1), z.string().min(1), z.string().min(1)]);

/** A commit in the simulated repository (what `Deploy <version>` can reach). */
const Commit = z.object({
  checksum: z.string().regex(/^[0-9a-f]{64}$/),
  version: z.string().min(1),
  /** Commit time, Unix seconds. */
  timestamp: z.number().int().nonnegative(),
  /** The refspec this commit belongs to: `remote:ref` (ostree) or an ostree container image reference. */
  refspec: z.string().min(1),
  /** sha256 digest of the image (container commits only). */
  imageDigest: z.string().optional(),
  /** Bytes a pull of this commit transfers (DownloadProgress); a default when absent. */
  downloadBytes: z.number().int().nonnegative().optional(),
  packages: z.array(Package),
});

const Deployment = z.object({
  osname: z.string().regex(/^[A-Za-z0-9_.-]+$/),
  checksum: z.string().regex(/^[0-9a-f]{64}$/),
  serial: z.number().int().nonnegative(),
  booted: z.boolean(),
  staged: z.boolean(),
  pinned: z.boolean(),
  /** The origin's refspec (ostree `remote:ref` or container image reference). */
  refspec: z.string().min(1),
});

const Faults = z.object({
  /** Polkit actions refused (`org.projectatomic.rpmostree1.rollback`, …; `*` = all). */
  denyActions: z.array(z.string()).default([]),
  /** A started transaction reports a first step, then never finishes (until Cancel). */
  neverFinish: z.boolean().default(false),
  /** The daemon process dies after a started transaction's first progress signal. */
  dieMidTransaction: z.boolean().default(false),
  /** The network drops halfway through a download (a pull fails; nothing is staged). */
  noNetwork: z.boolean().optional(),
  /** Image tags the registry does not have (any more): a rebase to them fails. */
  missingTags: z.array(z.string()).optional(),
});

export const RpmOstreeStateSchema = z.object({
  config: z.object({
    /** Seconds without transaction and registered clients before the daemon exits; 0 = never. */
    idleExitTimeout: z.number().nonnegative().default(60),
    automaticUpdatePolicy: z.enum(['none', 'check', 'stage', 'apply']).default('none'),
    /** Pause between the steps of a transaction, so progress can be watched. */
    stepMs: z.number().int().nonnegative().default(50),
    /** Pause between the steps of a download (a rebase's pull) when it should differ from stepMs. */
    downloadStepMs: z.number().int().nonnegative().optional(),
  }),
  sysrootPath: z.string().default('/'),
  repository: z.array(Commit),
  /** All deployments in boot order (index 0 boots next). */
  deployments: z.array(Deployment),
  faults: Faults.default({ denyActions: [], neverFinish: false, dieMidTransaction: false }),
  /** Refspecs whose rebase package diff was downloaded (DownloadRebaseRpmDiff), for GetCachedRebaseRpmDiff. */
  rebaseDiffs: z.array(z.string()).optional(),
});

export type RpmOstreeState = z.infer<typeof RpmOstreeStateSchema>;
export type StateInput = z.input<typeof RpmOstreeStateSchema>;
export type CommitState = RpmOstreeState['repository'][number];
export type DeploymentState = RpmOstreeState['deployments'][number];

export const STATE_FILE = 'rpm-ostree.json';

/** Checks what the state file says beyond its shape: one booted deployment, known commits. */
export function checkState(state: RpmOstreeState): void {
  if (state.deployments.filter((d) => d.booted).length !== 1)
    throw new Error('exactly one deployment must be booted');
  for (const d of state.deployments) {
    if (!state.repository.some((c) => c.checksum === d.checksum))
      throw new Error(`deployment ${d.checksum} has no commit in the repository`);
  }
}

export async function loadState(file: string): Promise<RpmOstreeState> {
  const state = RpmOstreeStateSchema.parse(JSON.parse(await readFile(file, 'utf8')));
  checkState(state);
  return state;
}

/** Temp name + rename, so a reader never sees half a file. */
export async function saveState(file: string, state: RpmOstreeState): Promise<void> {
  await writeFile(`${file}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  await rename(`${file}.tmp`, file);
}
