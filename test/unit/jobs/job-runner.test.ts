import { afterEach, beforeEach, expect, it, vi } from 'vitest';

import { EventBus } from '../../../electron/core/api/events';
import { JobRunner } from '../../../electron/core/jobs/job-runner';
import type { JobProgress } from '../../../shared/schemas/jobs';

function runJob(
  report: (ctl: Parameters<Parameters<JobRunner['start']>[1]>[0]) => void,
): Promise<string[]> {
  const bus = new EventBus();
  const seen: string[] = [];
  bus.subscribe((event, payload) => {
    if (event === 'job.progress') seen.push(String((payload as JobProgress).current));
  });
  const jobs = new JobRunner(bus);
  const jobId = jobs.start('search', async (ctl) => {
    report(ctl);
    return { matches: 0, snapshotsSearched: 0 };
  });
  return jobs.wait(jobId).then(() => seen);
}

// The throttle reads the clock: it stands still here, so the burst is one instant whatever the load.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

const at = (current: string) => ({ done: 0, total: 1, bytesDone: 0, bytesTotal: null, current });

it('throttles a burst of progress updates, but never drops a new step', async () => {
  // All at one instant, so well inside the 100 ms throttle window.
  const throttled = await runJob((ctl) => {
    ctl.progress(at('a'));
    ctl.progress(at('b'));
    ctl.progress(at('c'));
  });
  // The first, then the last again when the job ends.
  expect(throttled).toEqual(['a', 'c']);
  const steps = await runJob((ctl) => {
    ctl.progress(at('a'), 'step');
    ctl.progress(at('b'), 'step');
    ctl.progress(at('c'));
  });
  expect(steps).toEqual(['a', 'b', 'c']);
});
