import { describe, expect, it } from 'vitest';

import { createKairnStore } from '../../../renderer/src/store';
import type { RestoreResult } from '../../../shared/schemas/jobs';
import {
  callError,
  entry,
  fakeClient,
  type FakeClient,
  HOME,
  homeHistory,
  settle,
} from './fake-client';

const result = (restored: string[], undoId: string | null = null): RestoreResult => ({
  restored,
  keptAside: [],
  undoId,
  files: 1,
  bytes: 10,
  cloned: true,
});

async function atPoint(client: FakeClient, point = 5) {
  const store = createKairnStore(client);
  await store.getState().loadHome();
  store.getState().selectPoint(point);
  store.getState().selectItem({
    path: `${HOME}/Report.odt`,
    name: 'Report.odt',
    kind: 'file',
    deletedSince: true,
    size: 1,
    mtime: null,
  });
  await settle();
  return store;
}

function base(extra: Parameters<typeof fakeClient>[0] = {}): FakeClient {
  return fakeClient({
    'snapshots.home': () => homeHistory,
    'snapshots.list': () => [],
    'files.list': (p) => ({
      path: p.path,
      snapshot: p.snapshot,
      total: 1,
      offset: 0,
      entries: [entry('Report.odt', 'file', true)],
    }),
    'files.preview': () => ({ kind: 'none', reason: 'binary' }),
    'files.versions': (p) => ({
      path: p.path,
      current: { exists: false, size: 0, mtime: null },
      versions: [],
    }),
    ...extra,
  });
}

describe('restore slice', () => {
  it('restores the selected item next to the current one and follows the job to where it went', async () => {
    const client = base({ 'restore.start': () => ({ jobId: 'j1' }) });
    const store = await atPoint(client);
    await store.getState().startRestore({ mode: 'keep-both' });
    expect(client.callsOf('restore.start')).toEqual([
      { config: 'home', snapshot: 5, paths: [`${HOME}/Report.odt`], mode: 'keep-both' },
    ]);
    expect(store.getState().restoreJob?.state).toBe('running');
    client.emit('job.progress', {
      jobId: 'other',
      kind: 'restore',
      done: 9,
      total: 9,
      bytesDone: 0,
      bytesTotal: 0,
      current: null,
    });
    client.emit('job.progress', {
      jobId: 'j1',
      kind: 'restore',
      done: 3,
      total: 12,
      bytesDone: 0,
      bytesTotal: null,
      current: 'x',
    });
    expect(store.getState().restoreJob?.progress).toMatchObject({ done: 3, total: 12 });
    const where = `${HOME}/Report (restored from Mon 3 Nov 14:00).odt`;
    client.emit('job.finished', {
      jobId: 'j1',
      kind: 'restore',
      state: 'done',
      result: result([where]),
      error: null,
    });
    expect(store.getState().restoreJob).toMatchObject({
      state: 'done',
      result: { restored: [where] },
    });
    await settle();
    expect(client.callsOf('files.list').length).toBeGreaterThan(2); // the folder was read again
  });

  it('does not lose a job that finished before its start reply arrived', async () => {
    let client: FakeClient | null = null;
    client = base({
      'restore.start': () => {
        client?.emit('job.finished', {
          jobId: 'fast',
          kind: 'restore',
          state: 'done',
          result: result([`${HOME}/Report.odt`]),
          error: null,
        });
        return { jobId: 'fast' };
      },
    });
    const store = await atPoint(client);
    await store.getState().startRestore({ mode: 'keep-both' });
    expect(store.getState().restoreJob?.state).toBe('done');
  });

  it('sends replace and "to" with their parameters, and undoes a replace', async () => {
    const client = base({
      'restore.start': () => ({ jobId: `j${client.callsOf('restore.start').length}` }),
      'restore.undo': () => ({ restored: [`${HOME}/Report.odt`] }),
    });
    const store = await atPoint(client);
    await store.getState().startRestore({ mode: 'to', dest: '/home/anna/Desktop' });
    expect(client.callsOf('restore.start')[0]).toMatchObject({
      mode: 'to',
      dest: '/home/anna/Desktop',
    });
    await store.getState().startRestore({ mode: 'replace' });
    expect(client.callsOf('restore.start')[1]).toMatchObject({ mode: 'replace' });
    expect(client.callsOf('restore.start')[1]).not.toHaveProperty('dest');
    client.emit('job.finished', {
      jobId: 'j2',
      kind: 'restore',
      state: 'done',
      result: result([`${HOME}/Report.odt`], 'u1'),
      error: null,
    });
    await store.getState().undoRestore();
    expect(client.callsOf('restore.undo')).toEqual([{ undoId: 'u1' }]);
    expect(store.getState().undo.status).toBe('ready');
  });

  it('turns a failed job into its contract error, and a failed start into restoreStart.error', async () => {
    let fail = false;
    const client = base({
      'restore.start': () => {
        if (fail) throw callError('no-space');
        return { jobId: 'j' };
      },
    });
    const store = await atPoint(client);
    await store.getState().startRestore({ mode: 'keep-both' });
    client.emit('job.finished', {
      jobId: 'j',
      kind: 'restore',
      state: 'failed',
      result: null,
      error: { code: 'weird', message: 'x' },
    });
    expect(store.getState().restoreJob?.error?.code).toBe('backend-failed');
    fail = true;
    await store.getState().startRestore({ mode: 'keep-both' });
    expect(store.getState().restoreStart.error?.code).toBe('no-space');
    expect(store.getState().restoreJob).toBeNull();
  });

  it('never restores from "now", and cancels a running job by id', async () => {
    const client = base({
      'restore.start': () => ({ jobId: 'j' }),
      'jobs.cancel': () => ({ cancelled: true }),
    });
    const store = await atPoint(client, 0);
    await store.getState().startRestore({ mode: 'keep-both' });
    expect(client.callsOf('restore.start')).toEqual([]);
    store.getState().selectPoint(2);
    await store.getState().startRestore({ mode: 'keep-both' });
    await store.getState().cancelRestore();
    expect(client.callsOf('jobs.cancel')).toEqual([{ jobId: 'j' }]);
  });

  it('keeps "show in folder" failing softly', async () => {
    const client = base({
      'files.showInFolder': () => {
        throw callError('service-missing', 'file-manager-missing');
      },
    });
    const store = await atPoint(client);
    await store.getState().showInFolder(`${HOME}/Report.odt`);
    expect(store.getState().shownInFolder.error).toMatchObject({
      code: 'service-missing',
      reason: 'file-manager-missing',
    });
  });
});

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
