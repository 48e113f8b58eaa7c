import { resolve } from 'node:path';

import { recoverRoute } from '../hosts/open-route';

/** `--open PATH` (or `--open=PATH`) on the command line → the renderer's route to that item's versions. */
export function routeFromArgv(argv: readonly string[], cwd: string): string {
  let path: string | undefined;
  argv.forEach((arg, i) => {
    if (arg === '--open') path = argv[i + 1];
    else if (arg.startsWith('--open=')) path = arg.slice('--open='.length);
  });
  if (!path || path.includes('\0')) return '';
  return recoverRoute(resolve(cwd, path));
}
