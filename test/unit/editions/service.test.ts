import { describe, expect, it } from 'vitest';

import { EventBus } from '../../../electron/core/api/events';
import { EditionsServiceImpl } from '../../../electron/core/editions/service';
import { JobRunner } from '../../../electron/core/jobs/job-runner';
import type {
  EditionChoice,
  EditionsFacts,
  EditionsPort,
} from '../../../electron/core/ports/editions';

const choice = (id: string): EditionChoice => ({
  id,
  name: id,
  kind: 'channel',
  cadence: 'weekly',
  risk: 'low',
  major: false,
  advanced: false,
  ref: `registry:${id}`,
});

/** A port that records every switch and moves the next start where it was asked to. */
function fakePort(facts: Partial<EditionsFacts> = {}) {
  const switched: string[] = [];
  let next = 'stable';
  const port: EditionsPort = {
    read: () =>
      Promise.resolve({
        system: 'Aurora',
        switching: null,
        current: choice('stable'),
        nextStart: choice(next),
        available: [choice('stable'), choice('latest')],
        notPublished: [],
        restartPending: next !== 'stable',
        technical: {},
        ...facts,
      }),
    preview: () =>
      Promise.resolve({
        packages: null,
        packagesWhy: 'edition-diff-unknown',
        downloadBytes: null,
        technical: {},
      }),
    switchTo: (target, _signal, progress) => {
      switched.push(target.id);
      progress({ percent: 50, text: 'Fetching', bytes: 1024 });
      next = target.id;
      return Promise.resolve();
    },
  };
  return { port, switched };
}

function service(port: EditionsPort) {
  const jobs = new JobRunner(new EventBus());
  return {
    jobs,
    editions: new EditionsServiceImpl({
      jobs,
      backend: () => Promise.resolve({ family: 'ostree', port }),
    }),
  };
}

describe('the editions service', () => {
  it('refuses an unknown edition without switching anything', async () => {
    const { port, switched } = fakePort();
    await expect(service(port).editions.switch('nightly')).rejects.toMatchObject({
      code: 'not-found',
      reason: 'edition-missing',
    });
    expect(switched).toEqual([]);
  });

  it('refuses where switching is not offered (KDE Linux), even for a listed edition', async () => {
    const { port, switched } = fakePort({
      switching: { reason: 'editions-kde-one-published', detail: null },
    });
    await expect(service(port).editions.switch('latest')).rejects.toMatchObject({
      code: 'not-yet-available',
    });
    expect(switched).toEqual([]);
  });

  it('runs the switch as a job with bytes in its progress, then offers switching back', async () => {
    const { port, switched } = fakePort();
    const { jobs, editions } = service(port);
    const job = await jobs.wait(await editions.switch('latest'));
    expect(job.finished).toMatchObject({
      kind: 'switch',
      result: { from: 'stable', to: 'latest', restartNeeded: true },
    });
    expect(switched).toEqual(['latest']);
    const info = await editions.get();
    expect(info.switchBack).toBe('stable');
    expect(info.available.find((e) => e.id === 'latest')).toMatchObject({
      usedAtNextStart: true,
      canSwitch: false,
    });
    expect(info.available.find((e) => e.id === 'stable')).toMatchObject({
      inUse: true,
      canSwitch: true,
    });
  });

  it('switching to the edition already used at next start changes nothing', async () => {
    const { port, switched } = fakePort();
    const { jobs, editions } = service(port);
    const job = await jobs.wait(await editions.switch('stable'));
    expect(job.state).toBe('done');
    expect(switched).toEqual([]);
  });
});
