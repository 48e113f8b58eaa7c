import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The build output folder (out/): the nearest folder above this module that is `out` itself
 * (bundled code runs from out/main or out/main/chunks) or holds `out` (code run from source).
 */
export function outDir(): string {
  for (let dir = here; ; dir = dirname(dir)) {
    if (existsSync(resolve(dir, 'main', 'simulator.js'))) return dir;
    if (existsSync(resolve(dir, 'out', 'main', 'simulator.js'))) return resolve(dir, 'out');
    if (dirname(dir) === dir) return resolve(here, '../../out');
  }
}

/** The built renderer the browser host and the Electron window serve. */
export function rendererRoot(): string {
  return resolve(outDir(), 'renderer');
}

/** The simulators' entry (run by the private buses through D-Bus activation). */
export function simulatorScript(): string {
  return resolve(outDir(), 'main', 'simulator.js');
}
