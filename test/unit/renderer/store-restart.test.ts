import { describe, expect, it } from 'vitest';

import { createKairnStore } from '../../../renderer/src/store';
import type { RestartInfo } from '../../../shared/schemas/restart';
import { callError, fakeClient } from './fake-client';

const INFO: RestartInfo = {
  checked: true,
  required: true,
  reasons: ['reboot-needed'],
  evidence: [],
  brings: null,
  since: null,
  scheduled: null,
  tonightTime: '03:00',
  tonightFrom: 'default',
  inhibitors: [],
  restartVia: 'logind',
  rebootManager: null,
  logindAvailable: true,
};

describe('restart slice', () => {
  it('shows what logind holds after a choice, and a confirmation repeats exactly the refused choice with replace', async () => {
    let others = true;
    const client = fakeClient({
      'restart.get': () => INFO,
      'restart.schedule': (p) => {
        if (others && p.replace !== true) throw callError('busy', 'restart-scheduled-by-other');
        return {
          scheduled: true,
          restart: {
            ...INFO,
            scheduled: { at: '2026-12-24T02:00:00.000Z', type: 'reboot', byKairn: true },
          },
        };
      },
    });
    const store = createKairnStore(client);
    await store.getState().chooseRestart({ kind: 'at', at: '2026-12-24T03:00' });
    expect(store.getState().restartActionError?.reason).toBe('restart-scheduled-by-other');
    const last = store.getState().restartLastChoice;
    expect(last).toEqual({ kind: 'at', at: '2026-12-24T03:00' });
    if (last === null || last.kind === 'now') throw new Error('no choice kept');
    await store.getState().chooseRestart({ ...last, replace: true });
    expect(client.callsOf('restart.schedule').at(-1)).toEqual({
      when: 'at',
      at: '2026-12-24T03:00',
      replace: true,
    });
    expect(store.getState().restart.data?.scheduled?.byKairn).toBe(true);
    expect(store.getState().restartActionError).toBeNull();
    others = false;
  });
});
