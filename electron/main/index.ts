// Hardening first: it must be in place before anything else touches Electron.
import './security';

import { resolve } from 'node:path';

import { bootCore } from '../hosts/boot';
import { outDir, rendererRoot } from '../hosts/paths';
import { runMain } from './app-main';

void runMain({
  argv: process.argv,
  cwd: process.cwd(),
  preloadPath: resolve(outDir(), 'preload', 'index.cjs'),
  rendererRoot: rendererRoot(),
  boot: bootCore,
  log: (line) => process.stderr.write(`kairn: ${line}\n`),
});
