import { posix } from 'node:path';

import type { FileSystemPort } from '../ports/file-system';

/**
 * The device of each snapshot root that is a device root of its own (a btrfs subvolume, or a
 * mounted snapshot), else null. Everything reached on that device is inside that snapshot, so
 * an item whose lstat shows the root's device needs no realpath of its folders: one system call
 * per snapshot instead of two. Snapshots never change, so this is kept until snapper reports a
 * change (numbers can be reused after a delete).
 */
export class RootDevices {
  private readonly known = new Map<string, bigint | null>();

  async deviceOf(fs: FileSystemPort, root: string): Promise<bigint | null> {
    const cached = this.known.get(root);
    if (cached !== undefined) return cached;
    let device: bigint | null;
    try {
      const [self, parent] = await Promise.all([
        fs.lstat(root, { bigint: true }),
        fs.lstat(posix.dirname(root), { bigint: true }),
      ]);
      device = self.isDirectory() && self.dev !== parent.dev ? self.dev : null;
    } catch {
      return null; // not remembered: the next call asks again
    }
    this.known.set(root, device);
    return device;
  }

  clear(): void {
    this.known.clear();
  }
}
