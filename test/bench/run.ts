/**
 * Runs every benchmark in its own process, one after another (they share 2 cores), and prints
 * each one's result lines. Each bench measures its reference command in the same run and
 * prints a ratio against the target. Not part of `npm test`: run `npm run bench` as root.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const BENCHES = [
  'restore-bench.ts',
  'versions-bench.ts',
  'restore-points-bench.ts',
  'folder-open-bench.ts',
  'search-bench.ts',
  'open-fast-bench.ts',
  'notifier-bench.ts',
];
let failed = 0;
for (const bench of BENCHES) {
  process.stdout.write(`\n== ${bench}\n`);
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, bench)],
    { stdio: 'inherit' },
  );
  if (result.status !== 0) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);
