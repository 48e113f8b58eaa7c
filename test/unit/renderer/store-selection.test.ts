import { describe, expect, it } from 'vitest';

import { createKairnStore } from '../../../renderer/src/store';
import {
  itemsInRange,
  itemFromEntry,
  MAX_SELECTION,
} from '../../../renderer/src/store/folder-slice';
import { entry, HOME, settle } from './fake-client';
import { base } from './store-setup';

const names = (n: number): string[] =>
  Array.from({ length: n }, (_, i) => `file ${String(i).padStart(4, '0')}.txt`);

/** A fake home folder of `count` files, paged like files.list. */
function folderOf(count: number) {
  const all = names(count).map((name) => entry(name));
  return base({
    'files.list': (p) => ({
      path: p.path,
      snapshot: p.snapshot,
      total: all.length,
      offset: p.offset ?? 0,
      entries: all.slice(p.offset ?? 0, (p.offset ?? 0) + (p.limit ?? 200)),
    }),
    'restore.start': () => ({ jobId: 'j1' }),
  });
}

async function storeWith(count: number) {
  const client = folderOf(count);
  const store = createKairnStore(client);
  await store.getState().loadHome();
  store.getState().selectPoint(5);
  await settle();
  return { client, store };
}

describe('several items at once', () => {
  it('a range and toggles select several; the panel item is cleared; one left is a normal selection', async () => {
    const { store } = await storeWith(10);
    const folder = store.getState().folder;
    store.getState().setSelection(itemsInRange(folder, 4, 2));
    expect(store.getState().selection.map((i) => i.name)).toEqual(names(10).slice(2, 5));
    expect(store.getState().selected).toBeNull();
    store.getState().setSelection([itemFromEntry(HOME, entry('file 0003.txt'))]);
    expect(store.getState().selected?.name).toBe('file 0003.txt');
    expect(store.getState().selection).toHaveLength(1);
  });

  it('restores the selected items together as one job', async () => {
    const { client, store } = await storeWith(10);
    store.getState().setSelection(itemsInRange(store.getState().folder, 0, 2));
    const paths = store.getState().selection.map((i) => i.path);
    await store.getState().startRestore({ mode: 'keep-both', paths });
    expect(client.callsOf('restore.start')).toEqual([
      {
        config: 'home',
        snapshot: 5,
        mode: 'keep-both',
        paths: names(3).map((n) => `${HOME}/${n}`),
      },
    ]);
  });

  it('select all reads the pages it needs, and stops at what one restore can take', async () => {
    const { store } = await storeWith(MAX_SELECTION + 250);
    await store.getState().selectAll();
    const selection = store.getState().selection;
    expect(selection).toHaveLength(MAX_SELECTION);
    expect(selection.at(-1)?.name).toBe(names(MAX_SELECTION).at(-1));
  });

  it('opening another folder drops a several-item selection; choosing one item replaces it', async () => {
    const { store } = await storeWith(5);
    store.getState().setSelection(itemsInRange(store.getState().folder, 0, 4));
    store.getState().selectItem(itemFromEntry(HOME, entry('file 0001.txt')));
    expect(store.getState().selection.map((i) => i.name)).toEqual(['file 0001.txt']);
    store.getState().setSelection(itemsInRange(store.getState().folder, 0, 4));
    store.getState().openFolder(`${HOME}/Documents`);
    expect(store.getState().selection).toEqual([]);
  });
});

describe('folder picker', () => {
  it('uses the host dialog when there is one, and remembers when there is none', async () => {
    const chosen = base({
      'desktop.chooseFolder': () => ({ outcome: 'chosen', path: `${HOME}/Backup` }),
    });
    const withDialog = createKairnStore(chosen);
    expect(await withDialog.getState().chooseFolderNatively('Choose', HOME)).toEqual({
      outcome: 'chosen',
      path: `${HOME}/Backup`,
    });
    expect(chosen.callsOf('desktop.chooseFolder')).toEqual([{ title: 'Choose', startAt: HOME }]);

    const none = base({ 'desktop.chooseFolder': () => ({ outcome: 'unavailable' }) });
    const browser = createKairnStore(none);
    expect(await browser.getState().chooseFolderNatively('Choose')).toEqual({
      outcome: 'unavailable',
    });
    expect(await browser.getState().chooseFolderNatively('Choose')).toEqual({
      outcome: 'unavailable',
    });
    expect(none.callsOf('desktop.chooseFolder')).toHaveLength(1);
  });

  it('lists the folders of the in-app chooser', async () => {
    const client = base({
      'files.folders': (p) => ({
        path: p.path,
        home: HOME,
        parent: null,
        folders: [{ name: 'Documents', path: `${HOME}/Documents` }],
        truncated: false,
      }),
    });
    const store = createKairnStore(client);
    await store.getState().openPickerFolder(HOME);
    expect(store.getState().pickerFolders.data?.folders.map((f) => f.name)).toEqual(['Documents']);
  });
});
