import { posix } from 'node:path';

import type { HomeHistory, SetupHomeResult, Snapshot } from '../../../shared/schemas/snapshots';
import type { KairnEnvironment } from '../env';
import { KairnError } from '../errors';
import type { FileSystemPort } from '../ports/file-system';
import type { SnapperConfigInfo, SnapperPort, SnapperSnapshotInfo } from '../ports/snapper';
import type { SnapshotsService } from '../services';
import { allowedByConfig, findHomeConfig, retentionOf, validUserdata } from './home-config';
import type { SnapshotLocator } from './locator';

/** Description of a snapshot the user takes without typing one. */
export const DEFAULT_DESCRIPTION = 'Saved by hand in Kairn';
/** Userdata key remembering the cleanup algorithm a kept snapshot had, so releasing restores it. */
export const KAIRN_CLEANUP_KEY = 'kairn-cleanup';
/** Stands for "no cleanup algorithm": userdata values may be empty in theory, but stay explicit. */
const NO_CLEANUP = 'none';
/** The root folder of a btrfs subvolume always has inode number 256 (BTRFS_FIRST_FREE_OBJECTID). */
const BTRFS_SUBVOLUME_INO = 256;

interface SnapshotsDeps {
  env: KairnEnvironment;
  fs: FileSystemPort;
  snapper: SnapperPort;
  locator: SnapshotLocator;
}

/** snapper snapshot → what the contract shows. "Kept" = important=yes and no cleanup algorithm. */
export function toSnapshot(info: SnapperSnapshotInfo): Snapshot {
  return {
    number: info.number,
    date: new Date(info.date * 1000).toISOString(),
    type: info.type,
    preNumber: info.preNumber > 0 ? info.preNumber : null,
    description: info.description,
    cleanup: info.cleanup,
    userdata: { ...info.userdata },
    important: info.userdata.important === 'yes' && info.cleanup === '',
    uid: info.uid,
  };
}

/** The real path of the home: Fedora Atomic's /home is a link to /var/home, snapper knows the latter. */
async function realHome(fs: FileSystemPort, home: string): Promise<string> {
  return fs.realpath(home).catch(() => home);
}

async function isSubvolumeRoot(fs: FileSystemPort, path: string): Promise<boolean> {
  return fs.stat(path).then(
    (s) => s.ino === BTRFS_SUBVOLUME_INO,
    () => false,
  );
}

/** File history (snapper home snapshots): where it is, list, take, keep, and turning it on. */
export class SnapshotsServiceImpl implements SnapshotsService {
  constructor(private readonly deps: SnapshotsDeps) {}

  async home(signal?: AbortSignal): Promise<HomeHistory> {
    const { env, snapper } = this.deps;
    const home = await realHome(this.deps.fs, env.home);
    const base = { home, userName: env.userName };
    let configs: SnapperConfigInfo[];
    try {
      configs = await snapper.listConfigs(signal);
    } catch (err) {
      if (err instanceof KairnError && err.code === 'service-missing')
        return { ...base, config: null, problem: 'snapper-missing' };
      if (err instanceof KairnError && err.code === 'access-denied')
        return { ...base, config: null, problem: 'not-allowed' };
      throw err;
    }
    const found = findHomeConfig(configs, [home, env.home]);
    if (!found) return { ...base, config: null, problem: 'no-config' };
    const allowed = await this.allowed(found, signal);
    const config = {
      name: found.name,
      subvolume: found.subvolume,
      allowed,
      syncAcl: found.values.SYNC_ACL === 'yes',
      retention: retentionOf(found.values),
    };
    return { ...base, config, problem: allowed ? null : 'not-allowed' };
  }

  /** Group membership is snapperd's to judge: ask for the config, which it only gives to allowed users. */
  private async allowed(config: SnapperConfigInfo, signal?: AbortSignal): Promise<boolean> {
    const verdict = allowedByConfig(config, this.deps.env);
    if (verdict !== 'maybe') return verdict === 'yes';
    try {
      await this.deps.snapper.getConfig(config.name, signal);
      return true;
    } catch (err) {
      if (err instanceof KairnError && err.code === 'access-denied') return false;
      throw err;
    }
  }

  async list(config: string, signal?: AbortSignal): Promise<Snapshot[]> {
    const snaps = await this.deps.snapper.listSnapshots(config, signal);
    return snaps
      .map(toSnapshot)
      .sort((a, b) => a.date.localeCompare(b.date) || a.number - b.number);
  }

  async create(config: string, description: string): Promise<Snapshot> {
    const text = description.trim() || DEFAULT_DESCRIPTION;
    const number = await this.deps.snapper.createSingleSnapshot(config, text, 'timeline', {});
    return toSnapshot(await this.deps.snapper.getSnapshot(config, number));
  }

  async keep(config: string, snapshot: number, keep: boolean): Promise<Snapshot> {
    const { snapper } = this.deps;
    const snap = await snapper.getSnapshot(config, snapshot);
    if (toSnapshot(snap).important === keep) return toSnapshot(snap);
    let userdata: Record<string, string> = { ...snap.userdata };
    let cleanup: string;
    if (keep) {
      userdata[KAIRN_CLEANUP_KEY] ??= snap.cleanup === '' ? NO_CLEANUP : snap.cleanup;
      userdata.important = 'yes';
      cleanup = '';
    } else {
      const { [KAIRN_CLEANUP_KEY]: saved, important: _important, ...rest } = userdata;
      userdata = rest;
      cleanup =
        saved === undefined ? snap.cleanup || 'timeline' : saved === NO_CLEANUP ? '' : saved;
    }
    if (!validUserdata(userdata))
      throw new KairnError('invalid-input', { reason: 'bad-params', detail: 'userdata' });
    await snapper.setSnapshot(config, snapshot, snap.description, cleanup, userdata);
    return toSnapshot(await snapper.getSnapshot(config, snapshot));
  }

  /**
   * Creates the home config (snapper allows this to root only; the refusal becomes "admin-needed").
   * A home that is its own subvolume gets `home_<uid>` as on KDE Linux, else `home` on its parent.
   */
  async setupHome(): Promise<SetupHomeResult> {
    const current = await this.home();
    if (current.config) return { config: current.config.name, subvolume: current.config.subvolume };
    if (current.problem === 'snapper-missing')
      throw new KairnError('service-missing', { reason: 'snapper-missing' });
    const home = current.home;
    const parent = posix.dirname(home);
    const own =
      (await isSubvolumeRoot(this.deps.fs, home)) || !(await isSubvolumeRoot(this.deps.fs, parent));
    const plan = own
      ? { config: `home_${this.deps.env.uid}`, subvolume: home }
      : { config: 'home', subvolume: parent };
    try {
      await this.deps.snapper.createConfig(plan.config, plan.subvolume, 'btrfs', 'default');
    } catch (err) {
      if (err instanceof KairnError && err.code === 'access-denied') {
        throw new KairnError('access-denied', {
          reason: 'admin-needed',
          detail: err.detail,
          cause: err,
        });
      }
      throw err;
    }
    this.deps.locator.invalidate();
    return plan;
  }
}
