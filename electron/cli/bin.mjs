#!/usr/bin/env node
// The `kairn` command: runs the built CLI (npm ci builds it through the `prepare` script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = fileURLToPath(new URL('../../out/main/cli.js', import.meta.url));
if (!existsSync(built)) {
  process.stderr.write('kairn: not built yet. Run `npm ci` (or `npm run build`) first.\n');
  process.exit(1);
}
await import(built);
