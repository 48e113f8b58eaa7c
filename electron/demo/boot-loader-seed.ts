import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { BootLoaderState } from '../simulators/logind/boot-loader';
import { seedState } from '../simulators/sysupdate/state';

/**
 * KDE Linux boots with systemd-boot, which lists one UKI per installed version and can start one
 * of them once: the demo's logind simulator is told so (its bootloader.json), so going back works
 * on the demo machine as on a real one.
 */
export async function seedKdeLinuxBootLoader(logindDir: string): Promise<void> {
  const installed = seedState()
    .versions.filter((v) => v.installed)
    .map((v) => `kde-linux_${v.version}.efi`);
  const state: BootLoaderState = {
    entries: ['auto-reboot-to-firmware-setup', ...installed],
    oneShot: '',
    oneShotSupported: true,
    polkitDenied: [],
  };
  await mkdir(logindDir, { recursive: true });
  await writeFile(join(logindDir, 'bootloader.json'), JSON.stringify(state, null, 2));
}
