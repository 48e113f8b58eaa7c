import { join } from 'node:path';

import { app, BrowserWindow, dialog, type SaveDialogOptions } from 'electron';

import type { SaveDialogPort } from '../core/ports/systemd';

/**
 * The desktop's own save dialog (KDE's through the portal where Electron uses it), modal to
 * Kairn's window, starting in Documents with the report's name. The dialog asks before it
 * replaces an existing file (`showOverwriteConfirmation`, Linux), so a path it returns may be
 * written over: the person confirmed it there.
 */
export const nativeSaveDialog: SaveDialogPort = {
  async choose({ defaultName }) {
    const options: SaveDialogOptions = {
      defaultPath: join(app.getPath('documents'), defaultName),
      properties: ['showOverwriteConfirmation', 'createDirectory'],
    };
    const parent = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
    const result = parent
      ? await dialog.showSaveDialog(parent, options)
      : await dialog.showSaveDialog(options);
    return result.canceled || !result.filePath ? null : result.filePath;
  },
};
