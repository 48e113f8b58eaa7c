/** What a person reads: places instead of paths, copy names, counts, dates, and what File history keeps. */
import { describe, expect, it } from 'vitest';

import { keepingOf } from '../../../renderer/src/features/recover-files/history-facts';
import { formatCopyDate, formatDuration } from '../../../renderer/src/i18n/format';
import { isHiddenPath, placeOf } from '../../../renderer/src/store/paths';
import { itemProgress, type RestoreJob } from '../../../renderer/src/store/restore-slice';
import { isFileNameSafeLabel } from '../../../shared/schemas/copy-label-rule';
import { entry, HOME, settle } from './fake-client';
import { atPoint, base } from './store-setup';

const NOW = new Date(2026, 11, 1, 23, 0);
const POINT = new Date(2026, 10, 2, 14, 0);

describe('places, not paths', () => {
  it('names a folder by the folders below the home, the home itself by no path at all', () => {
    expect(placeOf(HOME, `${HOME}/Documents/Recipes`)).toBe('Documents › Recipes');
    expect(placeOf(HOME, HOME)).toBeNull();
    expect(placeOf(HOME, `${HOME}/`)).toBeNull();
    // Outside the home (Restore to… a stick): the folder's own name, never the full path.
    expect(placeOf(HOME, '/run/media/anna/STICK/Backup')).toBe('Backup');
  });

  it('knows what a file manager hides: dot names and everything inside them', () => {
    expect(isHiddenPath(HOME, `${HOME}/.config/kairn/x.ini`)).toBe(true);
    expect(isHiddenPath(HOME, `${HOME}/.bashrc`)).toBe(true);
    expect(isHiddenPath(HOME, `${HOME}/Documents/report.odt`)).toBe(false);
    expect(isHiddenPath(HOME, `${HOME}/Documents/v1.2/notes`)).toBe(false);
  });
});

describe("copy names in the user's language", () => {
  it('writes the date as people do, without "today", with the year only when needed, and no colon', () => {
    expect(formatCopyDate(POINT, NOW, 'en-GB')).toBe('Mon 2 Nov 14.00');
    expect(formatCopyDate(POINT, NOW, 'de-DE')).toBe('Mo., 2. Nov. 14.00');
    expect(formatCopyDate(new Date(2025, 10, 3, 9, 5), NOW, 'de-DE')).toBe(
      'Mo., 3. Nov. 2025 09.05',
    );
    // en-US puts a narrow no-break space before PM: it becomes a plain space.
    expect(formatCopyDate(POINT, NOW, 'en-US')).toBe('Mon, Nov 2 2.00 PM');
    for (const locale of ['en-GB', 'en-US', 'de-DE', 'de-CH']) {
      expect(isFileNameSafeLabel(`restored from ${formatCopyDate(POINT, NOW, locale)}`)).toBe(true);
    }
  });

  it('sends the label with the restore', async () => {
    const client = base({ 'restore.start': () => ({ jobId: 'j1' }) });
    const store = await atPoint(client);
    await store
      .getState()
      .startRestore({ mode: 'keep-both', label: 'wiederhergestellt vom Mo., 2. Nov. 14.00' });
    expect(client.callsOf('restore.start')).toEqual([
      {
        config: 'home',
        snapshot: 5,
        paths: [`${HOME}/Report.odt`],
        mode: 'keep-both',
        label: 'wiederhergestellt vom Mo., 2. Nov. 14.00',
      },
    ]);
  });
});

describe('counts that make sense', () => {
  const job = (folders: number, done: number, total: number | null): RestoreJob => ({
    jobId: 'j',
    mode: 'keep-both',
    snapshot: 5,
    paths: [`${HOME}/Photos`],
    dest: null,
    label: null,
    unreadable: [],
    folders,
    state: 'running',
    progress: {
      jobId: 'j',
      kind: 'restore',
      done,
      total,
      bytesDone: 0,
      bytesTotal: null,
      current: null,
    },
    result: null,
    error: null,
  });

  it('counts the items in a folder, not the folder itself: 2 500 items, not 2 501', () => {
    expect(itemProgress(job(1, 1200, 2501))).toEqual({ done: 1200, total: 2500 });
    expect(itemProgress(job(1, 2501, 2501))).toEqual({ done: 2500, total: 2500 });
    expect(itemProgress(job(0, 1, 1))).toEqual({ done: 1, total: 1 });
    expect(itemProgress(job(1, 0, 1))).toBeNull(); // an empty folder: nothing to count
    expect(itemProgress(job(0, 0, null))).toBeNull();
  });

  it('knows a chosen folder is a folder when the restore starts', async () => {
    const client = base({
      'restore.start': () => ({ jobId: 'j1' }),
      'files.list': (p) => ({
        path: p.path,
        snapshot: p.snapshot,
        total: 1,
        offset: 0,
        entries: [entry('Photos', 'dir')],
      }),
    });
    const store = await atPoint(client);
    store.getState().selectItem({
      path: `${HOME}/Photos`,
      name: 'Photos',
      kind: 'dir',
      deletedSince: false,
      size: 0,
      mtime: null,
    });
    await settle();
    await store.getState().startRestore({ mode: 'keep-both' });
    expect(store.getState().restoreJob?.folders).toBe(1);
  });
});

describe('hidden files', () => {
  it('are left out of the folder list until asked for; asking reloads with them', async () => {
    const client = base();
    const store = await atPoint(client);
    expect(
      client
        .callsOf('files.list')
        .every((p) => (p as { showHidden?: boolean }).showHidden === false),
    ).toBe(true);
    store.getState().setShowHidden(true);
    await settle();
    expect(client.callsOf('files.list').at(-1)).toMatchObject({ showHidden: true });
  });

  it('are shown when a hidden item is asked for (from search or "what changed")', async () => {
    const client = base();
    const store = await atPoint(client);
    store.getState().openFolder(HOME, '.bashrc');
    await settle();
    expect(store.getState().showHidden).toBe(true);
    expect(client.callsOf('files.list').at(-1)).toMatchObject({ showHidden: true });
  });
});

describe('what File history keeps', () => {
  const retention = {
    timeline: true,
    cleanup: true,
    hourly: 10,
    daily: 10,
    weekly: 0,
    monthly: 10,
    yearly: 10,
  };

  it('reaches back as far as the longest of the timeline limits', () => {
    expect(keepingOf(retention)).toEqual({ kind: 'span', count: 10, unit: 'year' });
    expect(keepingOf({ ...retention, monthly: 0, yearly: 0 })).toEqual({
      kind: 'span',
      count: 10,
      unit: 'day',
    });
    expect(keepingOf({ ...retention, daily: 0, monthly: 0, yearly: 0 })).toEqual({
      kind: 'span',
      count: 10,
      unit: 'hour',
    });
    expect(keepingOf({ ...retention, timeline: false })).toEqual({ kind: 'manual' });
    expect(keepingOf({ ...retention, cleanup: false })).toEqual({ kind: 'forever' });
    expect(keepingOf({ ...retention, hourly: 0, daily: 0, monthly: 0, yearly: 0 })).toBeNull();
  });

  it('says spans in words of the locale', () => {
    expect(formatDuration(10, 'day', 'en-GB')).toBe('10 days');
    expect(formatDuration(10, 'day', 'de-DE')).toBe('10 Tage');
    expect(formatDuration(1, 'year', 'de-DE')).toBe('1 Jahr');
  });
});
