import { lstat } from 'node:fs/promises';

import { fsError } from '../errors';
import type { ChooseFolderResult } from '../../../shared/schemas/files';
import type { FileManagerPort, FolderPickerPort } from '../ports/system';
import type { DesktopService } from '../services';

/** The desktop hand-offs this service uses. */
export interface DesktopServiceOptions {
  fileManager: FileManagerPort;
  /** Only hosts with a dialog of their own (Electron) have one. */
  folderPicker?: FolderPickerPort | undefined;
  /** Where the folder dialog starts when no folder is given. */
  home: string;
}

/** Hand-offs to the desktop (the file manager) for things Kairn itself does not show. */
export class DesktopServiceImpl implements DesktopService {
  constructor(private readonly options: DesktopServiceOptions) {}

  /** Opens the file manager with the item selected; the item must exist (not-found otherwise). */
  async showInFolder(path: string): Promise<{ shown: boolean }> {
    try {
      await lstat(path);
    } catch (err) {
      throw fsError(err, 'show in folder');
    }
    await this.options.fileManager.showItems([path]);
    return { shown: true };
  }

  /** The host's own folder dialog, started at `startAt` (the home by default). */
  async chooseFolder(title: string, startAt?: string): Promise<ChooseFolderResult> {
    const picker = this.options.folderPicker;
    if (!picker) return { outcome: 'unavailable' };
    const path = await picker.choose({ title, startAt: startAt ?? this.options.home });
    return path === null ? { outcome: 'cancelled' } : { outcome: 'chosen', path };
  }
}
