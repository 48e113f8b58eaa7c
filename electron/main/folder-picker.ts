import { BrowserWindow, dialog, type OpenDialogOptions } from 'electron';

import type { FolderPickerPort } from '../core/ports/system';

/** The desktop's own folder dialog (KDE's through the portal where Electron uses it), over Kairn's window. */
export const nativeFolderPicker: FolderPickerPort = {
  async choose({ title, startAt }) {
    const options: OpenDialogOptions = {
      title,
      defaultPath: startAt,
      properties: ['openDirectory', 'createDirectory'],
    };
    const parent = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
    const result = parent
      ? await dialog.showOpenDialog(parent, options)
      : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  },
};
