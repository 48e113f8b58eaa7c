import { beforeEach, describe, expect, it, vi } from 'vitest';

import { nativeFolderPicker } from '../../../electron/main/folder-picker';
import { BrowserWindow, dialog, resetElectron } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

beforeEach(resetElectron);

const ASK = { title: 'Choose where to restore', startAt: '/home/ada/Documents' };

describe('the native folder picker', () => {
  it('asks the desktop for one folder (new folders allowed), starting where Kairn says', async () => {
    dialog.answer = { canceled: false, filePaths: ['/home/ada/Restored'] };
    expect(await nativeFolderPicker.choose(ASK)).toBe('/home/ada/Restored');
    expect(dialog.calls).toHaveLength(1);
    expect(dialog.calls[0]?.options).toEqual({
      title: ASK.title,
      defaultPath: ASK.startAt,
      properties: ['openDirectory', 'createDirectory'],
    });
  });

  it('is modal to the focused Kairn window, else to the first one, else free-standing', async () => {
    const first = new BrowserWindow({ backgroundColor: '#000' });
    const second = new BrowserWindow({ backgroundColor: '#000' });
    BrowserWindow.focused = second;
    await nativeFolderPicker.choose(ASK);
    BrowserWindow.focused = null;
    await nativeFolderPicker.choose(ASK);
    BrowserWindow.windows = [];
    await nativeFolderPicker.choose(ASK);
    expect(dialog.calls.map((c) => c.parent)).toEqual([second, first, null]);
  });

  it('says null when the person cancels or the dialog returns nothing', async () => {
    dialog.answer = { canceled: true, filePaths: ['/home/ada/ignored'] };
    expect(await nativeFolderPicker.choose(ASK)).toBeNull();
    dialog.answer = { canceled: false, filePaths: [] };
    expect(await nativeFolderPicker.choose(ASK)).toBeNull();
  });
});
