import type { ChecksResult, FixResult } from '../../../shared/schemas/checks';
import type { HomeHistory } from '../../../shared/schemas/snapshots';
import { KairnError } from '../errors';
import { CHECK_MODULES, type CheckContext, type CheckModule } from './modules';
import { runChecks, type RunOptions } from './runner';

export type ChecksDeps = Omit<CheckContext, 'history'> & {
  modules?: readonly CheckModule[];
  timeLimitMs?: number;
};

/** checks.run and checks.fix: every module's checks, in parallel, each under its time limit. */
export class ChecksServiceImpl {
  constructor(private readonly deps: ChecksDeps) {}

  private checks() {
    const { modules = CHECK_MODULES, timeLimitMs: _limit, ...ports } = this.deps;
    let home: Promise<HomeHistory> | undefined;
    // The file history checks share one answer per run.
    const history = { home: (signal: AbortSignal) => (home ??= ports.snapshots.home(signal)) };
    return modules.flatMap((module) => module({ ...ports, history }));
  }

  private options(signal?: AbortSignal): RunOptions {
    return {
      signal,
      ...(this.deps.timeLimitMs === undefined ? {} : { timeLimitMs: this.deps.timeLimitMs }),
    };
  }

  async run(signal?: AbortSignal): Promise<ChecksResult> {
    return {
      checks: await runChecks(this.checks(), this.options(signal)),
      at: new Date().toISOString(),
    };
  }

  /** Starts the check's fix as a job, only if the check offers it right now. */
  async fix(id: string): Promise<string> {
    const check = this.checks().find((c) => c.id === id);
    if (!check) throw new KairnError('not-found', { reason: 'check-not-found', detail: id });
    const [before] = await runChecks([check], this.options());
    const fixer =
      before?.fix === undefined ? undefined : check.fixes?.find((f) => f.id === before.fix?.id);
    if (!fixer) throw new KairnError('not-found', { reason: 'no-fix-now', detail: id });
    return this.deps.jobs.start('fix', async (ctl): Promise<FixResult> => {
      ctl.progress({ done: 0, total: 1, bytesDone: 0, bytesTotal: null, current: fixer.id });
      await fixer.run(ctl.signal);
      ctl.progress({ done: 1, total: 1, bytesDone: 0, bytesTotal: null, current: fixer.id });
      const [fresh] = await runChecks(
        this.checks().filter((c) => c.id === id),
        this.options(ctl.signal),
      );
      if (!fresh) throw new KairnError('not-found', { reason: 'check-not-found', detail: id });
      return { check: fresh };
    });
  }
}
