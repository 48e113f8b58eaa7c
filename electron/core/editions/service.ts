import type {
  Edition,
  EditionPreview,
  EditionsInfo,
  SwitchResult,
} from '../../../shared/schemas/editions';
import type { SystemFamily } from '../../../shared/schemas/status';
import { KairnError } from '../errors';
import type { JobControl, JobRunner } from '../jobs/job-runner';
import type { EditionChoice, EditionsFacts, EditionsPort } from '../ports/editions';

export interface EditionsServiceOptions {
  jobs: JobRunner;
  /** The family's adapter, chosen once at start from detection. */
  backend: () => Promise<{ family: SystemFamily; port: EditionsPort }>;
}

/** The editions of this system: list, what a switch changes, switching (a job) and back. */
export class EditionsServiceImpl {
  private runningJob: string | null = null;

  constructor(private readonly options: EditionsServiceOptions) {}

  async get(signal?: AbortSignal): Promise<EditionsInfo> {
    const { family, port } = await this.options.backend();
    const facts = await port.read(signal);
    const edition = (e: EditionChoice): Edition => ({
      id: e.id,
      name: e.name,
      kind: e.kind,
      cadence: e.cadence,
      risk: e.risk,
      major: e.major,
      advanced: e.advanced,
      inUse: e.id === facts.current?.id,
      usedAtNextStart: e.id === (facts.nextStart ?? facts.current)?.id,
      canSwitch: facts.switching === null && e.id !== (facts.nextStart ?? facts.current)?.id,
      technical: e.ref,
    });
    const nextStart = facts.nextStart ?? facts.current;
    return {
      family,
      system: facts.system,
      switching:
        facts.switching === null
          ? { available: true, reason: null, detail: null }
          : { available: false, reason: facts.switching.reason, detail: facts.switching.detail },
      current: facts.current ? edition(facts.current) : null,
      nextStart: nextStart ? edition(nextStart) : null,
      available: facts.available.map(edition),
      notPublished: facts.notPublished,
      switchBack:
        facts.switching === null &&
        facts.current !== null &&
        nextStart !== null &&
        nextStart.id !== facts.current.id
          ? facts.current.id
          : null,
      technical: facts.technical,
    };
  }

  async preview(id: string, signal?: AbortSignal): Promise<EditionPreview> {
    const { port } = await this.options.backend();
    const facts = await port.read(signal);
    const target = this.choice(facts, id);
    const found = await port.preview(target, signal);
    return {
      id,
      from: facts.current?.id ?? null,
      packages: found.packages,
      packagesWhy: found.packages ? null : found.packagesWhy,
      downloadBytes: found.downloadBytes,
      major: target.major,
      personalFilesStay: true,
      switchBackPossible:
        facts.current !== null && facts.available.some((e) => e.id === facts.current?.id),
      technical: found.technical,
    };
  }

  /** Checks everything it can before the job: switching offered, nothing running, a known id. */
  async switch(id: string): Promise<string> {
    const { port } = await this.options.backend();
    if (this.runningJob !== null)
      throw new KairnError('busy', {
        reason: 'edition-switch-running',
        detail: `job ${this.runningJob}`,
      });
    const facts = await port.read();
    const target = this.choice(facts, id);
    const jobId = this.options.jobs.start('switch', (ctl) => this.run(port, facts, target, ctl));
    this.runningJob = jobId;
    void this.options.jobs.wait(jobId).finally(() => {
      if (this.runningJob === jobId) this.runningJob = null;
    });
    return jobId;
  }

  /** An id that is not one of this system's published editions is refused before anything changes. */
  private choice(facts: EditionsFacts, id: string): EditionChoice {
    const found = facts.available.find((e) => e.id === id);
    if (!found)
      throw new KairnError('not-found', { reason: 'edition-missing', detail: `edition ${id}` });
    if (facts.switching !== null)
      throw new KairnError('not-yet-available', {
        reason: facts.switching.reason,
        detail: facts.switching.detail ?? undefined,
      });
    return found;
  }

  private async run(
    port: EditionsPort,
    facts: EditionsFacts,
    target: EditionChoice,
    ctl: JobControl,
  ): Promise<SwitchResult> {
    const from = facts.current?.id ?? null;
    let shown: string | null | undefined;
    const step = (done: number, current: string | null, bytes: number | null): void => {
      const update = { done, total: 100, bytesDone: bytes ?? 0, bytesTotal: null, current };
      // New words are always shown; percent and bytes under the same words may be throttled.
      ctl.progress(update, current === shown ? undefined : 'step');
      shown = current;
    };
    const nextBefore = (facts.nextStart ?? facts.current)?.id;
    if (nextBefore !== target.id) {
      step(0, 'switching', null);
      let words: string | null = 'switching';
      await port.switchTo(target, ctl.signal, (p) => {
        if (p.text !== null) words = p.text;
        step(Math.min(95, Math.round(p.percent * 0.95)), words, p.bytes);
      });
    }
    step(96, 'checking', null);
    const after = await port.read(ctl.signal);
    const next = (after.nextStart ?? after.current)?.id;
    if (next !== target.id)
      throw new KairnError('backend-failed', {
        reason: 'edition-switch-unconfirmed',
        detail: `the next start follows ${next ?? '(nothing)'}, not ${target.id}`,
      });
    step(100, null, null);
    return { from, to: target.id, restartNeeded: after.restartPending };
  }
}
