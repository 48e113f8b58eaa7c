/**
 * Vitest global setup: records what the test run could leave behind (mounts, loop devices,
 * snapper configs, bus daemons and services) and fails the run if anything new is still there
 * at the end. Zombies are not counted: they hold no resources and PID 1 here may not reap them.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const PROCESS_PATTERN = /dbus-daemon|snapperd|simulators?\/main|simulator\.js|dbusmock|chromium/;

function mounts(): string[] {
  return readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('/dev/loop') || line.includes('kairn'));
}

function loopDevices(): string[] {
  try {
    return execFileSync('losetup', ['-a'], { encoding: 'utf8' }).split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

function snapperConfigs(): string[] {
  return existsSync('/etc/snapper/configs') ? readdirSync('/etc/snapper/configs') : [];
}

function processes(): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
      if (PROCESS_PATTERN.test(cmd)) found.push(`${pid} ${cmd}`);
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

function snapshot(): Record<string, string[]> {
  return { mounts: mounts(), 'loop devices': loopDevices(), 'snapper configs': snapperConfigs(), processes: processes() };
}

export default function setup(): () => Promise<void> {
  const before = snapshot();
  return async () => {
    // Processes may need a moment after their parent's teardown; wait for them (bounded), never guess.
    const deadline = Date.now() + 10_000;
    let leaked: string[] = [];
    do {
      const after = snapshot();
      leaked = Object.entries(after).flatMap(([kind, items]) =>
        items.filter((item) => !before[kind]!.includes(item)).map((item) => `${kind}: ${item}`),
      );
      if (leaked.length === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    } while (Date.now() < deadline);
    // vitest reports an error thrown here but still exits 0, so the run is failed explicitly too.
    process.exitCode = 1;
    throw new Error(`the tests left these behind:\n${leaked.join('\n')}`);
  };
}
