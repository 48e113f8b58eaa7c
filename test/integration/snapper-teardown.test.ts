import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

import { processRunning } from '../harness/bus-names';
import { realSnapperRequired, startSnapperEnv } from '../harness/snapper-env';
import { makeTempDir } from '../harness/tmp';

const run = promisify(execFile);
const withReal = await realSnapperRequired();

describe.each(withReal ? [false, true] : [false])('snapper env teardown (real: %s)', (real) => {
  it('leaves no process, mount, loop device or snapper config behind', async () => {
    const tmp = await makeTempDir('kairn-teardown-');
    const env = await startSnapperEnv({ real, dir: tmp.path });
    let daemon: number | null = null;
    try {
      await env.snapshot('one');
      await env.snapper.compare(env.config, 1, 0, { limit: 10 });
      daemon = await env.daemonPid();
      expect(daemon).toBeGreaterThan(0);
    } finally {
      await env.stop();
      await env.stop(); // idempotent
      await tmp.remove();
    }
    expect(await processRunning(daemon!)).toBe(false);
    expect(await processRunning(env.busPid)).toBe(false);
    expect(process.env.DBUS_SYSTEM_BUS_ADDRESS).not.toBe(env.busAddress);
    if (!real) return;
    const configs = await readFile('/etc/default/snapper', 'utf8');
    expect(configs).not.toContain(env.config);
    await expect(readFile(`/etc/snapper/configs/${env.config}`)).rejects.toThrow(/ENOENT/);
    expect(await readFile('/proc/mounts', 'utf8')).not.toContain(tmp.path);
    const { stdout } = await run('losetup', ['-a']);
    expect(stdout).not.toContain(tmp.path);
    expect(env.loopDevice).toMatch(/^\/dev\/loop\d+$/);
  });
});
