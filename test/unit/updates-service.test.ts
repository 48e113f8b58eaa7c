import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { nodeFileSystem } from '../../electron/backends/restore-fs/node-fs';
import { EventBus } from '../../electron/core/api/events';
import type { KairnEnvironment } from '../../electron/core/env';
import { KairnError } from '../../electron/core/errors';
import { JobRunner } from '../../electron/core/jobs/job-runner';
import type { SystemUpdateRecord, UpdatesPort } from '../../electron/core/ports/updates';
import { UnavailableUpdates } from '../../electron/core/updates/unavailable';
import { UpdatesServiceImpl } from '../../electron/core/updates/service';
import { makeTempDir } from '../harness/tmp';

const T0 = new Date('2026-12-01T10:00:00Z');

/** An updates backend in memory: prepare resolves, fails or waits for the abort as told. */
class FakeUpdates implements UpdatesPort {
  readonly cancellable = true;
  prepareWith: 'ok' | 'nothing' | 'denied' | 'hang' = 'ok';
  system: SystemUpdateRecord | null = null;
  checkUnavailable = () => Promise.resolve(null);
  prepareUnavailable = () => Promise.resolve(null);
  check() {
    return Promise.resolve({ available: true, version: '2', packages: null, technical: {} });
  }
  prepare(signal: AbortSignal) {
    if (this.prepareWith === 'ok') return Promise.resolve({ version: '2', nothingToDo: false });
    if (this.prepareWith === 'nothing')
      return Promise.resolve({ version: null, nothingToDo: true });
    if (this.prepareWith === 'denied')
      return Promise.reject(new KairnError('access-denied', { reason: 'update-not-allowed' }));
    return new Promise<never>((_resolve, reject) =>
      signal.addEventListener('abort', () => reject(new KairnError('cancelled'))),
    );
  }
  lastFromSystem() {
    return Promise.resolve(this.system);
  }
}

describe('UpdatesServiceImpl', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let port: FakeUpdates | UpdatesPort;
  let jobs: JobRunner;
  let now: Date;
  let service: UpdatesServiceImpl;

  beforeEach(async () => {
    tmp = await makeTempDir();
    const env = { stateDir: join(tmp.path, 'state') } as KairnEnvironment;
    port = new FakeUpdates();
    jobs = new JobRunner(new EventBus());
    now = T0;
    service = new UpdatesServiceImpl({
      env,
      fs: nodeFileSystem,
      jobs,
      backend: () => Promise.resolve({ family: 'ostree', port }),
      restartRequired: () => Promise.resolve(true),
      now: () => now,
    });
  });
  afterEach(async () => {
    await jobs.shutdown();
    await tmp.remove();
  });

  const fake = (): FakeUpdates => port as FakeUpdates;

  it('remembers a preparation that worked, one that failed and one that was stopped', async () => {
    await jobs.wait(await service.prepare());
    expect((await service.get()).last).toMatchObject({
      outcome: 'succeeded',
      version: '2',
      by: 'kairn',
    });
    fake().prepareWith = 'denied';
    now = new Date(T0.getTime() + 60_000);
    const denied = await jobs.wait(await service.prepare());
    expect(denied.finished?.error?.code).toBe('access-denied');
    expect((await service.get()).last).toMatchObject({ outcome: 'failed', version: null });
    expect((await service.get()).last?.detail).toContain('update-not-allowed');
    fake().prepareWith = 'hang';
    const id = await service.prepare();
    jobs.cancel(id);
    expect((await jobs.wait(id)).state).toBe('cancelled');
    expect((await service.get()).last?.outcome).toBe('cancelled');
  });

  it('"nothing to do" is not an update: the last real one stays shown', async () => {
    await jobs.wait(await service.prepare());
    const first = (await service.get()).last;
    fake().prepareWith = 'nothing';
    now = new Date(T0.getTime() + 3600_000);
    await jobs.wait(await service.prepare());
    expect((await service.get()).last).toEqual(first);
  });

  it("shows the newer of the system's own record and Kairn's", async () => {
    await jobs.wait(await service.prepare());
    fake().system = {
      at: new Date(T0.getTime() + 86_400_000),
      outcome: 'succeeded',
      version: '3',
      detail: 'timer',
    };
    expect((await service.get()).last).toMatchObject({ by: 'system', version: '3' });
    fake().system = { ...fake().system!, at: new Date(T0.getTime() - 86_400_000) };
    expect((await service.get()).last).toMatchObject({ by: 'kairn', version: '2' });
  });

  it('a damaged record file means nothing is known, never a failure', async () => {
    await jobs.wait(await service.check());
    await writeFile(
      join(tmp.path, 'state', 'updates.json'),
      '{"lastPrepare": 42, "lastCheck": "x"',
    );
    expect(await service.get()).toMatchObject({ last: null, lastCheck: null });
  });

  it('one job at a time; a family without updates refuses with its reason', async () => {
    fake().prepareWith = 'hang';
    const id = await service.prepare();
    await expect(service.check()).rejects.toMatchObject({ code: 'busy', reason: 'update-busy' });
    jobs.cancel(id);
    await jobs.wait(id);
    port = new UnavailableUpdates('updates-need-admin', 'root only');
    await expect(service.check()).rejects.toMatchObject({
      code: 'not-yet-available',
      reason: 'updates-need-admin',
    });
    expect((await service.get()).check).toEqual({
      available: false,
      reason: 'updates-need-admin',
      detail: 'root only',
    });
  });
});
