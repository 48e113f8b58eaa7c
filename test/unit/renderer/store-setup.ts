import { createKairnStore, type KairnStore } from '../../../renderer/src/store';
import {
  entry,
  fakeClient,
  type FakeClient,
  type Handlers,
  HOME,
  homeHistory,
  settle,
} from './fake-client';

/** A store whose history is loaded, at `point`, with ~/Report.odt (deleted since) selected. */
export async function atPoint(client: FakeClient, point = 5): Promise<KairnStore> {
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

/** A fake core with a home history, one folder entry and item queries; `extra` adds or overrides methods. */
export function base(extra: Handlers = {}): FakeClient {
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
