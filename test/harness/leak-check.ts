/**
 * Vitest global setup: fails the run if anything this run started is still there at the end:
 * mounts and loop devices under the run's temp root, snapper configs whose subvolume is there,
 * and live processes that carry the run's marker in their environment. Whatever else runs on the
 * machine (another test run, a browser, the real buses) is never counted. Zombies are not
 * counted: they hold no resources and PID 1 here may not reap them.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beginTestRun, RUN_MARKER, type TestRun } from './test-run.js';

function mounts(run: TestRun): string[] {
  return readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .filter((line) => line.split(' ')[1]?.startsWith(run.tmpRoot));
}

function loopDevices(run: TestRun): string[] {
  try {
    return execFileSync('losetup', ['-a'], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.includes(run.tmpRoot));
  } catch {
    return [];
  }
}

function snapperConfigs(run: TestRun): string[] {
  const dir = '/etc/snapper/configs';
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((name) => {
    try {
      return readFileSync(join(dir, name), 'utf8').includes(run.tmpRoot);
    } catch {
      return false;
    }
  });
}

/** Live processes whose environment holds this run's marker (read from /proc as root or as the same user). */
export function processesOfRun(run: TestRun, procRoot = '/proc'): string[] {
  const marker = `${RUN_MARKER}=${run.id}`;
  const found: string[] = [];
  for (const pid of readdirSync(procRoot).filter((name) => /^\d+$/.test(name))) {
    if (Number(pid) === process.pid) continue;
    try {
      const stat = readFileSync(`${procRoot}/${pid}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      const environ = readFileSync(`${procRoot}/${pid}/environ`, 'utf8').split('\0');
      if (!environ.includes(marker)) continue;
      found.push(
        `${pid} ${readFileSync(`${procRoot}/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim()}`,
      );
    } catch {
      // the process ended while we looked, or its environment is not ours to read
    }
  }
  return found;
}

function leftovers(run: TestRun): string[] {
  const found: Record<string, string[]> = {
    mounts: mounts(run),
    'loop devices': loopDevices(run),
    'snapper configs': snapperConfigs(run),
    processes: processesOfRun(run),
  };
  return Object.entries(found).flatMap(([kind, items]) => items.map((item) => `${kind}: ${item}`));
}

export default function setup(): () => Promise<void> {
  const run = beginTestRun();
  return async () => {
    // Processes may need a moment after their parent's teardown; wait for them (bounded), never guess.
    const deadline = Date.now() + 10_000;
    let leaked: string[] = leftovers(run);
    while (leaked.length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      leaked = leftovers(run);
    }
    if (leaked.length === 0) {
      rmSync(run.tmpRoot, { recursive: true, force: true });
      return;
    }
    // vitest reports an error thrown here but still exits 0, so the run is failed explicitly too.
    process.exitCode = 1;
    throw new Error(`the tests left these behind:\n${leaked.join('\n')}`);
  };
}
