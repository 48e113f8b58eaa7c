import dbus from 'dbus-next';

import { errnoError, errnoText, errnoValue, isKnownErrno } from '../sd-bus/errno';
import { ACTION, FLAG_OFFLINE, SYSUPDATE } from './generations';
import type { Fault, SysupdateState, SysupdateStore } from './state';
import {
  candidate,
  compareVersions,
  describeJson,
  newestInstalled,
  vacuumPlan,
  visible,
  type ApiGeneration,
} from './versions';

const INVALID_ARGS = 'org.freedesktop.DBus.Error.InvalidArgs';
const FAILED = 'org.freedesktop.DBus.Error.Failed';
const SIGTERM = 15;
const SIGKILL = 9;

export type JobType =
  | 'list'
  | 'describe'
  | 'check-new'
  | 'update'
  | 'acquire'
  | 'install'
  | 'vacuum'
  | 'describe-feature';

/** One running job (a systemd-sysupdate worker in the real daemon). */
export interface Job {
  id: bigint;
  path: string;
  type: JobType;
  offline: boolean;
  progress: number;
  /** The version asked for ("" = newest); the resolved one once known. */
  version: string;
  /** Whether the caller named a version (decides update vs update-to-version). */
  explicitVersion: boolean;
  cancelled: number;
  timer: NodeJS.Timeout | null;
  /** Ends the worker: exit status as sysupdated's JobRemoved reports it. */
  end(status: number): void;
}

/** What the engine needs from the bus side. */
export interface EngineHooks {
  exportJob(job: Job): void;
  unexportJob(job: Job): void;
  progressChanged(job: Job): void;
  jobRemoved(id: bigint, path: string, status: number): void;
  /** Jobs count went to zero or away from it (sysupdated exits when idle). */
  busyChanged(hasJobs: boolean): void;
}

const flagsMustBeZero = (): dbus.DBusError => new dbus.DBusError(INVALID_ARGS, 'Flags must be 0');
const workerFailed = (code: number): dbus.DBusError =>
  new dbus.DBusError(FAILED, `Job failed with exit code ${code}.`);

/** A version name sysupdate would accept as a feature file name (feature_name_is_valid). */
function featureNameValid(name: string): boolean {
  return (
    name !== '' &&
    /^[\x20-\x7e]+$/.test(name) &&
    !name.includes('/') &&
    `${name}.feature.d`.length <= 255 &&
    name !== '.' &&
    name !== '..'
  );
}

/**
 * systemd-sysupdated's behaviour for the host target (reference §5 and sysupdated.c): argument
 * checks, polkit, one update/vacuum at a time per target, jobs with ids and progress, JobRemoved.
 */
export class SysupdateEngine {
  private lastJobId = 0n;
  private readonly jobs = new Map<bigint, Job>();
  /** An update or vacuum runs on the target. */
  private busy = false;

  constructor(
    private readonly store: SysupdateStore,
    readonly api: ApiGeneration,
    private readonly hooks: EngineHooks,
  ) {}

  private get state(): SysupdateState {
    return this.store.get();
  }

  listJobs(): Job[] {
    return [...this.jobs.values()];
  }

  jobAt(path: string): Job | null {
    return [...this.jobs.values()].find((j) => j.path === path) ?? null;
  }

  appStream(): string[] {
    return [...new Set(this.state.appstreamUrls)];
  }

  /** GetVersion(): newest installed, "" when none (no polkit, no job). */
  getVersion(): string {
    return newestInstalled(this.state.versions)?.version ?? '';
  }

  async list(flags: bigint, checkFlags = true): Promise<string[]> {
    if (checkFlags && (flags & ~FLAG_OFFLINE) !== 0n)
      throw new dbus.DBusError(INVALID_ARGS, 'Invalid flags specified');
    this.authorize(ACTION.check);
    const offline = (flags & FLAG_OFFLINE) !== 0n;
    return this.runShortJob('list', offline, () =>
      visible(this.state.versions, offline).map((v) => v.version),
    );
  }

  async describe(version: string, flags: bigint, checkFlags = true): Promise<string> {
    if (version === '') throw new dbus.DBusError(INVALID_ARGS, 'Version must be specified');
    if (checkFlags && (flags & ~FLAG_OFFLINE) !== 0n)
      throw new dbus.DBusError(INVALID_ARGS, 'Invalid flags specified');
    this.authorize(ACTION.check);
    const offline = (flags & FLAG_OFFLINE) !== 0n;
    return this.runShortJob('describe', offline, () => {
      const json = describeJson(this.state.versions, version, offline, this.api);
      // systemd-sysupdate exits 1 ("not found") and sysupdated reports the exit code.
      if (json === null) throw workerFailed(1);
      return json;
    });
  }

  async checkNew(): Promise<string> {
    this.authorize(ACTION.check);
    return this.runShortJob(
      'check-new',
      false,
      () => candidate(this.state.versions)?.version ?? '',
    );
  }

  async vacuum(): Promise<[number, number]> {
    this.authorize(ACTION.vacuum);
    if (this.busy) throw errnoError('EBUSY', 'Failed to start job');
    this.busy = true;
    try {
      return await this.runShortJob('vacuum', false, () => {
        const removed = vacuumPlan(this.state.versions, this.state.instancesMax);
        for (const record of this.state.versions)
          if (removed.includes(record.version)) record.installed = false;
        this.store.save();
        return [removed.length, 0] as [number, number];
      });
    } finally {
      this.busy = false;
    }
  }

  listFeatures(flags: bigint): string[] {
    if (flags !== 0n) throw flagsMustBeZero();
    return this.state.features.map((f) => f.name);
  }

  async describeFeature(name: string, flags: bigint): Promise<string> {
    if (name === '') throw new dbus.DBusError(INVALID_ARGS, 'Feature must be specified');
    if (flags !== 0n) throw flagsMustBeZero();
    return this.runShortJob('describe-feature', false, () => {
      const feature = this.state.features.find((f) => f.name === name);
      if (!feature) throw workerFailed(1);
      const dropIn = this.state.featureDropIns[`${name}.feature`];
      return JSON.stringify({
        name: feature.name,
        ...(feature.description === undefined ? {} : { description: feature.description }),
        enabled: dropIn ?? feature.enabled,
        ...(feature.documentationUrl === undefined
          ? {}
          : { documentationUrl: feature.documentationUrl }),
        ...(feature.appstreamUrl === undefined ? {} : { appstreamUrl: feature.appstreamUrl }),
        transfers: feature.transfers,
      });
    });
  }

  setFeatureEnabled(name: string, enabled: number, flags: bigint): void {
    if (!featureNameValid(name))
      throw new dbus.DBusError(INVALID_ARGS, 'The specified feature is invalid');
    if (flags !== 0n) throw flagsMustBeZero();
    const file = name.endsWith('.feature') ? name : `${name}.feature`;
    this.authorize(ACTION.manageFeatures);
    const dropIns = this.state.featureDropIns;
    if (enabled < 0) {
      // Reset = unlink the drop-in; there may be none.
      if (!(file in dropIns)) throw errnoError('ENOENT');
      const { [file]: _gone, ...rest } = dropIns;
      this.state.featureDropIns = rest;
    } else {
      dropIns[file] = enabled > 0;
    }
    this.store.save();
  }

  /**
   * Update (A, B), Acquire or Install (C): returns once the worker is READY with
   * (resolved version, job id, job path); the end comes as JobRemoved.
   */
  async startDetached(
    type: 'update' | 'acquire' | 'install',
    version: string,
    flags: bigint,
  ): Promise<[string, bigint, string]> {
    if (flags !== 0n) throw flagsMustBeZero();
    this.authorize(version === '' ? ACTION.update : ACTION.updateToVersion);
    if (this.busy) throw errnoError('EBUSY', 'Failed to start job');
    const state = this.state;
    const fault = state.nextFault;
    if (fault) {
      state.nextFault = null;
      this.store.save();
    }
    const job = this.newJob(type, false, version);
    this.busy = true;
    return new Promise<[string, bigint, string]>((resolve, reject) => {
      let ready = false;
      job.end = (status) => {
        if (job.timer) clearTimeout(job.timer);
        job.timer = null;
        this.busy = false;
        // sysupdated emits JobRemoved for every job of these types, before answering an early end.
        this.removeJob(job, status);
        if (!ready) reject(status === 0 ? this.noCandidate() : this.failure(status, fault));
      };
      const target = this.resolveTarget(type, version);
      if (fault && fault.atProgress === undefined) {
        setImmediate(() => job.end(this.statusOf(fault)));
        return;
      }
      if (target === null) {
        // Nothing to do: the worker exits 0 before READY.
        setImmediate(() => job.end(0));
        return;
      }
      job.version = target;
      ready = true;
      resolve([target, job.id, job.path]);
      this.step(job, type, target, fault);
    });
  }

  /** Cancel(): needs the polkit action of the job's method; the worker gets SIGTERM (SIGKILL from the 4th try). */
  cancel(job: Job): void {
    const action = this.actionOf(job);
    if (action) this.authorize(action);
    job.cancelled += 1;
    const signal = job.cancelled <= 3 ? SIGTERM : SIGKILL;
    // The worker does not catch SIGTERM: it dies of it, and sysupdated reports the signal number.
    setImmediate(() => {
      if (this.jobs.has(job.id)) job.end(signal);
    });
  }

  /** Stops every job (service shutdown). */
  close(): void {
    for (const job of this.jobs.values()) if (job.timer) clearTimeout(job.timer);
  }

  private actionOf(job: Job): string | null {
    switch (job.type) {
      case 'list':
      case 'describe':
      case 'check-new':
        return ACTION.check;
      case 'update':
      case 'acquire':
      case 'install':
        return job.explicitVersion ? ACTION.updateToVersion : ACTION.update;
      case 'vacuum':
        return ACTION.vacuum;
      case 'describe-feature':
        return null;
    }
  }

  /** Which version the worker would work on, or null when there is nothing to do. */
  private resolveTarget(type: 'update' | 'acquire' | 'install', version: string): string | null {
    const versions = this.state.versions;
    if (type === 'install') {
      const pending = versions.filter(
        (v) => v.pending && !v.installed && (version === '' || v.version === version),
      );
      pending.sort((a, b) => compareVersions(b.version, a.version));
      return pending[0]?.version ?? null;
    }
    if (version === '') {
      const next = candidate(versions);
      if (!next || (type === 'acquire' && next.pending)) return null;
      return next.version;
    }
    const record = versions.find((v) => v.version === version);
    if (!record || record.installed || (type === 'acquire' && record.pending)) return null;
    return record.available && !record.obsolete ? record.version : null;
  }

  private step(
    job: Job,
    type: 'update' | 'acquire' | 'install',
    version: string,
    fault: Fault | null,
  ): void {
    const { stepMs, steps, stallAtProgress } = this.state;
    job.timer = setTimeout(() => {
      job.timer = null;
      if (!this.jobs.has(job.id)) return;
      job.progress = Math.min(100, job.progress + Math.ceil(100 / steps));
      this.hooks.progressChanged(job);
      if (fault?.atProgress !== undefined && job.progress >= fault.atProgress) {
        job.end(this.statusOf(fault));
        return;
      }
      if (job.progress >= 100) {
        this.apply(type, version);
        job.end(0);
        return;
      }
      if (stallAtProgress !== null && job.progress >= stallAtProgress) return;
      this.step(job, type, version, fault);
    }, stepMs);
  }

  private apply(type: 'update' | 'acquire' | 'install', version: string): void {
    const record = this.state.versions.find((v) => v.version === version);
    if (!record) return;
    if (type === 'acquire') {
      record.pending = true;
    } else {
      record.installed = true;
      record.pending = false;
      record.incomplete = false;
    }
    // Updating also vacuums down to InstancesMax (protected and the new one stay).
    if (type !== 'acquire') {
      const removed = vacuumPlan(this.state.versions, this.state.instancesMax);
      for (const r of this.state.versions) if (removed.includes(r.version)) r.installed = false;
    }
    this.store.save();
  }

  private statusOf(fault: Fault): number {
    return fault.errno !== undefined && isKnownErrno(fault.errno)
      ? -errnoValue(fault.errno)
      : fault.exitCode;
  }

  private failure(status: number, fault: Fault | null): dbus.DBusError {
    if (status === SIGTERM || status === SIGKILL) {
      return new dbus.DBusError(
        FAILED,
        `Job terminated abnormally with signal ${status === SIGTERM ? 'SIGTERM' : 'SIGKILL'}.`,
      );
    }
    if (status < 0 && fault?.errno !== undefined) return errnoError(fault.errno);
    return workerFailed(status);
  }

  private noCandidate(): dbus.DBusError {
    return new dbus.DBusError(
      SYSUPDATE.noCandidate,
      'Job exited successfully with no work to do, assume already updated',
    );
  }

  private authorize(action: string): void {
    // bus_verify_polkit_async() → -EACCES, which sd-bus names AccessDenied with strerror's text.
    if (this.state.polkitDenied.includes(action))
      throw new dbus.DBusError('org.freedesktop.DBus.Error.AccessDenied', errnoText('EACCES'));
  }

  private newJob(type: JobType, offline: boolean, version: string): Job {
    this.lastJobId += 1n;
    const job: Job = {
      id: this.lastJobId,
      path: `${SYSUPDATE.jobPrefix}${this.lastJobId.toString()}`,
      type,
      offline,
      progress: 0,
      version,
      explicitVersion: version !== '',
      cancelled: 0,
      timer: null,
      end: () => undefined,
    };
    this.jobs.set(job.id, job);
    this.hooks.exportJob(job);
    if (this.jobs.size === 1) this.hooks.busyChanged(true);
    return job;
  }

  private removeJob(job: Job, status: number | null): void {
    if (!this.jobs.delete(job.id)) return;
    if (status !== null) this.hooks.jobRemoved(job.id, job.path, status);
    this.hooks.unexportJob(job);
    if (this.jobs.size === 0) this.hooks.busyChanged(false);
  }

  /** A job that answers the call itself when the worker ends (List, Describe, CheckNew, Vacuum, ...). */
  private async runShortJob<T>(type: JobType, offline: boolean, work: () => T): Promise<T> {
    const job = this.newJob(type, offline, '');
    try {
      // The worker runs outside the event that received the call.
      await new Promise<void>((resolve) => setImmediate(resolve));
      return work();
    } finally {
      this.removeJob(job, null);
    }
  }
}
