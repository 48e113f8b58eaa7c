import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { JOURNAL_LIMITS, journalctlReader } from '../../../electron/backends/os/journal';
import { makeTempDir } from '../../harness/tmp';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
beforeAll(async () => (tmp = await makeTempDir('kairn-journal-')));
afterAll(async () => tmp.remove());

/** A stand-in journalctl: a shell script that records its arguments and then does `body`. */
async function journalctl(name: string, body: string): Promise<string> {
  const path = join(tmp.path, name);
  await writeFile(path, `#!/bin/sh\necho "$@" > "${path}.args"\n${body}\n`);
  await chmod(path, 0o755);
  return path;
}

const never = new AbortController().signal;

describe('recent error lines from the journal, read as the user', () => {
  it('an unreadable journal says why in its own words (the report shows that line)', async () => {
    const command = await journalctl(
      'refusing',
      'echo "No journal files were opened due to insufficient permissions." >&2\nexit 1',
    );
    expect(await journalctlReader(command).recentErrors('system', never)).toEqual({
      failed: 'No journal files were opened due to insufficient permissions.',
    });
  });

  it('no journalctl at all is "missing", not a failure', async () => {
    const reader = journalctlReader(join(tmp.path, 'not-installed'));
    expect(await reader.recentErrors('system', never)).toEqual({ missing: true });
  });

  it('asks for this boot, priority err and worse, bounded; --user for the session', async () => {
    const long = 'x'.repeat(1000);
    const command = await journalctl(
      'chatty',
      `echo "-- Boot 1234 --"\ni=0\nwhile [ $i -lt 500 ]; do echo "line $i ${long}"; i=$((i+1)); done`,
    );
    const answer = await journalctlReader(command).recentErrors('user', never);
    if (!('lines' in answer)) throw new Error(`no lines: ${JSON.stringify(answer)}`);
    expect(answer.lines).toHaveLength(JOURNAL_LIMITS.lines);
    expect(answer.lines.at(-1)?.startsWith('line 499 ')).toBe(true);
    expect(Math.max(...answer.lines.map((l) => l.length))).toBe(JOURNAL_LIMITS.lineChars);
    expect((await readFile(`${command}.args`, 'utf8')).trim()).toBe(
      `--user -p err -b -n ${String(JOURNAL_LIMITS.lines)} --no-pager -o short-iso`,
    );
  });

  it('a journalctl that hangs is stopped at its time limit and reported as failed', async () => {
    const command = await journalctl('hanging', 'exec sleep 60');
    const started = Date.now();
    const answer = await journalctlReader(command).recentErrors('system', never);
    expect(answer).toHaveProperty('failed');
    expect(Date.now() - started).toBeLessThan(JOURNAL_LIMITS.timeoutMs + 3000);
  }, 15_000);
});
