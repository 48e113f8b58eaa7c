import type * as fsp from 'node:fs/promises';

/**
 * The core's only way to the file system (node:fs/promises in production), so tests can inject
 * ENOSPC, EACCES, slow copies and crashes without touching a real disk's limits.
 */
export interface FileSystemPort {
  lstat: typeof fsp.lstat;
  stat: typeof fsp.stat;
  readdir: typeof fsp.readdir;
  opendir: typeof fsp.opendir;
  readlink: typeof fsp.readlink;
  realpath: typeof fsp.realpath;
  open: typeof fsp.open;
  readFile: typeof fsp.readFile;
  copyFile: typeof fsp.copyFile;
  rename: typeof fsp.rename;
  /**
   * A second name for a file or symlink; fails with EEXIST, never replaces, never follows a
   * symlink (Linux link(2)). Used for no-replace placement and to keep hard links one inode.
   */
  link: typeof fsp.link;
  mkdir: typeof fsp.mkdir;
  symlink: typeof fsp.symlink;
  unlink: typeof fsp.unlink;
  rm: typeof fsp.rm;
  rmdir: typeof fsp.rmdir;
  chmod: typeof fsp.chmod;
  lchown: typeof fsp.lchown;
  utimes: typeof fsp.utimes;
  lutimes: typeof fsp.lutimes;
  access: typeof fsp.access;
  writeFile: typeof fsp.writeFile;
  statfs: typeof fsp.statfs;
  /** Extended attributes (user.*, security.* where permitted); never follows symlinks. */
  listXattrs(path: string): Promise<string[]>;
  getXattr(path: string, name: string): Promise<Buffer>;
  setXattr(path: string, name: string, value: Buffer): Promise<void>;
}
