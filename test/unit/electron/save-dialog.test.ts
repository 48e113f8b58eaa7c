import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

import { nodeFileSystem } from '../../../electron/backends/restore-fs/node-fs';
import type { KairnEnvironment } from '../../../electron/core/env';
import { ReportServiceImpl } from '../../../electron/core/report/service';
import type { SnapshotsService, StatusService } from '../../../electron/core/services';
import { nativeSaveDialog } from '../../../electron/main/save-dialog';
import { makeTempDir } from '../../harness/tmp';
import { makeUnwritableFolder } from '../../harness/unwritable-folder';
import { app, BrowserWindow, dialog, resetElectron } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
beforeAll(async () => (tmp = await makeTempDir('kairn-save-dialog-')));
afterAll(async () => tmp.remove());
beforeEach(() => {
  resetElectron();
  app.paths.set('documents', '/home/ada/Documents');
});

describe('the native save dialog', () => {
  it('starts in Documents with the report name, asks before replacing, modal to Kairn', async () => {
    const first = new BrowserWindow({ backgroundColor: '#000' });
    const second = new BrowserWindow({ backgroundColor: '#000' });
    dialog.saveAnswer = { canceled: false, filePath: '/home/ada/Desktop/for-bob.txt' };
    BrowserWindow.focused = second;
    expect(await nativeSaveDialog.choose({ defaultName: 'kairn-report.txt' })).toBe(
      '/home/ada/Desktop/for-bob.txt',
    );
    BrowserWindow.focused = null;
    await nativeSaveDialog.choose({ defaultName: 'kairn-report.txt' });
    BrowserWindow.windows = [];
    await nativeSaveDialog.choose({ defaultName: 'kairn-report.txt' });
    expect(dialog.saveCalls.map((c) => c.parent)).toEqual([second, first, null]);
    expect(dialog.saveCalls[0]?.options).toEqual({
      defaultPath: '/home/ada/Documents/kairn-report.txt',
      properties: ['showOverwriteConfirmation', 'createDirectory'],
    });
  });

  it('says null when the person cancels or no path comes back', async () => {
    dialog.saveAnswer = { canceled: true, filePath: '/home/ada/ignored.txt' };
    expect(await nativeSaveDialog.choose({ defaultName: 'r.txt' })).toBeNull();
    dialog.saveAnswer = { canceled: false, filePath: '' };
    expect(await nativeSaveDialog.choose({ defaultName: 'r.txt' })).toBeNull();
  });
});

const env: KairnEnvironment = {
  home: '/home/ada',
  uid: 1000,
  gid: 1000,
  userName: 'ada',
  osReleasePath: null,
  stateDir: '/nonexistent',
  demo: false,
};

/** report.save as the Electron host wires it: the core's report service over this dialog. */
function reports(): ReportServiceImpl {
  return new ReportServiceImpl({
    env,
    fs: nodeFileSystem,
    status: {} as StatusService,
    snapshots: {} as SnapshotsService,
    checks: { run: () => Promise.reject(new Error('unused')) },
    journal: { recentErrors: () => Promise.resolve({ missing: true }) },
    saveDialog: nativeSaveDialog,
    version: '0.0.0-test',
  });
}

const leftovers = async (dir: string) =>
  (await readdir(dir)).filter((name) => name.includes('kairn-tmp'));

describe('Create a report for your helper, saved through the dialog', () => {
  it('writes exactly the text the person saw where the dialog says', async () => {
    const target = join(tmp.path, 'report-for-bob.txt');
    dialog.saveAnswer = { canceled: false, filePath: target };
    expect(await reports().save('the whole report', 'kairn-report-1.txt')).toEqual({
      outcome: 'saved',
      path: target,
    });
    expect(await readFile(target, 'utf8')).toBe('the whole report');
    expect(dialog.saveCalls[0]?.options.defaultPath).toBe('/home/ada/Documents/kairn-report-1.txt');
    expect(await leftovers(tmp.path)).toEqual([]);
  });

  it('a cancelled dialog writes nothing', async () => {
    const before = await readdir(tmp.path);
    dialog.saveAnswer = { canceled: true, filePath: '' };
    expect(await reports().save('text', 'r.txt')).toEqual({ outcome: 'cancelled' });
    expect(await readdir(tmp.path)).toEqual(before);
  });

  it('an existing file is replaced only because the dialog asked the person first', async () => {
    const target = join(tmp.path, 'old-report.txt');
    await writeFile(target, 'last week');
    dialog.saveAnswer = { canceled: false, filePath: target };
    await reports().save('this week', 'r.txt');
    expect(dialog.saveCalls[0]?.options.properties).toContain('showOverwriteConfirmation');
    expect(await readFile(target, 'utf8')).toBe('this week');
  });

  it('a folder Kairn may not write into: a plain sentence, nothing half-written', async () => {
    const locked = await makeUnwritableFolder(join(tmp.path, 'locked'));
    try {
      dialog.saveAnswer = { canceled: false, filePath: join(locked.path, 'r.txt') };
      await expect(reports().save('text', 'r.txt')).rejects.toMatchObject({
        code: 'access-denied',
        reason: 'report-not-writable',
        message:
          'Kairn may not write into that folder. Choose another place, such as your Documents folder.',
      });
      expect(await readdir(locked.path)).toEqual([]);
    } finally {
      await locked.release();
    }
  });

  it('a folder that is gone: not-found with its own sentence', async () => {
    dialog.saveAnswer = { canceled: false, filePath: join(tmp.path, 'gone', 'r.txt') };
    await expect(reports().save('text', 'r.txt')).rejects.toMatchObject({
      code: 'not-found',
      reason: 'report-folder-missing',
    });
  });
});
