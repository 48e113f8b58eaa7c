import { describe, expect, it } from 'vitest';

import { lastUpdateCheck, LAST_UPDATE_STALE_DAYS } from '../../../electron/core/checks/last-update';
import { runChecks } from '../../../electron/core/checks/runner';
import type { LastUpdate, UpdatesInfo } from '../../../shared/schemas/updates';

const NOW = new Date('2026-12-02T12:00:00Z');
const daysAgo = (n: number): string => new Date(NOW.getTime() - n * 24 * 3600_000).toISOString();

function info(last: LastUpdate | null, family: UpdatesInfo['family'] = 'ostree'): UpdatesInfo {
  return {
    family,
    check: { available: true, reason: null, detail: null },
    prepare: { available: true, reason: null, detail: null },
    cancellable: true,
    last,
    lastCheck: null,
  };
}

const update = (over: Partial<LastUpdate>): LastUpdate => ({
  at: daysAgo(0),
  outcome: 'succeeded',
  version: '43.20261205.0',
  by: 'system',
  detail: null,
  ...over,
});

async function run(value: UpdatesInfo | Error) {
  const check = lastUpdateCheck(
    { get: () => (value instanceof Error ? Promise.reject(value) : Promise.resolve(value)) },
    () => NOW,
  );
  return runChecks([check]);
}

describe('the check "last update finished or failed, and when"', () => {
  it.each([
    ['today, worked', update({}), 'ok', 'last-update.today'],
    ['3 days ago, worked', update({ at: daysAgo(3) }), 'ok', 'last-update.ok'],
    [
      `${LAST_UPDATE_STALE_DAYS + 1} days ago, worked`,
      update({ at: daysAgo(LAST_UPDATE_STALE_DAYS + 1) }),
      'attention',
      'last-update.old',
    ],
    [
      'failed',
      update({ outcome: 'failed', by: 'kairn', detail: 'access-denied' }),
      'problem',
      'last-update.failed',
    ],
    [
      'cancelled',
      update({ outcome: 'cancelled', by: 'kairn' }),
      'attention',
      'last-update.cancelled',
    ],
  ] as const)('%s → %s', async (_name, last, state, key) => {
    const [result] = await run(info(last));
    expect(result).toMatchObject({ id: 'last-update', state, words: { key } });
    expect(result?.details.join('\n')).toContain(last.at);
  });

  it('counts the days for the words', async () => {
    const [result] = await run(info(update({ at: daysAgo(3) })));
    expect(result?.words.values).toEqual({ count: 3 });
  });

  it('nothing recorded → unknown, never ok', async () => {
    const [result] = await run(info(null));
    expect(result).toMatchObject({ state: 'unknown', words: { key: 'last-update.unknown' } });
  });

  it('a system without updates Kairn knows of leaves the check out', async () => {
    expect(await run(info(null, 'generic'))).toEqual([]);
  });

  it('the updates area failing → unknown', async () => {
    const [result] = await run(info(update({})));
    expect(result?.state).toBe('ok');
    const failing = lastUpdateCheck(
      {
        get: (() => {
          let calls = 0;
          return () =>
            calls++ === 0 ? Promise.resolve(info(null)) : Promise.reject(new Error('down'));
        })(),
      },
      () => NOW,
    );
    const [broken] = await runChecks([failing]);
    expect(broken?.state).toBe('unknown');
  });
});
