import { execFile } from 'node:child_process';
import { mkdir, rm, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A btrfs filesystem in an image file, attached to a loop device and mounted (root only). */
export interface BtrfsLoop {
  image: string;
  mountPoint: string;
  device: string;
  /** `btrfs subvolume create <mountPoint>/<name>`; returns its path. */
  createSubvolume(name: string): Promise<string>;
  /** Unmounts, detaches the loop device and deletes the image. Idempotent; never throws. */
  stop(): Promise<void>;
}

async function sh(command: string, args: string[]): Promise<string> {
  const { stdout } = await run(command, args, { timeout: 60_000 });
  return stdout.trim();
}

async function quietly(command: string, args: string[]): Promise<boolean> {
  return sh(command, args).then(
    () => true,
    () => false,
  );
}

/** Unmount (lazily as a last resort), then detach the device; each step tolerates "already done". */
async function teardown(state: {
  mountPoint: string;
  device: string | null;
  mounted: boolean;
  image: string;
}): Promise<void> {
  if (state.mounted) {
    const done =
      (await quietly('umount', [state.mountPoint])) ||
      (await quietly('umount', ['-l', state.mountPoint]));
    if (done) state.mounted = false;
  }
  if (state.device) {
    await quietly('losetup', ['-d', state.device]);
    state.device = null;
  }
  await rm(state.image, { force: true });
  await rm(state.mountPoint, { recursive: true, force: true }).catch(() => undefined);
}

/**
 * truncate + mkfs.btrfs + losetup + mount, undone in stop() — also when a step of the start fails.
 * The loop device is attached explicitly (not `mount -o loop`) so stop() knows what to detach.
 */
export async function startBtrfsLoop(options: {
  dir: string;
  sizeMiB?: number;
}): Promise<BtrfsLoop> {
  const image = join(options.dir, 'btrfs.img');
  const mountPoint = join(options.dir, 'mnt');
  const state = { image, mountPoint, device: null as string | null, mounted: false };
  try {
    await mkdir(mountPoint, { recursive: true });
    await writeFile(image, '');
    await truncate(image, (options.sizeMiB ?? 1024) * 1024 * 1024);
    await sh('mkfs.btrfs', ['-q', image]);
    state.device = await sh('losetup', ['--find', '--show', image]);
    await sh('mount', [state.device, mountPoint]);
    state.mounted = true;
  } catch (err) {
    await teardown(state);
    throw err;
  }
  let stopped = false;
  return {
    image,
    mountPoint,
    device: state.device,
    async createSubvolume(name) {
      const path = join(mountPoint, name);
      await sh('btrfs', ['subvolume', 'create', path]);
      return path;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await teardown(state);
    },
  };
}
