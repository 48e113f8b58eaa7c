import { posix } from 'node:path';

import type { ChooseFolderResult, ShowInFolderResult } from '../../../shared/schemas/files';
import type { KairnEnvironment } from '../env';
import { KairnError, fsError } from '../errors';
import { isInside } from '../paths/path-guard';
import type { FileSystemPort } from '../ports/file-system';
import type { FileManagerPort, FolderPickerPort } from '../ports/system';
import type { DesktopService } from '../services';

/** What this service needs: the home it may point into, the file system, the desktop hand-offs. */
export interface DesktopServiceOptions {
  env: KairnEnvironment;
  fs: FileSystemPort;
  fileManager: FileManagerPort;
  /** Only hosts with a dialog of their own (Electron) have one. */
  folderPicker?: FolderPickerPort | undefined;
}

function outside(path: string, why: string): KairnError {
  return new KairnError('invalid-input', {
    reason: 'path-outside-home',
    detail: `${path}: ${why}`,
  });
}

/** Hand-offs to the desktop (the file manager) for things Kairn itself does not show. */
export class DesktopServiceImpl implements DesktopService {
  constructor(private readonly options: DesktopServiceOptions) {}

  /** Opens the file manager with the item selected; the item must exist inside the home. */
  async showInFolder(path: string): Promise<ShowInFolderResult> {
    await this.assertInsideHome(path);
    try {
      await this.options.fs.lstat(path);
    } catch (err) {
      throw fsError(err, 'show in folder');
    }
    await this.options.fileManager.showItems([path]);
    return { shown: true };
  }

  /**
   * Only places Kairn restores to may be shown: the home (as given, or its real path: Fedora's
   * /home is a link to /var/home). Checked by name first, then with the folders' links resolved,
   * so a linked folder cannot lead the file manager elsewhere. The item itself is not followed.
   */
  private async assertInsideHome(path: string): Promise<void> {
    const { fs, env } = this.options;
    if (path.split('/').includes('..')) throw outside(path, 'contains ..');
    const normal = posix.normalize(path).replace(/(.)\/+$/, '$1');
    const realHome = await fs.realpath(env.home).catch(() => env.home);
    const roots = [posix.normalize(env.home), realHome];
    if (!roots.some((root) => isInside(root, normal))) throw outside(path, 'not inside the home');
    if (roots.includes(normal)) return;
    let realParent: string;
    try {
      realParent = await fs.realpath(posix.dirname(normal));
    } catch (err) {
      throw fsError(err, 'show in folder');
    }
    if (!isInside(realHome, realParent))
      throw outside(path, `its folder resolves to ${realParent}`);
  }

  /** The host's own folder dialog, started at `startAt` (the home by default). */
  async chooseFolder(title: string, startAt?: string): Promise<ChooseFolderResult> {
    const picker = this.options.folderPicker;
    if (!picker) return { outcome: 'unavailable' };
    const path = await picker.choose({ title, startAt: startAt ?? this.options.env.home });
    return path === null ? { outcome: 'cancelled' } : { outcome: 'chosen', path };
  }
}
