import * as fsp from 'node:fs/promises';

import { getAttribute, listAttributes, setAttribute } from 'fs-xattr';

import type { FileSystemPort } from '../../core/ports/file-system';

/**
 * The real file system for the core: node:fs/promises plus fs-xattr. fs-xattr follows symlinks,
 * so extended attributes of a symlink are never touched (listed as none, refused to set).
 */

function notSupported(path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`extended attributes of a symlink are not handled: ${path}`), {
    code: 'ENOTSUP',
  });
}

async function isSymlink(path: string): Promise<boolean> {
  return (await fsp.lstat(path)).isSymbolicLink();
}

/** node:fs/promises + fs-xattr behind the core's FileSystemPort. */
export const nodeFileSystem: FileSystemPort = {
  lstat: fsp.lstat,
  stat: fsp.stat,
  readdir: fsp.readdir,
  opendir: fsp.opendir,
  readlink: fsp.readlink,
  realpath: fsp.realpath,
  open: fsp.open,
  readFile: fsp.readFile,
  copyFile: fsp.copyFile,
  rename: fsp.rename,
  link: fsp.link,
  mkdir: fsp.mkdir,
  symlink: fsp.symlink,
  unlink: fsp.unlink,
  rm: fsp.rm,
  rmdir: fsp.rmdir,
  chmod: fsp.chmod,
  lchown: fsp.lchown,
  utimes: fsp.utimes,
  lutimes: fsp.lutimes,
  access: fsp.access,
  writeFile: fsp.writeFile,
  statfs: fsp.statfs,
  async listXattrs(path) {
    if (await isSymlink(path)) return [];
    return listAttributes(path);
  },
  async getXattr(path, name) {
    if (await isSymlink(path)) throw notSupported(path);
    return getAttribute(path, name);
  },
  async setXattr(path, name, value) {
    if (await isSymlink(path)) throw notSupported(path);
    await setAttribute(path, name, value);
  },
};
