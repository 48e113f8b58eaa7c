import { describe, expect, it } from 'vitest';

import type { RestoreResult } from '../../../shared/schemas/jobs';
import { callError, type FakeClient, HOME, settle } from './fake-client';
import { atPoint, base } from './store-setup';

const result = (restored: string[], undoId: string | null = null): RestoreResult => ({
  restored,
  keptAside: [],
  undoId,
  files: 1,
  bytes: 10,
  cloned: true,
  skipped: [],
});

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

  it('keeps the contract error of a failed job, and a failed start as restoreStart.error', async () => {
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
      error: { code: 'access-denied', message: 'x', reason: 'unreadable' },
    });
    expect(store.getState().restoreJob?.error).toEqual({
      code: 'access-denied',
      message: 'x',
      reason: 'unreadable',
    });
    fail = true;
    await store.getState().startRestore({ mode: 'keep-both' });
    expect(store.getState().restoreStart.error?.code).toBe('no-space');
    expect(store.getState().restoreJob).toBeNull();
  });

  it('a restore refused for unreadable items keeps them, and "restore the rest" reruns it skipping them', async () => {
    const client = base({
      'restore.start': () => ({ jobId: `j${client.callsOf('restore.start').length}` }),
    });
    const store = await atPoint(client);
    const folder = `${HOME}/Project`;
    await store
      .getState()
      .startRestore({ mode: 'to', dest: '/home/anna/Desktop', paths: [folder] });
    const items = [{ path: `${folder}/root-only.txt`, why: 'unreadable' as const }];
    client.emit('job.finished', {
      jobId: 'j1',
      kind: 'restore',
      state: 'failed',
      result: null,
      error: {
        code: 'access-denied',
        reason: 'some-unreadable',
        message: '1 item cannot be read…',
        items,
      },
    });
    expect(store.getState().restoreJob).toMatchObject({
      state: 'failed',
      error: { code: 'access-denied', reason: 'some-unreadable' },
      unreadable: items,
    });
    // The timeline moved meanwhile: the rest still comes from the point that was refused.
    store.getState().selectPoint(2);
    await store.getState().restoreRest();
    expect(client.callsOf('restore.start')[1]).toEqual({
      config: 'home',
      snapshot: 5,
      paths: [folder],
      mode: 'to',
      dest: '/home/anna/Desktop',
      skipUnreadable: true,
    });
    client.emit('job.finished', {
      jobId: 'j2',
      kind: 'restore',
      state: 'done',
      result: { ...result([`/home/anna/Desktop/Project`]), skipped: items },
      error: null,
    });
    expect(store.getState().restoreJob).toMatchObject({
      state: 'done',
      unreadable: [],
      result: { skipped: items },
    });
  });

  it('"restore the rest" does nothing unless a restore was refused for unreadable items', async () => {
    const client = base({ 'restore.start': () => ({ jobId: 'j' }) });
    const store = await atPoint(client);
    await store.getState().restoreRest();
    await store.getState().startRestore({ mode: 'keep-both' });
    await store.getState().restoreRest();
    expect(client.callsOf('restore.start')).toHaveLength(1);
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
