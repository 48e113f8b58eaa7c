/**
 * Memory of the long-running notifier (`kairn notifier`, plain Node) under a stream of restart
 * state changes: the flag file appears, is rewritten (a new pending state), and goes away, every
 * few seconds, against the logind simulator (private system bus) and python-dbusmock's
 * notification daemon (private session bus). Prints the peak RSS of the notifier's process tree
 * (sampled, and the kernel's own high-water mark VmHWM) against the goal of 60 MB.
 *
 * Duration: KAIRN_BENCH_NOTIFIER_SECONDS (default 120; the issue asks for 600). Node options:
 * KAIRN_BENCH_NODE_OPTIONS (default: what the autostart entry sets; '' for Node's defaults).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';

import { startPrivateBus } from '../../electron/demo/private-bus';
import { simulatorScript } from '../../electron/hosts/paths';
import { NOTIFIER_NODE_OPTIONS } from '../../electron/notifier/node-options';
import { makeTempDir } from '../harness/tmp';

const SECONDS = Number(process.env.KAIRN_BENCH_NOTIFIER_SECONDS ?? 120);
const CHANGE_EVERY_MS = 3000;
const GOAL_MB = 60;
const ROOT = join(import.meta.dirname, '../..');
const KALPA =
  'NAME="openSUSE Kalpa"\nID="opensuse-kalpa"\nID_LIKE="opensuse suse"\nPRETTY_NAME="openSUSE Kalpa"\n';

async function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  const text = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0);
}

/** The pid and every descendant (from /proc/<pid>/task/<pid>/children). */
async function tree(pid: number): Promise<number[]> {
  const kids = (await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => ''))
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map(Number);
  return [pid, ...(await Promise.all(kids.map(tree))).flat()];
}

const tmp = await makeTempDir('kairn-bench-notifier-');
const sysRoot = join(tmp.path, 'root');
await mkdir(join(sysRoot, 'run'), { recursive: true });
await writeFile(join(tmp.path, 'os-release'), KALPA);
const sysDir = join(tmp.path, 'system');
const system = await startPrivateBus({
  kind: 'system',
  dir: sysDir,
  services: [
    {
      name: 'org.freedesktop.login1',
      exec: `${process.execPath} ${simulatorScript()} logind --state ${join(tmp.path, 'logind')}`,
    },
  ],
  env: { DBUS_SYSTEM_BUS_ADDRESS: `unix:path=${join(sysDir, 'bus')}` },
});
const session = await startPrivateBus({
  kind: 'session',
  dir: join(tmp.path, 'session'),
  services: [
    {
      name: 'org.freedesktop.Notifications',
      exec: '/usr/bin/python3 -m dbusmock --session --template notification_daemon',
    },
  ],
});
/** What the autostart entry sets (electron/notifier/node-options.ts). '' = Node's defaults. */
const NODE_OPTIONS = process.env.KAIRN_BENCH_NODE_OPTIONS ?? NOTIFIER_NODE_OPTIONS;
const child = spawn(process.execPath, [join(ROOT, 'electron/cli/bin.mjs'), 'notifier'], {
  cwd: ROOT,
  env: {
    ...process.env,
    NODE_OPTIONS,
    DBUS_SYSTEM_BUS_ADDRESS: system.address,
    DBUS_SESSION_BUS_ADDRESS: session.address,
    KAIRN_SYSROOT: sysRoot,
    KAIRN_OS_RELEASE: join(tmp.path, 'os-release'),
    KAIRN_HOME: tmp.path,
    KAIRN_STATE_DIR: join(tmp.path, 'state'),
  },
  stdio: ['ignore', 'ignore', 'pipe'],
});
let stderr = '';
child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
const pid = child.pid ?? 0;
let peakTreeKb = 0;
let changes = 0;
const flag = join(sysRoot, 'run', 'reboot-needed');
const end = Date.now() + SECONDS * 1000;
try {
  while (Date.now() < end && child.exitCode === null) {
    // appear → rewritten (new pending state) → gone, round and round.
    const step = changes % 3;
    if (step === 2) await rm(flag, { force: true });
    else await writeFile(flag, `reboot ${changes}\n`);
    changes += 1;
    const sampleUntil = Date.now() + CHANGE_EVERY_MS;
    while (Date.now() < sampleUntil) {
      const pids = await tree(pid);
      const kb = (await Promise.all(pids.map((p) => statusKb(p, 'VmRSS')))).reduce(
        (a, b) => a + b,
        0,
      );
      peakTreeKb = Math.max(peakTreeKb, kb);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  const hwmKb = await statusKb(pid, 'VmHWM');
  const stateFiles = await readdir(join(tmp.path, 'state')).catch(() => []);
  if (child.exitCode !== null)
    throw new Error(`the notifier exited early (${String(child.exitCode)}):\n${stderr}`);
  const peakMb = Math.max(peakTreeKb, hwmKb) / 1024;
  process.stdout.write(
    `notifier (NODE_OPTIONS="${NODE_OPTIONS}"): ${SECONDS} s, ${changes} restart-state changes, peak RSS of its process tree ${peakMb.toFixed(1)} MB ` +
      `(sampled tree ${(peakTreeKb / 1024).toFixed(1)} MB, VmHWM ${(hwmKb / 1024).toFixed(1)} MB); goal ≤ ${GOAL_MB} MB: ` +
      `${(peakMb / GOAL_MB).toFixed(2)}× the goal ${peakMb <= GOAL_MB ? 'OK' : 'OVER'} (state: ${stateFiles.join(', ')})\n`,
  );
  process.exitCode = peakMb <= GOAL_MB ? 0 : 1;
} finally {
  if (child.exitCode === null) {
    const gone = once(child, 'exit');
    child.kill('SIGTERM');
    await gone;
  }
  await session.stop();
  await system.stop();
  await tmp.remove();
}
