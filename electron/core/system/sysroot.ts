import { posix } from 'node:path';

import type { KairnEnvironment } from '../env';

/**
 * The one place an absolute system path (os-release, /run flags, /proc/stat, image-info.json)
 * becomes the path Kairn actually reads: under KAIRN_SYSROOT when set, so the demo and tests
 * can hand Kairn a whole machine in a folder. Every system file read goes through here.
 */
export function systemPath(env: Pick<KairnEnvironment, 'sysRoot'>, path: string): string {
  if (!path.startsWith('/')) throw new Error(`system paths are absolute: ${path}`);
  const root = env.sysRoot ?? '/';
  return posix.join(root, posix.normalize(path));
}

/** The system files Kairn reads, by what they say (reference §2.6, §4.7, §8, §9). */
export const SYSTEM_FILES = {
  osRelease: '/etc/os-release',
  osReleaseVendor: '/usr/lib/os-release',
  ostreeBooted: '/run/ostree-booted',
  ostreeStaged: '/run/ostree/staged-deployment',
  rebootNeeded: '/run/reboot-needed',
  rebootRequired: '/run/reboot-required',
  ublueImageInfo: '/usr/share/ublue-os/image-info.json',
  procStat: '/proc/stat',
} as const;
