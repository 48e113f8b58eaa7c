import { describe, expect, it } from 'vitest';

import type { KairnClient } from '../../../shared/api/client';
import { EARLY_ANSWER_MAX_AGE_MS, withEarlyCalls } from '../../../renderer/src/api/early-calls';

/** A client whose calls stay open until the test answers them, in the order they were made. */
function heldClient() {
  const calls: { method: string; answer: (value: unknown) => void }[] = [];
  const client = {
    call: (method: string) =>
      new Promise((resolve) => {
        calls.push({ method, answer: resolve });
      }),
    on: () => () => {},
  } as unknown as KairnClient;
  return { calls, client };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the first screen asked for before the app is loaded', () => {
  it('asks in turn, and hands each answer to its first caller', async () => {
    const held = heldClient();
    const client = withEarlyCalls(held.client, ['status.get', 'checks.run'], () => 0);
    await tick();
    // The checks wait for the status: they must not slow the first answer down.
    expect(held.calls.map((c) => c.method)).toEqual(['status.get']);
    held.calls[0]?.answer('status');
    await tick();
    expect(held.calls.map((c) => c.method)).toEqual(['status.get', 'checks.run']);
    held.calls[1]?.answer('checks');
    expect(await client.call('status.get', {})).toBe('status');
    expect(await client.call('checks.run', {})).toBe('checks');
    // Later callers get a fresh call.
    const again = client.call('status.get', {});
    await tick();
    expect(held.calls).toHaveLength(3);
    held.calls[2]?.answer('fresh');
    expect(await again).toBe('fresh');
  });

  it('an answer taken too late is not used', async () => {
    let clock = 0;
    const held = heldClient();
    const client = withEarlyCalls(held.client, ['status.get'], () => clock);
    await tick();
    held.calls[0]?.answer('old');
    clock = EARLY_ANSWER_MAX_AGE_MS + 1;
    const late = client.call('status.get', {});
    await tick();
    held.calls[1]?.answer('new');
    expect(await late).toBe('new');
  });
});
