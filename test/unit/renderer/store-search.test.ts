import { describe, expect, it } from 'vitest';

import { createKairnStore } from '../../../renderer/src/store';
import { HOME, settle } from './fake-client';
import { atPoint, base } from './store-setup';

describe('search slice', () => {
  it('streams matches, one per path, with progress, and jumps to a chosen match', async () => {
    const client = base({ 'files.search': () => ({ jobId: 's1' }) });
    const store = await atPoint(client, 0);
    await store.getState().startSearch('  report ');
    expect(client.callsOf('files.search')).toEqual([{ config: 'home', query: 'report' }]);
    expect(store.getState().view).toBe('search');
    const older = {
      path: `${HOME}/Docs/Report.odt`,
      kind: 'file' as const,
      snapshot: 3,
      date: '2025-11-01T00:00:00Z',
      deletedSince: true,
    };
    client.emit('search.found', { jobId: 's1', matches: [older] });
    client.emit('search.found', {
      jobId: 's1',
      matches: [{ ...older, snapshot: 8, date: '2025-11-04T00:00:00Z' }],
    });
    client.emit('job.progress', {
      jobId: 's1',
      kind: 'search',
      done: 120,
      total: 300,
      bytesDone: 0,
      bytesTotal: null,
      current: null,
    });
    expect(store.getState().search).toMatchObject({
      state: 'running',
      progress: { done: 120, total: 300 },
    });
    expect(store.getState().search.matches).toEqual([expect.objectContaining({ snapshot: 8 })]);
    client.emit('job.finished', {
      jobId: 's1',
      kind: 'search',
      state: 'done',
      result: { matches: 1, snapshotsSearched: 300 },
      error: null,
    });
    expect(store.getState().search.state).toBe('done');
    store.getState().chooseMatch(store.getState().search.matches[0]!);
    await settle();
    const s = store.getState();
    expect(s).toMatchObject({
      point: 8,
      view: 'folder',
      selected: { path: `${HOME}/Docs/Report.odt`, deletedSince: true },
    });
    expect(s.folder.path).toBe(`${HOME}/Docs`);
    expect(client.callsOf('files.list').at(-1)).toMatchObject({
      snapshot: 8,
      path: `${HOME}/Docs`,
    });
  });

  it('stops a running search before starting another, and stops it on cancel', async () => {
    const client = base({
      'files.search': () => ({ jobId: `s${client.callsOf('files.search').length}` }),
      'jobs.cancel': () => ({ cancelled: true }),
    });
    const store = await atPoint(client);
    await store.getState().startSearch('a');
    await store.getState().startSearch('b');
    expect(client.callsOf('jobs.cancel')).toEqual([{ jobId: 's1' }]);
    client.emit('search.found', {
      jobId: 's1',
      matches: [{ path: `${HOME}/a`, kind: 'file', snapshot: 1, date: 'x', deletedSince: false }],
    });
    expect(store.getState().search.matches).toEqual([]);
    await store.getState().cancelSearch();
    expect(client.callsOf('jobs.cancel')).toEqual([{ jobId: 's1' }, { jobId: 's2' }]);
  });
});

describe('changes slice', () => {
  it('compares the chosen point with now, and forgets it when the point moves', async () => {
    const client = base({
      'files.changes': (p) => ({
        from: p.from,
        to: p.to,
        created: [],
        modified: [],
        deleted: [{ path: `${HOME}/x`, kind: 'file' }],
        truncated: false,
      }),
    });
    const store = await atPoint(client, 5);
    await store.getState().loadChanges();
    expect(client.callsOf('files.changes')).toEqual([{ config: 'home', from: 5, to: 0 }]);
    expect(store.getState().changes.data?.deleted).toHaveLength(1);
    store.getState().selectPoint(6);
    expect(store.getState().changes.status).toBe('idle');
  });
});

describe('store lifecycle', () => {
  it('stops listening to events on dispose', async () => {
    const client = base();
    const store = createKairnStore(client);
    expect(client.listenerCount()).toBeGreaterThan(0);
    store.getState().dispose();
    expect(client.listenerCount()).toBe(0);
  });
});
