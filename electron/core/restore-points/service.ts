import { join } from 'node:path';

import type {
  Availability,
  RestorePoint,
  RestorePointChanges,
  RestorePointList,
  RollbackResult,
} from '../../../shared/schemas/restore-points';
import type { Status, SystemFamily } from '../../../shared/schemas/status';
import type { KairnEnvironment } from '../env';
import { KairnError } from '../errors';
import type { JobControl, JobRunner } from '../jobs/job-runner';
import type { FileSystemPort } from '../ports/file-system';
import type {
  BootPoints,
  RestorePointInfo,
  RestorePointsPort,
  Unavailable,
} from '../ports/restore-points';
import type { RestorePointsService } from '../services';
import { readBootTime } from '../system/boot-time';
import { plainTitle } from './titles';

export interface RestorePointsServiceOptions {
  env: KairnEnvironment;
  fs: Pick<FileSystemPort, 'readFile' | 'writeFile' | 'rename' | 'mkdir'>;
  jobs: JobRunner;
  /** The family's adapter, chosen once at start from detection. */
  backend: () => Promise<{ family: SystemFamily; port: RestorePointsPort }>;
  /** Longest a go-back may take before Kairn gives up waiting (default 10 minutes). */
  goBackTimeoutMs?: number;
}

/** What the last go-back left, so it can be undone (before and after the restart). */
interface UndoRecord {
  from: string;
  to: string;
}

const UNDO_FILE = 'restore-points-undo.json';

function availability(why: Unavailable | null): Availability {
  return why === null
    ? { available: true, reason: null, detail: null }
    : { available: false, reason: why.reason, detail: why.detail };
}

function parseUndo(text: string): UndoRecord | null {
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null) return null;
  const from: unknown = Reflect.get(value, 'from');
  const to: unknown = Reflect.get(value, 'to');
  return typeof from === 'string' && typeof to === 'string' ? { from, to } : null;
}

/** The restore points of this system: list, explain, go back (a job), undo going back, keep with a name. */
export class RestorePointsServiceImpl implements RestorePointsService {
  private runningJob: string | null = null;

  constructor(private readonly options: RestorePointsServiceOptions) {}

  async list(signal?: AbortSignal): Promise<RestorePointList> {
    const { family, port } = await this.options.backend();
    const listWhy = await port.listUnavailable();
    const [goBack, keep] = await Promise.all([port.goBackUnavailable(), port.keepUnavailable()]);
    const empty = { points: [], undo: null, restartNeeded: false, startedFromOlder: false };
    const base = {
      family,
      list: availability(listWhy),
      goBack: availability(goBack),
      keep: availability(keep),
      cancellable: port.cancellable,
    };
    if (listWhy !== null) return { ...base, ...empty };
    const [infos, boot] = await Promise.all([port.list(signal), port.boot(signal)]);
    const points = infos.map((info) => this.toPoint(info, boot)).reverse();
    const undo = await this.undoRecord(boot);
    return {
      ...base,
      points,
      undo,
      restartNeeded:
        boot.running !== null && boot.nextStart !== null && boot.running !== boot.nextStart,
      startedFromOlder: await this.startedFromOlder(infos, boot),
    };
  }

  async changes(id: string, signal?: AbortSignal): Promise<RestorePointChanges> {
    const { port } = await this.options.backend();
    await this.existing(port, id, signal);
    return { id, ...(await port.changes(id, signal)) };
  }

  async rollback(to: string): Promise<string> {
    const { port } = await this.options.backend();
    const why = await port.goBackUnavailable();
    if (why !== null)
      throw new KairnError('not-yet-available', {
        reason: why.reason,
        detail: why.detail ?? undefined,
      });
    if (this.runningJob !== null)
      throw new KairnError('busy', {
        reason: 'rollback-running',
        detail: `job ${this.runningJob}`,
      });
    await this.existing(port, to);
    return this.startGoBack(port, to);
  }

  async undoRollback(): Promise<string> {
    const { port } = await this.options.backend();
    if (this.runningJob !== null)
      throw new KairnError('busy', {
        reason: 'rollback-running',
        detail: `job ${this.runningJob}`,
      });
    const record = await this.undoRecord(await port.boot());
    if (record === null) throw new KairnError('not-found', { reason: 'nothing-to-undo' });
    await this.existing(port, record.from);
    return this.startGoBack(port, record.from, true);
  }

  async keep(id: string, name: string): Promise<RestorePoint> {
    const { port } = await this.options.backend();
    const why = await port.keepUnavailable();
    if (why !== null)
      throw new KairnError('not-yet-available', {
        reason: why.reason,
        detail: why.detail ?? undefined,
      });
    await this.existing(port, id);
    await port.keep(id, name);
    const [info, boot] = await Promise.all([this.existing(port, id), port.boot()]);
    return this.toPoint(info, boot);
  }

  /** For status.get: which point runs, which starts next, and whether this boot chose an older one. */
  async glance(): Promise<Status['restorePoints']> {
    const { port } = await this.options.backend();
    if ((await port.listUnavailable()) !== null) return null;
    const [infos, boot] = await Promise.all([port.list(), port.boot()]);
    return { ...boot, startedFromOlder: await this.startedFromOlder(infos, boot) };
  }

  private startGoBack(port: RestorePointsPort, to: string, undoing = false): string {
    const jobId = this.options.jobs.start('rollback', (ctl) => this.goBack(port, to, undoing, ctl));
    this.runningJob = jobId;
    void this.options.jobs.wait(jobId).finally(() => {
      if (this.runningJob === jobId) this.runningJob = null;
    });
    return jobId;
  }

  private async goBack(
    port: RestorePointsPort,
    to: string,
    undoing: boolean,
    ctl: JobControl,
  ): Promise<RollbackResult> {
    const before = await port.boot(ctl.signal);
    const from = before.nextStart ?? before.running ?? to;
    // Percent of the whole job; `current` is a step key, or the backend's own words while it works.
    // A new step or new words is something the person should see, so it is never dropped by the
    // progress throttle; percent updates under the same words are throttled as usual.
    let shown: string | null | undefined;
    const step = (done: number, current: string | null): void => {
      const update = { done, total: 100, bytesDone: 0, bytesTotal: null, current };
      if (current === shown) ctl.progress(update);
      else ctl.progress(update, 'step');
      shown = current;
    };
    step(0, 'going-back');
    await this.bounded(
      port.goBack(to, ctl.signal, (p) => step(Math.min(95, Math.round(p.percent * 0.95)), p.text)),
    );
    step(95, 'checking');
    const after = await port.boot(ctl.signal);
    if (after.nextStart !== null && after.nextStart !== to) {
      throw new KairnError('backend-failed', {
        reason: 'rollback-unconfirmed',
        detail: `next start is ${after.nextStart}, not ${to}`,
      });
    }
    await this.writeUndo(undoing ? null : { from, to });
    step(100, null);
    return { from, to, restartNeeded: after.running !== null && after.running !== to };
  }

  /** A backend that never answers must not leave the job running forever. */
  private async bounded<T>(work: Promise<T>): Promise<T> {
    const ms = this.options.goBackTimeoutMs ?? 10 * 60_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new KairnError('backend-failed', {
              reason: 'rollback-timeout',
              detail: `no answer after ${ms} ms`,
            }),
          ),
        ms,
      );
    });
    try {
      return await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async existing(
    port: RestorePointsPort,
    id: string,
    signal?: AbortSignal,
  ): Promise<RestorePointInfo> {
    const found = (await port.list(signal)).find((p) => p.id === id);
    if (!found)
      throw new KairnError('not-found', {
        reason: 'restore-point-missing',
        detail: `restore point ${id}`,
      });
    return found;
  }

  private toPoint(info: RestorePointInfo, boot: BootPoints): RestorePoint {
    return {
      id: info.id,
      version: info.version,
      date: info.date.toISOString(),
      kind: info.kind,
      title: plainTitle(info),
      description: info.description,
      running: boot.running === info.id,
      nextStart: boot.nextStart === info.id,
      kept: info.kept,
      goBackBlocked: info.goBackBlocked ?? null,
    };
  }

  /**
   * Running is older than the default next start, and that default already existed when this
   * boot happened: the boot chose an older point (a failed boot, the boot menu). A default made
   * after the boot is a pending update or a go-back instead.
   */
  private async startedFromOlder(infos: RestorePointInfo[], boot: BootPoints): Promise<boolean> {
    if (boot.running === null || boot.nextStart === null || boot.running === boot.nextStart)
      return false;
    const running = infos.find((p) => p.id === boot.running);
    const next = infos.find((p) => p.id === boot.nextStart);
    if (!running || !next || running.date >= next.date) return false;
    const booted = await readBootTime(this.options.fs, this.options.env);
    return booted !== null && next.date < booted;
  }

  /** The recorded go-back, while it still describes the system (its target is running or starts next). */
  private async undoRecord(boot: BootPoints): Promise<UndoRecord | null> {
    const text = await this.options.fs
      .readFile(join(this.options.env.stateDir, UNDO_FILE), 'utf8')
      .catch(() => null);
    if (text === null) return null;
    let record: UndoRecord | null;
    try {
      record = parseUndo(text);
    } catch {
      return null;
    }
    if (record === null) return null;
    const stillThere =
      boot.nextStart === record.to || (boot.nextStart === null && boot.running === record.to);
    return stillThere ? record : null;
  }

  /** Written to a temp name and renamed, so a crash leaves the old record or the new one. */
  private async writeUndo(record: UndoRecord | null): Promise<void> {
    const dir = this.options.env.stateDir;
    await this.options.fs.mkdir(dir, { recursive: true });
    const tmp = join(dir, `${UNDO_FILE}.tmp`);
    await this.options.fs.writeFile(tmp, JSON.stringify(record ?? {}));
    await this.options.fs.rename(tmp, join(dir, UNDO_FILE));
  }
}
