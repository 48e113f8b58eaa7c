import { readdir, readFile } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';

const POLL_MS = 25;
const GRACE_MS = 3000;

/** Live (non-zombie) processes whose process group is one of `groups`, from /proc. */
export async function liveProcessesInGroups(groups: readonly number[]): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // Fields after the parenthesised command name: state, ppid, pgrp, …
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] !== undefined && fields[0] !== 'Z' && groups.includes(Number(fields[2])))
      found.push(Number(entry));
  }
  return found;
}

function killGroup(group: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-group, signal);
  } catch {
    // the group is already empty
  }
}

/**
 * Waits (bounded) until no live process is left in the given process groups — a bus daemon's
 * group holds every service it activated — and SIGKILLs whatever outlives the grace period.
 */
export async function waitForProcessesGone(groups: readonly number[]): Promise<void> {
  for (let waited = 0; waited < GRACE_MS; waited += POLL_MS) {
    if ((await liveProcessesInGroups(groups)).length === 0) return;
    await delay(POLL_MS);
  }
  for (const group of groups) killGroup(group, 'SIGKILL');
}
