import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * One test run's identity, set once in the main vitest process (vitest.config.ts) and inherited by
 * every worker, bus daemon, activated service and browser it starts: the marker in their
 * environment and the run's own temp root are how the leak check tells this run's leftovers from
 * whatever else runs on the machine at the same time.
 */
export const RUN_MARKER = 'KAIRN_TEST_RUN';

export interface TestRun {
  id: string;
  tmpRoot: string;
}

export function beginTestRun(env: NodeJS.ProcessEnv = process.env): TestRun {
  const existing = env[RUN_MARKER];
  const tmpRootExisting = env.KAIRN_TEST_TMP_ROOT;
  if (existing && tmpRootExisting) return { id: existing, tmpRoot: tmpRootExisting };
  const id = randomBytes(6).toString('hex');
  // Under /tmp itself (not a nested TMPDIR) so socket paths stay short; sticky and world-writable
  // like /tmp because some tests run processes as another uid.
  const tmpRoot = join(env.TMPDIR ?? '/tmp', `kairn-run-${id}`);
  mkdirSync(tmpRoot, { recursive: true });
  chmodSync(tmpRoot, 0o1777);
  env[RUN_MARKER] = id;
  env.KAIRN_TEST_TMP_ROOT = tmpRoot;
  env.TMPDIR = tmpRoot;
  return { id, tmpRoot };
}
