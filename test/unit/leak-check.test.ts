import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

import { afterEach, describe, expect, it } from 'vitest';

import { processesOfRun } from '../harness/leak-check';
import { RUN_MARKER } from '../harness/test-run';

const children: ChildProcess[] = [];

function startSleeper(env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn('sleep', ['30'], { env, stdio: 'ignore' });
  children.push(child);
  return child;
}

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      const ended = once(child, 'exit');
      child.kill('SIGKILL');
      await ended;
    }
  }
});

describe('leak check scope', () => {
  it('every worker of the run carries the run marker and its own temp root', () => {
    expect(process.env[RUN_MARKER]).toMatch(/^[0-9a-f]{12}$/);
    expect(process.env.TMPDIR).toBe(process.env.KAIRN_TEST_TMP_ROOT);
  });

  it("counts the run's own processes and nothing else running on the machine", () => {
    const run = {
      id: process.env[RUN_MARKER] ?? '',
      tmpRoot: process.env.KAIRN_TEST_TMP_ROOT ?? '',
    };
    const ours = startSleeper(process.env);
    const { [RUN_MARKER]: _dropped, ...foreignEnv } = process.env;
    const foreign = startSleeper(foreignEnv);
    const other = startSleeper({ ...process.env, [RUN_MARKER]: 'another-run' });
    const found = processesOfRun(run).map((line) => Number(line.split(' ')[0]));
    expect(found).toContain(ours.pid);
    expect(found).not.toContain(foreign.pid);
    expect(found).not.toContain(other.pid);
  });
});
