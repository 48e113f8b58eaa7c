import { describe, expect, it } from 'vitest';

import { createKairnStore } from '../../../renderer/src/store';
import { selectConfig } from '../../../renderer/src/store/history-slice';
import type { FolderPage } from '../../../shared/schemas/files';
import { callError, entry, fakeClient, HOME, homeHistory, settle, snapshot } from './fake-client';

const page = (path: string, snap: number, names: string[]): FolderPage => ({
  path,
  snapshot: snap,
  total: names.length,
  offset: 0,
  entries: names.map((n) => entry(n)),
});

describe('status slice', () => {
  it('keeps the status and the contract error of status.get', async () => {
    let fail = true;
    const client = fakeClient({
      'status.get': () => {
        if (fail) throw callError('backend-failed');
        throw callError('busy');
      },
    });
    const store = createKairnStore(client);
    await store.getState().loadStatus();
    expect(store.getState().status).toMatchObject({
      status: 'error',
      data: null,
      error: { code: 'backend-failed' },
    });
    fail = false;
    await store.getState().loadStatus();
    expect(store.getState().status.error?.code).toBe('busy');
  });

  it('asks again for status and history after the connection came back', async () => {
    const client = fakeClient({
      'snapshots.home': () => ({ ...homeHistory, config: null, problem: 'no-config' }),
    });
    const store = createKairnStore(client);
    await store.getState().loadHome();
    store.getState().setConnection('open');
    store.getState().setConnection('reconnecting');
    store.getState().setConnection('open');
    await settle();
    expect(client.callsOf('status.get')).toHaveLength(1);
    expect(client.callsOf('snapshots.home')).toHaveLength(2);
  });
});

describe('history slice', () => {
  it('loads the home history, its points in time and the home folder at "now"', async () => {
    const client = fakeClient({
      'snapshots.home': () => homeHistory,
      'snapshots.list': () => [
        snapshot(1, '2025-11-01T10:00:00Z'),
        snapshot(2, '2025-11-02T10:00:00Z'),
      ],
      'files.list': (p) => page(p.path, p.snapshot, ['a.txt']),
    });
    const store = createKairnStore(client);
    await store.getState().loadHome();
    await settle();
    const s = store.getState();
    expect(selectConfig(s)).toBe('home');
    expect(s.snapshots.data?.map((x) => x.number)).toEqual([1, 2]);
    expect(s.point).toBe(0);
    expect(client.callsOf('files.list')).toEqual([
      expect.objectContaining({ config: 'home', snapshot: 0, path: HOME, offset: 0, limit: 200 }),
    ]);
    expect(s.folder.total).toBe(1);
  });

  it('does not browse when the history has a problem', async () => {
    const client = fakeClient({
      'snapshots.home': () => ({ ...homeHistory, config: null, problem: 'no-config' }),
    });
    const store = createKairnStore(client);
    await store.getState().loadHome();
    expect(store.getState().home.data?.problem).toBe('no-config');
    expect(client.callsOf('snapshots.list')).toEqual([]);
    expect(client.callsOf('files.list')).toEqual([]);
  });

  it('reports "an administrator is needed" from setupHome without losing the problem', async () => {
    const client = fakeClient({
      'snapshots.home': () => ({ ...homeHistory, config: null, problem: 'no-config' }),
      'snapshots.setupHome': () => {
        throw callError('access-denied', 'admin-needed');
      },
    });
    const store = createKairnStore(client);
    await store.getState().loadHome();
    await store.getState().setupHome();
    expect(store.getState().setup).toMatchObject({
      status: 'error',
      error: { code: 'access-denied', reason: 'admin-needed' },
    });
    expect(store.getState().home.data?.problem).toBe('no-config');
  });

  it('shows the same folder at another point in time, keeping the old rows until the new ones are in', async () => {
    let release: () => void = () => {};
    const client = fakeClient({
      'snapshots.home': () => homeHistory,
      'snapshots.list': () => [snapshot(7, '2025-11-03T14:00:00Z')],
      'files.list': async (p) => {
        if (p.snapshot === 7)
          await new Promise<void>((r) => {
            release = r;
          });
        return page(p.path, p.snapshot, p.snapshot === 7 ? ['old.txt', 'gone.txt'] : ['old.txt']);
      },
    });
    const store = createKairnStore(client);
    await store.getState().loadHome();
    await settle();
    store.getState().selectPoint(7);
    expect(store.getState().folder.total).toBeNull();
    expect(store.getState().folder.previous?.total).toBe(1);
    release();
    await settle();
    expect(store.getState().folder).toMatchObject({ total: 2, previous: null, path: HOME });
    expect(client.callsOf('files.list').at(-1)).toMatchObject({ snapshot: 7, path: HOME });
  });

  it('falls back to "now" when the chosen point disappears, and re-reads on snapshots.changed', async () => {
    let list = [snapshot(3, '2025-11-03T14:00:00Z')];
    const client = fakeClient({
      'snapshots.home': () => homeHistory,
      'snapshots.list': () => list,
      'files.list': (p) => page(p.path, p.snapshot, []),
    });
    const store = createKairnStore(client);
    await store.getState().loadHome();
    store.getState().selectPoint(3);
    list = [snapshot(4, '2025-11-04T14:00:00Z')];
    client.emit('snapshots.changed', { config: 'other' });
    await settle();
    expect(client.callsOf('snapshots.list')).toHaveLength(1);
    client.emit('snapshots.changed', { config: 'home' });
    await settle();
    expect(store.getState().snapshots.data?.map((x) => x.number)).toEqual([4]);
    expect(store.getState().point).toBe(0);
  });

  it('takes a snapshot and marks one kept, then lists again', async () => {
    const client = fakeClient({
      'snapshots.home': () => homeHistory,
      'snapshots.list': () => [],
      'files.list': (p) => page(p.path, p.snapshot, []),
      'snapshots.create': (p) => ({
        ...snapshot(9, '2025-11-05T10:00:00Z'),
        description: p.description ?? '',
      }),
      'snapshots.keep': (p) => snapshot(p.snapshot, '2025-11-05T10:00:00Z', p.keep),
    });
    const store = createKairnStore(client);
    await store.getState().loadHome();
    await store.getState().takeSnapshot('by hand');
    expect(client.callsOf('snapshots.create')).toEqual([
      { config: 'home', description: 'by hand' },
    ]);
    await store.getState().setKeep(9, true);
    expect(client.callsOf('snapshots.keep')).toEqual([{ config: 'home', snapshot: 9, keep: true }]);
    expect(store.getState().pointAction.data?.important).toBe(true);
    expect(client.callsOf('snapshots.list')).toHaveLength(3);
  });
});
