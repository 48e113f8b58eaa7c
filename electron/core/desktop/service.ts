import { lstat } from 'node:fs/promises';

import { fsError } from '../errors';
import type { FileManagerPort } from '../ports/system';
import type { DesktopService } from '../services';

/** The desktop hand-offs this service uses. */
export interface DesktopServiceOptions {
  fileManager: FileManagerPort;
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
}
