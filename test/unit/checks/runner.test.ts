import { describe, expect, it } from 'vitest';

import { runChecks } from '../../../electron/core/checks/runner';
import { say, type Check } from '../../../electron/core/checks/types';
import { KairnError } from '../../../electron/core/errors';

const okCheck = (id: string): Check => ({
  id,
  run: () => Promise.resolve({ state: 'ok', words: say('failed-services.ok'), details: [] }),
});

/** A check that answers only when released, so the test decides the order of answers. */
function gated(id: string): { check: Check; release(): void; started: Promise<void> } {
  let release = (): void => {};
  let markStarted = (): void => {};
  const started = new Promise<void>((r) => (markStarted = r));
  const gate = new Promise<void>((r) => (release = r));
  return {
    check: {
      id,
      async run() {
        markStarted();
        await gate;
        return { state: 'ok', words: say('failed-services.ok'), details: [] };
      },
    },
    release,
    started,
  };
}

describe('the check runner', () => {
  it('runs checks in parallel and keeps their order whatever order they finish in', async () => {
    const a = gated('free-space-system');
    const b = gated('free-space-home');
    const running = runChecks([a.check, b.check]);
    // Both started before either finished: they run side by side, not one after the other.
    await Promise.all([a.started, b.started]);
    b.release();
    a.release();
    const results = await running;
    expect(results.map((r) => r.id)).toEqual(['free-space-system', 'free-space-home']);
  });

  it('a hanging check becomes unknown with why, and does not hold the others', async () => {
    let aborted = false;
    const hang: Check = {
      id: 'failed-services',
      run: (signal) =>
        new Promise((_resolve, reject) => {
          signal.addEventListener('abort', () => {
            aborted = true;
            reject(new KairnError('cancelled'));
          });
        }),
    };
    const results = await runChecks([hang, okCheck('file-history')], { timeLimitMs: 50 });
    expect(results[0]).toMatchObject({
      id: 'failed-services',
      state: 'unknown',
      words: { key: 'common.timeout' },
    });
    expect(results[0]?.summary).toMatch(/no answer/);
    expect(results[0]?.details.join(' ')).toMatch(/50 ms/);
    expect(results[1]?.state).toBe('ok');
    expect(aborted).toBe(true);
  });

  it('a throwing check becomes unknown, with the error behind Details', async () => {
    const boom: Check = {
      id: 'history-space',
      run: () =>
        Promise.reject(new KairnError('backend-failed', { detail: 'GetUsedSpace: error.quota' })),
    };
    const plain: Check = { id: 'file-history', run: () => Promise.reject(new Error('kaputt')) };
    const [a, b] = await runChecks([boom, plain]);
    expect(a).toMatchObject({
      state: 'unknown',
      summary: expect.stringMatching(/could not carry out/) as unknown,
    });
    expect(a?.details.join('\n')).toContain('error.quota');
    expect(b?.details.join('\n')).toContain('kaputt');
  });

  it('a check that does not apply is left out, not shown as ok', async () => {
    const notHere: Check = {
      id: 'restart-pending',
      applies: () => Promise.resolve(false),
      run: () => Promise.resolve({ state: 'ok', words: say('x'), details: [] }),
    };
    expect(await runChecks([notHere, okCheck('file-history')])).toHaveLength(1);
  });

  it('offers the fix the outcome names, with its English label', async () => {
    const check: Check = {
      id: 'file-history',
      run: () =>
        Promise.resolve({
          state: 'attention',
          words: say('file-history.old', { count: 3 }),
          details: [],
          fix: 'take-point',
        }),
      fixes: [{ id: 'take-point', run: () => Promise.resolve() }],
    };
    const [result] = await runChecks([check]);
    expect(result?.title).toBe('File history');
    expect(result?.summary).toBe(
      'The newest point in time is 3 days old. Recent changes to your files are not saved yet.',
    );
    expect(result?.fix).toMatchObject({ id: 'take-point', label: 'Take a point in time now' });
  });
});
