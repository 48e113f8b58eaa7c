import { execFile } from 'node:child_process';
import { access, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** Real snapperd's executable (Debian/openSUSE path), bus-activated on the demo's private system bus. */
export const SNAPPERD = '/usr/sbin/snapperd';

const TOOLS = ['/usr/bin/snapper', SNAPPERD, '/sbin/mkfs.btrfs', '/bin/mount', '/bin/umount'];
const IMAGE_SIZE = '1G';
const STEP_TIMEOUT_MS = 60_000;

/** A loop-mounted btrfs with a `home` subvolume under a fresh snapper config. */
export interface RealSnapperDisk {
  /** The home subvolume (KAIRN_HOME points here). */
  home: string;
  config: string;
  /** Deletes the config, unmounts (freeing the loop device) and detaches any leftover loop device. */
  stop(): Promise<void>;
}

async function run(cmd: string, args: string[], env?: NodeJS.ProcessEnv): Promise<string> {
  const { stdout } = await exec(cmd, args, {
    timeout: STEP_TIMEOUT_MS,
    env: { ...process.env, ...env },
  });
  return stdout;
}

async function quietly(
  step: () => Promise<unknown>,
  log: (line: string) => void,
  what: string,
): Promise<void> {
  try {
    await step();
  } catch (err) {
    log(`cleanup (${what}) failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Root, snapper, snapperd and btrfs tools present: the demo can use the real thing. */
export async function canUseRealSnapper(): Promise<boolean> {
  if (process.getuid?.() !== 0) return false;
  const found = await Promise.all(
    TOOLS.map((tool) =>
      access(tool).then(
        () => true,
        () => false,
      ),
    ),
  );
  return found.every(Boolean);
}

/**
 * Creates the disk: image → mkfs.btrfs → loop mount → `home` subvolume → snapper config
 * (created with --no-dbus, so no daemon is needed yet; snapperd reads it once activated).
 */
export async function createRealSnapperDisk(
  dir: string,
  log: (line: string) => void,
): Promise<RealSnapperDisk> {
  const image = join(dir, 'disk.img');
  const mnt = join(dir, 'mnt');
  const home = join(mnt, 'home');
  const config = `kairn-demo-${process.pid}-${Date.now().toString(36)}`;
  await mkdir(mnt, { recursive: true });
  await run('truncate', ['-s', IMAGE_SIZE, image]);
  await run('mkfs.btrfs', ['-q', image]);
  await run('mount', ['-o', 'loop', image, mnt]);
  const steps: { what: string; undo: () => Promise<unknown> }[] = [
    { what: 'umount', undo: () => run('umount', [mnt]) },
  ];
  const stop = async (): Promise<void> => {
    for (const step of steps.reverse()) await quietly(step.undo, log, step.what);
    steps.length = 0;
    await quietly(() => detachLeftoverLoops(image), log, 'losetup');
  };
  try {
    await run('btrfs', ['subvolume', 'create', home]);
    await run('snapper', ['--no-dbus', '-c', config, 'create-config', home]);
    steps.push({
      what: 'delete-config',
      undo: () => run('snapper', ['--no-dbus', '-c', config, 'delete-config']),
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return { home, config, stop };
}

/** `mount -o loop` auto-clears its device on umount; detach anything still bound to the image anyway. */
async function detachLeftoverLoops(image: string): Promise<void> {
  const out = await run('losetup', ['-j', image]);
  for (const line of out.split('\n')) {
    const device = line.split(':')[0]?.trim();
    if (device) await run('losetup', ['-d', device]);
  }
}
