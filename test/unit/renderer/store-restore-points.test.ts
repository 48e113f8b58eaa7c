import { describe, expect, it } from 'vitest';

import { createKairnStore } from '../../../renderer/src/store';
import type { RestorePoint, RestorePointList } from '../../../shared/schemas/restore-points';
import { callError, fakeClient, settle } from './fake-client';

const point = (id: string, extra: Partial<RestorePoint> = {}): RestorePoint => ({
  id,
  version: `2026110${id.slice(-1)}`,
  date: '2026-11-03T03:10:27Z',
  kind: 'update',
  title: 'System update',
  description: 'Snapshot Update of #1',
  running: false,
  nextStart: false,
  goBackBlocked: null,
  kept: false,
  ...extra,
});

const yes = { available: true, reason: null, detail: null };

function listWith(next: string, undo: RestorePointList['undo'] = null): RestorePointList {
  return {
    family: 'suse-transactional',
    list: yes,
    goBack: yes,
    keep: yes,
    cancellable: false,
    points: [
      point('43', { nextStart: next === '43' }),
      point('42', { running: true, nextStart: next === '42' }),
    ],
    undo,
    restartNeeded: next !== '42',
    startedFromOlder: false,
  };
}

describe('restore points slice', () => {
  it('goes back as a job, follows its progress, and reads the list again when it ends', async () => {
    let next = '43';
    const client = fakeClient({
      'restorePoints.list': () => listWith(next, next === '42' ? { from: '43', to: '42' } : null),
      'restorePoints.rollback': () => ({ jobId: 'r1' }),
    });
    const store = createKairnStore(client);
    await store.getState().loadRestorePoints();
    expect(store.getState().restorePoints.data?.points.map((p) => p.nextStart)).toEqual([
      true,
      false,
    ]);
    await store.getState().goBackTo('42');
    expect(client.callsOf('restorePoints.rollback')).toEqual([{ to: '42' }]);
    expect(store.getState().goBackJob).toMatchObject({
      kind: 'go-back',
      to: '42',
      state: 'running',
    });
    client.emit('job.progress', {
      jobId: 'r1',
      kind: 'rollback',
      done: 1,
      total: 2,
      bytesDone: 0,
      bytesTotal: null,
      current: 'checking',
    });
    expect(store.getState().goBackJob?.progress).toMatchObject({ done: 1, total: 2 });
    next = '42';
    client.emit('job.finished', {
      jobId: 'r1',
      kind: 'rollback',
      state: 'done',
      result: { from: '43', to: '42', restartNeeded: false },
      error: null,
    });
    await settle();
    expect(store.getState().goBackJob).toMatchObject({ state: 'done', result: { to: '42' } });
    const after = store.getState().restorePoints.data;
    expect(after?.points.find((p) => p.nextStart)?.id).toBe('42');
    expect(after?.undo).toEqual({ from: '43', to: '42' });
  });

  it('undoes going back through undoRollback', async () => {
    const client = fakeClient({
      'restorePoints.list': () => listWith('42', { from: '43', to: '42' }),
      'restorePoints.undoRollback': () => ({ jobId: 'u1' }),
    });
    const store = createKairnStore(client);
    await store.getState().undoGoBack();
    expect(client.callsOf('restorePoints.undoRollback')).toEqual([{}]);
    expect(store.getState().goBackJob).toMatchObject({ kind: 'undo', to: null, state: 'running' });
  });

  it('does not start a second go-back while one runs', async () => {
    const client = fakeClient({
      'restorePoints.rollback': () => ({ jobId: 'r1' }),
    });
    const store = createKairnStore(client);
    await store.getState().goBackTo('42');
    await store.getState().goBackTo('41');
    expect(client.callsOf('restorePoints.rollback')).toEqual([{ to: '42' }]);
    store.getState().dismissGoBack(); // still running: stays
    expect(store.getState().goBackJob?.state).toBe('running');
  });

  it('keeps a refusal to explain it, and a failed job with its reason', async () => {
    const client = fakeClient({
      'restorePoints.rollback': (p) => {
        if (p.to === 'x') throw callError('access-denied', 'rollback-not-allowed');
        return { jobId: 'r2' };
      },
      'restorePoints.list': () => listWith('43'),
    });
    const store = createKairnStore(client);
    await store.getState().goBackTo('x');
    expect(store.getState().goBackStart.error).toMatchObject({
      code: 'access-denied',
      reason: 'rollback-not-allowed',
    });
    expect(store.getState().goBackJob).toBeNull();
    store.getState().dismissGoBack();
    await store.getState().goBackTo('42');
    client.emit('job.finished', {
      jobId: 'r2',
      kind: 'rollback',
      state: 'failed',
      result: null,
      error: { code: 'backend-failed', message: 'x', reason: 'tukit-failed' },
    });
    expect(store.getState().goBackJob).toMatchObject({
      state: 'failed',
      error: { reason: 'tukit-failed' },
    });
  });

  it('asks for what changed once per restore point', async () => {
    const client = fakeClient({
      'restorePoints.changes': (p) => ({
        id: p.id,
        comparedWith: '41',
        descriptions: ['Snapshot Update of #41'],
        packages: null,
        changedFiles: 12,
        technical: { snapshot: p.id },
      }),
    });
    const store = createKairnStore(client);
    await store.getState().loadPointChanges('42');
    await store.getState().loadPointChanges('42');
    expect(client.callsOf('restorePoints.changes')).toEqual([{ id: '42' }]);
    expect(store.getState().pointChanges['42']?.data?.changedFiles).toBe(12);
  });
});
