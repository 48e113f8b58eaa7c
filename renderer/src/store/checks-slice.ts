import type { KairnErrorPayload } from '../../../shared/api/errors';
import type { ChecksResult, Report, SaveReportResult } from '../../../shared/schemas/checks';
import { failed, idle, loading, ready, toErrorPayload, type AsyncState } from './async';
import type { SliceCreator } from './types';

/** A fix the person started: running, done (the check was read again) or failed with why. */
export type FixState =
  { state: 'running' } | { state: 'done' } | { state: 'failed'; error: KairnErrorPayload };

export interface ChecksSlice {
  checks: AsyncState<ChecksResult>;
  fixes: Record<string, FixState>;
  report: AsyncState<Report>;
  loadChecks(): Promise<void>;
  runFix(checkId: string): Promise<void>;
  createReport(): Promise<void>;
  /** Through the host's save dialog; 'unavailable' means the page offers a download itself. */
  saveReport(): Promise<SaveReportResult>;
}

export const createChecksSlice: SliceCreator<ChecksSlice> =
  ({ client, jobs }) =>
  (set, get) => ({
    checks: idle(),
    fixes: {},
    report: idle(),
    async loadChecks() {
      set((s) => ({ checks: loading(s.checks) }));
      try {
        set({ checks: ready(await client.call('checks.run', {})) });
      } catch (err) {
        set((s) => ({ checks: failed(toErrorPayload(err), s.checks.data) }));
      }
    },
    async runFix(checkId) {
      const setFix = (fix: FixState): void =>
        set((s) => ({ fixes: { ...s.fixes, [checkId]: fix } }));
      setFix({ state: 'running' });
      try {
        const { jobId } = await client.call('checks.fix', { check: checkId });
        jobs.watch(jobId, {
          finished(end) {
            if (end.kind === 'fix' && end.result) {
              const fresh = end.result.check;
              set((s) => {
                const data = s.checks.data;
                const next = data
                  ? { ...data, checks: data.checks.map((c) => (c.id === fresh.id ? fresh : c)) }
                  : data;
                return next ? { checks: ready(next) } : {};
              });
              setFix({ state: 'done' });
            } else {
              setFix({
                state: 'failed',
                error: end.error ?? {
                  code: 'backend-failed',
                  message: `The job ended ${end.state}.`,
                },
              });
            }
          },
          lost: (error) => setFix({ state: 'failed', error }),
        });
      } catch (err) {
        setFix({ state: 'failed', error: toErrorPayload(err) });
      }
    },
    async createReport() {
      set((s) => ({ report: loading(s.report) }));
      try {
        set({ report: ready(await client.call('report.create', {})) });
      } catch (err) {
        set((s) => ({ report: failed(toErrorPayload(err), s.report.data) }));
      }
    },
    async saveReport() {
      const report = get().report.data;
      if (!report) return { outcome: 'cancelled' };
      return client.call('report.save', { text: report.text, fileName: report.fileName });
    },
  });
