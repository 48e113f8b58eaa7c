import { describe, expect, it } from 'vitest';

import { createKairnStore } from '../../../renderer/src/store';
import { entryAt, PAGE_SIZE } from '../../../renderer/src/store/folder-slice';
import type { ParamsIn } from '../../../shared/api/contract';
import { callError, entry, fakeClient, HOME, homeHistory, settle } from './fake-client';

/** A folder of `total` files named f000000…, served in pages like the core does. */
function bigFolder(total: number) {
  return (p: ParamsIn<'files.list'>) => {
    const offset = p.offset ?? 0;
    const names = Array.from(
      { length: Math.max(0, Math.min(p.limit ?? 200, total - offset)) },
      (_, i) => `f${String(offset + i).padStart(6, '0')}`,
    );
    return {
      path: p.path,
      snapshot: p.snapshot,
      total,
      offset,
      entries: names.map((n) => entry(n)),
    };
  };
}

async function loaded(total: number) {
  const client = fakeClient({
    'snapshots.home': () => homeHistory,
    'snapshots.list': () => [],
    'files.list': bigFolder(total),
  });
  const store = createKairnStore(client);
  await store.getState().loadHome();
  await settle();
  return { client, store };
}

describe('folder slice paging', () => {
  it('fetches only the pages a scrolled range needs, once each', async () => {
    const { client, store } = await loaded(100_000);
    expect(client.callsOf('files.list')).toHaveLength(1);
    store.getState().ensureRange(50_000, 50_030);
    store.getState().ensureRange(50_010, 50_040);
    await settle();
    const offsets = client.callsOf('files.list').map((p) => (p as { offset: number }).offset);
    expect(offsets).toEqual([0, 50_000 - (50_000 % PAGE_SIZE)]);
    expect(entryAt(store.getState().folder, 50_001)?.name).toBe('f050001');
    expect(entryAt(store.getState().folder, 70_000)).toBeUndefined();
    store.getState().ensureRange(0, 10);
    await settle();
    expect(client.callsOf('files.list')).toHaveLength(2);
  });

  it('spans two pages when the visible rows cross a page boundary, and never asks past the end', async () => {
    const { client, store } = await loaded(450);
    store.getState().ensureRange(190, 420);
    store.getState().ensureRange(440, 9_999);
    await settle();
    const offsets = client.callsOf('files.list').map((p) => (p as { offset: number }).offset);
    expect(offsets).toEqual([0, 200, 400]);
    expect(entryAt(store.getState().folder, 449)?.name).toBe('f000449');
  });

  it('drops pages that arrive for a folder no longer shown', async () => {
    let release: () => void = () => {};
    const client = fakeClient({
      'snapshots.home': () => homeHistory,
      'snapshots.list': () => [],
      'files.list': async (p) => {
        if (p.path === `${HOME}/Slow`)
          await new Promise<void>((r) => {
            release = r;
          });
        return {
          path: p.path,
          snapshot: 0,
          total: 1,
          offset: 0,
          entries: [entry(p.path === `${HOME}/Slow` ? 'slow' : 'fast')],
        };
      },
    });
    const store = createKairnStore(client);
    await store.getState().loadHome();
    store.getState().openFolder(`${HOME}/Slow`);
    store.getState().openFolder(`${HOME}/Fast`);
    await settle();
    release();
    await settle();
    expect(store.getState().folder.path).toBe(`${HOME}/Fast`);
    expect(entryAt(store.getState().folder, 0)?.name).toBe('fast');
  });

  it('sorts by a column, toggling the direction on a second click', async () => {
    const { client, store } = await loaded(3);
    store.getState().setSort('size');
    store.getState().setSort('size');
    store.getState().setSort('name');
    await settle();
    const sorts = client.callsOf('files.list').map((p) => {
      const { sort, descending } = p as { sort: string; descending: boolean };
      return `${sort}:${descending}`;
    });
    expect(sorts).toEqual(['name:false', 'size:true', 'size:false', 'name:false']);
  });

  it('keeps the error of a folder that did not exist at that point', async () => {
    const client = fakeClient({
      'snapshots.home': () => homeHistory,
      'snapshots.list': () => [],
      'files.list': () => {
        throw callError('not-found', 'file-missing');
      },
    });
    const store = createKairnStore(client);
    await store.getState().loadHome();
    await settle();
    expect(store.getState().folder).toMatchObject({
      status: 'error',
      total: null,
      error: { code: 'not-found' },
    });
  });

  it('reveals a named item: pages ahead until found, then selects it', async () => {
    const { store } = await loaded(1_000);
    store.getState().openFolder(HOME, 'f000650');
    await settle();
    const s = store.getState();
    expect(s.folder.revealIndex).toBe(650);
    expect(s.selected).toMatchObject({ path: `${HOME}/f000650`, name: 'f000650' });
  });
});

describe('item slice', () => {
  it('selecting the same item again (a double-click) does not load it twice', async () => {
    const client = fakeClient({
      'snapshots.home': () => homeHistory,
      'snapshots.list': () => [],
      'files.list': bigFolder(1),
      'files.preview': () => ({ kind: 'folder', entries: 100_000, hidden: 0 }),
    });
    const store = createKairnStore(client);
    await store.getState().loadHome();
    const folder = {
      path: `${HOME}/Big`,
      name: 'Big',
      kind: 'dir' as const,
      deletedSince: false,
      size: 0,
      mtime: null,
    };
    store.getState().selectItem(folder);
    store.getState().selectItem({ ...folder });
    await settle();
    expect(client.callsOf('files.preview')).toHaveLength(1);
    store.getState().selectItem({ ...folder, path: `${HOME}/Other`, name: 'Other' });
    await settle();
    expect(client.callsOf('files.preview')).toHaveLength(2);
  });

  it('loads preview and versions of the selected file, and the diff only when asked', async () => {
    const client = fakeClient({
      'snapshots.home': () => homeHistory,
      'snapshots.list': () => [],
      'files.list': bigFolder(1),
      'files.preview': () => ({ kind: 'text', text: 'hello', truncated: false }),
      'files.versions': (p) => ({
        path: p.path,
        current: { exists: true, size: 5, mtime: null },
        versions: [],
      }),
      'files.diff': () => ({ identical: true, unavailable: null, hunks: [] }),
    });
    const store = createKairnStore(client);
    await store.getState().loadHome();
    store.getState().selectItem({
      path: `${HOME}/a.txt`,
      name: 'a.txt',
      kind: 'file',
      deletedSince: false,
      size: 5,
      mtime: null,
    });
    await settle();
    expect(store.getState().preview.data).toEqual({
      kind: 'text',
      text: 'hello',
      truncated: false,
    });
    expect(store.getState().versions.status).toBe('ready');
    expect(client.callsOf('files.diff')).toEqual([]);
    await store.getState().loadDiff();
    expect(client.callsOf('files.diff')).toEqual([]); // "now" against now: nothing to compare
    store.getState().selectPoint(4);
    await store.getState().loadDiff();
    expect(client.callsOf('files.diff')).toEqual([
      { config: 'home', snapshot: 4, path: `${HOME}/a.txt` },
    ]);
    expect(client.callsOf('files.preview').at(-1)).toEqual({
      config: 'home',
      snapshot: 4,
      path: `${HOME}/a.txt`,
    });
    expect(client.callsOf('files.versions')).toHaveLength(1); // versions do not depend on the point
  });
});
