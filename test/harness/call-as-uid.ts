import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Result of one adapter call made by another user. */
export type ChildResult = { ok: unknown } | { code: string; reason?: string } | { error: string };

/** Makes one SnapperDBusAdapter call from a child process running as `uid` (needs root), on `busAddress`. */
export async function callAsUid(
  uid: number,
  busAddress: string,
  method: 'listSnapshots' | 'getConfig' | 'listConfigs',
  config: string,
): Promise<ChildResult> {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const script = join(import.meta.dirname, 'snapper-child.ts');
  const { stdout } = await run(
    process.execPath,
    ['--import', tsx, script, busAddress, method, config],
    {
      uid,
      gid: uid,
      timeout: 30_000,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/tmp' },
    },
  );
  return JSON.parse(stdout) as ChildResult;
}
