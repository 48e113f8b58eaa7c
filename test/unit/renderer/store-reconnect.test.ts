import { describe, expect, it } from 'vitest';

import type { JobFinished, JobSnapshot, RestoreResult } from '../../../shared/schemas/jobs';
import { callError, settle } from './fake-client';
import { atPoint, base } from './store-setup';

const result: RestoreResult = {
  restored: ['/home/anna/Report (restored).odt'],
  keptAside: [],
  skipped: [],
  undoId: null,
  files: 1,
  bytes: 10,
  cloned: true,
};

const finished: JobFinished = { jobId: 'j1', kind: 'restore', state: 'done', result, error: null };

/** The connection drops and comes back, as the ws transport reports it. */
function reconnect(store: Awaited<ReturnType<typeof atPoint>>): void {
  store.getState().setConnection('open');
  store.getState().setConnection('reconnecting');
  store.getState().setConnection('open');
}

describe('jobs after a reconnect', () => {
  it('a restore that finished while the connection was down shows done after it is back', async () => {
    let job: JobSnapshot = {
      jobId: 'j1',
      kind: 'restore',
      state: 'running',
      progress: null,
      finished: null,
    };
    const client = base({
      'restore.start': () => ({ jobId: 'j1' }),
      'jobs.get': () => job,
      'status.get': () => {
        throw callError('backend-failed');
      },
    });
    const store = await atPoint(client);
    await store.getState().startRestore({ mode: 'keep-both' });
    expect(store.getState().restoreJob?.state).toBe('running');
    store.getState().setConnection('open');
    store.getState().setConnection('reconnecting');
    // The core finishes the job now; its job.finished goes nowhere (no connection).
    job = { ...job, state: 'done', finished };
    store.getState().setConnection('open');
    await settle();
    expect(client.callsOf('jobs.get')).toEqual([{ jobId: 'j1' }]);
    expect(store.getState().restoreJob).toMatchObject({ state: 'done', result });
  });

  it('asks only about jobs still running, and keeps following one that still runs', async () => {
    const client = base({
      'restore.start': () => ({ jobId: 'j1' }),
      'jobs.get': () => ({
        jobId: 'j1',
        kind: 'restore',
        state: 'running',
        progress: null,
        finished: null,
      }),
    });
    const store = await atPoint(client);
    await store.getState().startRestore({ mode: 'keep-both' });
    reconnect(store);
    await settle();
    expect(store.getState().restoreJob?.state).toBe('running');
    client.emit('job.finished', finished);
    expect(store.getState().restoreJob?.state).toBe('done');
    reconnect(store);
    await settle();
    expect(client.callsOf('jobs.get')).toHaveLength(1);
  });

  it('a search that finished meanwhile ends too', async () => {
    const client = base({
      'files.search': () => ({ jobId: 's1' }),
      'jobs.get': () => ({
        jobId: 's1',
        kind: 'search',
        state: 'done',
        progress: null,
        finished: {
          jobId: 's1',
          kind: 'search',
          state: 'done',
          result: { matches: 0, snapshotsSearched: 3 },
          error: null,
        },
      }),
    });
    const store = await atPoint(client);
    await store.getState().startSearch('report');
    expect(store.getState().search.state).toBe('running');
    reconnect(store);
    await settle();
    expect(store.getState().search.state).toBe('done');
  });

  it('a job the core no longer knows (it restarted) ends as failed with not-found, not "running" forever', async () => {
    const client = base({
      'restore.start': () => ({ jobId: 'j1' }),
      'jobs.get': () => {
        throw callError('not-found', 'job-not-found');
      },
    });
    const store = await atPoint(client);
    await store.getState().startRestore({ mode: 'keep-both' });
    reconnect(store);
    await settle();
    expect(store.getState().restoreJob).toMatchObject({
      state: 'failed',
      error: { code: 'not-found', reason: 'job-not-found' },
    });
  });
});
