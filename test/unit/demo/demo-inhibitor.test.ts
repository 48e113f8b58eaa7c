import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { seedDemoInhibitor } from '../../../electron/demo/demo-inhibitor';
import { makeTempDir } from '../../harness/tmp';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
beforeEach(async () => {
  tmp = await makeTempDir();
});
afterEach(() => tmp.remove());

const stateOf = (dir: string): Promise<string | null> =>
  readFile(join(dir, 'logind.json'), 'utf8').catch(() => null);

describe('KAIRN_DEMO_INHIBITOR', () => {
  it('"WHO: WHY" becomes one delay lock on shutdown in the logind simulator’s state', async () => {
    const dir = join(tmp.path, 'logind');
    await seedDemoInhibitor(dir, { KAIRN_DEMO_INHIBITOR: 'Writer:  Unsaved document' });
    const state = JSON.parse((await stateOf(dir)) ?? '{}') as { inhibitors: unknown[][] };
    expect(state.inhibitors).toHaveLength(1);
    expect(state.inhibitors[0]?.slice(0, 4)).toEqual([
      'shutdown',
      'Writer',
      'Unsaved document',
      'delay',
    ]);
  });

  it('unset or without "WHO: WHY" writes nothing (the simulator starts clean)', async () => {
    await seedDemoInhibitor(join(tmp.path, 'a'), {});
    await seedDemoInhibitor(join(tmp.path, 'b'), { KAIRN_DEMO_INHIBITOR: 'no colon here' });
    expect(await stateOf(join(tmp.path, 'a'))).toBeNull();
    expect(await stateOf(join(tmp.path, 'b'))).toBeNull();
  });
});
