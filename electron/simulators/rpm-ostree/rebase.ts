import type dbus from 'dbus-next';

import {
  bootedDeployment,
  commitDetails,
  commitOf,
  isContainerRefspec,
  NO_COMMIT_OVERRIDE_FOR_IMAGES,
  packageDiff,
  rebase,
  TxnError,
  type DiffEntry,
} from './model';
import type { CommitState, DeploymentState, RpmOstreeState } from './state';
import type { Progress } from './transaction';

type Vardict = Record<string, dbus.Variant>;

/** What the rebase work needs from the daemon. */
export interface RebaseContext {
  state: () => RpmOstreeState;
  /** One pause between steps (config.stepMs unless told); rejects once the transaction is cancelled. */
  step: (ms?: number) => Promise<void>;
  /** Stages the new deployment list (TaskBegin "Staging deployment" … TaskEnd). */
  stage: (deployments: DeploymentState[]) => Promise<void>;
  /** Writes a changed state (the downloaded rebase diffs). */
  save: (state: RpmOstreeState) => Promise<void>;
}

const DOWNLOAD_STEPS = 10;
const DEFAULT_BYTES = 900 * 1024 * 1024;

/** `…/aurora:stable` → `stable` (the part after the last ':' of the last path element). */
function tagOf(refspec: string): string | null {
  const slash = refspec.lastIndexOf('/');
  const colon = refspec.lastIndexOf(':');
  return colon > slash ? refspec.slice(colon + 1) : null;
}

function imageOf(refspec: string): string {
  const at = refspec.indexOf('docker://');
  const rest =
    at === -1
      ? refspec.replace(/^ostree-[a-z-]+:(registry:)?/, '')
      : refspec.slice(at + 'docker://'.length);
  const colon = rest.lastIndexOf(':');
  return colon > rest.lastIndexOf('/') ? rest.slice(0, colon) : rest;
}

/**
 * The commits a refspec resolves to in the simulated registry / remote. A dated tag
 * `<channel>-<version>` (Universal Blue's pinned builds) is the channel's build of that version.
 * A tag the fault switch removed, or one nobody published, has none.
 */
export function publishedCommits(state: RpmOstreeState, refspec: string): CommitState[] {
  const tag = tagOf(refspec);
  if (isContainerRefspec(refspec) && tag !== null && state.faults.missingTags?.includes(tag))
    return [];
  const direct = state.repository.filter((c) => c.refspec === refspec);
  if (direct.length > 0 || tag === null) return direct;
  const dated = /^([a-z]+)-(\d+\.\d{8}(?:\.\d+)?)$/.exec(tag);
  if (!dated) return [];
  const channel = refspec.slice(0, refspec.length - tag.length) + (dated[1] ?? '');
  return state.repository
    .filter((c) => c.refspec === channel && c.version === dated[2])
    .map((c) => ({ ...c, refspec }));
}

/** How rpm-ostree (ostree-ext / containers-image) says an image tag does not exist [unverified wording]. */
function missingError(refspec: string): TxnError {
  if (!isContainerRefspec(refspec)) return new TxnError(`Refspec '${refspec}' not found`);
  return new TxnError(
    `Creating importer: failed to invoke method OpenImage: reading manifest ${tagOf(refspec) ?? ''} in ${imageOf(refspec)}: manifest unknown`,
  );
}

/** The error a pull ends with when the network goes away (a DNS failure, as on a dropped Wi-Fi). */
function networkError(refspec: string): TxnError {
  const host = imageOf(refspec).split('/')[0] ?? 'registry';
  return new TxnError(
    `Importing: Unable to pull ${imageOf(refspec)}: error sending request for url (https://${host}/v2/): dns error: failed to lookup address information: Temporary failure in name resolution`,
  );
}

/** The registry's view: the state with the refspec's commits as the repository knows them. */
function resolve(state: RpmOstreeState, refspec: string): RpmOstreeState {
  const commits = publishedCommits(state, refspec);
  if (commits.length === 0) throw missingError(refspec);
  const others = state.repository.filter((c) => c.refspec !== refspec);
  return { ...state, repository: [...others, ...commits] };
}

/**
 * A pull with progress: DownloadProgress (bytes, fetches) and PercentProgress per step. A commit
 * already on disk (a deployment has it) transfers nothing. No network fails halfway; cancel stops
 * at the next step. Nothing is written until the pull is complete.
 */
async function download(
  ctx: RebaseContext,
  progress: Progress,
  commit: CommitState,
  refspec: string,
): Promise<void> {
  const state = ctx.state();
  const local = state.deployments.some((d) => d.checksum === commit.checksum);
  const total = local ? 0 : (commit.downloadBytes ?? DEFAULT_BYTES);
  const layers = local ? 0 : 65;
  const stepMs = state.config.downloadStepMs ?? state.config.stepMs;
  for (let i = 0; i <= DOWNLOAD_STEPS; i++) {
    if (i > DOWNLOAD_STEPS / 2 && state.faults.noNetwork) throw networkError(refspec);
    const bytes = Math.round((total * i) / DOWNLOAD_STEPS);
    const fetched = Math.round((layers * i) / DOWNLOAD_STEPS);
    const elapsed = Math.round((stepMs * i) / 1000);
    const rate = stepMs > 0 ? Math.round((total / DOWNLOAD_STEPS) * (1000 / stepMs)) : 0;
    progress.download([
      [BigInt(Math.floor(Date.now() / 1000) - elapsed), BigInt(elapsed)],
      [layers - fetched, 0],
      [0, 1, 0],
      [0, 0, 0, 0n],
      [fetched, layers],
      [BigInt(bytes), BigInt(i === 0 ? 0 : rate)],
    ]);
    progress.percent(
      `Fetching layers: ${fetched}/${layers}`,
      Math.round((100 * i) / DOWNLOAD_STEPS),
    );
    if (local) break;
    await ctx.step(stepMs);
  }
  progress.progressEnd();
}

/** OS.Rebase: resolve the new refspec, pull it (with progress), stage the deployment. */
export async function rebaseWork(
  ctx: RebaseContext,
  progress: Progress,
  osname: string,
  refspec: string,
  revision: string | undefined,
): Promise<void> {
  progress.message(`Rebasing to ${refspec}`);
  await ctx.step();
  // rpmostree-sysroot-upgrader.cxx, before any pull: an image goes by its tag, never a chosen commit.
  if (revision !== undefined && isContainerRefspec(refspec))
    throw new TxnError(NO_COMMIT_OVERRIDE_FOR_IMAGES);
  progress.taskBegin('Resolving image');
  const view = resolve(ctx.state(), refspec);
  const { deployments, commit } = rebase(view, osname, refspec, revision);
  progress.taskEnd('done');
  await download(ctx, progress, commit, refspec);
  await ctx.stage(deployments);
}

/** OS.DownloadRebaseRpmDiff: fetch the new refspec's package list (metadata only) and cache the diff. */
export async function downloadRebaseDiffWork(
  ctx: RebaseContext,
  progress: Progress,
  refspec: string,
): Promise<void> {
  progress.message(`Fetching metadata for ${refspec}`);
  await ctx.step();
  resolve(ctx.state(), refspec);
  if (ctx.state().faults.noNetwork) throw networkError(refspec);
  for (const percent of [0, 50, 100]) {
    progress.percent('Receiving metadata objects', percent);
    await ctx.step();
  }
  progress.progressEnd();
  const state = ctx.state();
  const cached = new Set(state.rebaseDiffs ?? []);
  cached.add(refspec);
  await ctx.save({ ...state, rebaseDiffs: [...cached] });
}

/** OS.GetCachedRebaseRpmDiff: the diff booted → refspec once downloaded; empty until then [unverified]. */
export function cachedRebaseDiff(
  state: RpmOstreeState,
  osname: string,
  refspec: string,
): [DiffEntry[], Vardict] {
  if (!(state.rebaseDiffs ?? []).includes(refspec)) return [[], {}];
  const booted = bootedDeployment(state);
  const target = [...publishedCommits(state, refspec)].sort((a, b) => b.timestamp - a.timestamp)[0];
  if (!booted || !target) return [[], {}];
  return [packageDiff(commitOf(state, booted.checksum), target), commitDetails(osname, target)];
}
