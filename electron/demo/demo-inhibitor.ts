import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { LogindState } from '../simulators/logind/manager';

/**
 * KAIRN_DEMO_INHIBITOR="WHO: WHY" makes one app on the demo machine ask logind to delay a
 * restart (a "delay" lock on shutdown), so the warning before *Restart now* can be seen. Written
 * before the logind simulator is activated: it reads its state file once, at start.
 */
export async function seedDemoInhibitor(logindDir: string, env: NodeJS.ProcessEnv): Promise<void> {
  const wanted = env.KAIRN_DEMO_INHIBITOR;
  const match = wanted === undefined ? null : /^([^:]+):\s*(.+)$/.exec(wanted);
  if (!match) return;
  const [, who = '', why = ''] = match;
  const state: LogindState = {
    scheduled: null,
    reboots: [],
    inhibitors: [
      ['shutdown', who.trim(), why.trim(), 'delay', process.getuid?.() ?? 0, process.pid],
    ],
  };
  await mkdir(logindDir, { recursive: true });
  await writeFile(join(logindDir, 'logind.json'), JSON.stringify(state, null, 2));
}
