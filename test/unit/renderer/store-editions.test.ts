import { describe, expect, it } from 'vitest';

import { createKairnStore } from '../../../renderer/src/store';
import type { Edition, EditionsInfo } from '../../../shared/schemas/editions';
import { callError, fakeClient, settle } from './fake-client';

const edition = (id: string, extra: Partial<Edition> = {}): Edition => ({
  id,
  name: id,
  kind: 'channel',
  cadence: 'weekly',
  risk: 'low',
  major: false,
  advanced: false,
  inUse: id === 'stable',
  usedAtNextStart: false,
  canSwitch: id !== 'stable',
  technical: `registry:${id}`,
  ...extra,
});

function infoWith(next: string): EditionsInfo {
  return {
    family: 'ostree',
    system: 'Aurora',
    switching: { available: true, reason: null, detail: null },
    current: edition('stable'),
    nextStart: edition(next, { usedAtNextStart: true }),
    available: [edition('stable'), edition('latest')],
    notPublished: [],
    switchBack: next === 'stable' ? null : 'stable',
    technical: {},
  };
}

describe('editions slice', () => {
  it('switches as a job, follows the download, reads the editions and the status again at the end', async () => {
    let next = 'stable';
    const client = fakeClient({
      'editions.get': () => infoWith(next),
      'editions.switch': () => ({ jobId: 's1' }),
      'status.get': () => Promise.reject(callError('backend-failed')),
    });
    const store = createKairnStore(client);
    await store.getState().loadEditions();
    await store.getState().switchEdition('latest');
    expect(client.callsOf('editions.switch')).toEqual([{ id: 'latest' }]);
    expect(store.getState().switchJob).toMatchObject({
      to: 'latest',
      back: false,
      state: 'running',
    });
    client.emit('job.progress', {
      jobId: 's1',
      kind: 'switch',
      done: 40,
      total: 100,
      bytesDone: 5_000_000,
      bytesTotal: null,
      current: 'Fetching layers: 26/65',
    });
    expect(store.getState().switchJob?.progress?.bytesDone).toBe(5_000_000);
    next = 'latest';
    client.emit('job.finished', {
      jobId: 's1',
      kind: 'switch',
      state: 'done',
      result: { from: 'stable', to: 'latest', restartNeeded: true },
      error: null,
    });
    await settle();
    expect(store.getState().switchJob?.result?.restartNeeded).toBe(true);
    expect(store.getState().editions.data?.switchBack).toBe('stable');
    expect(client.callsOf('status.get').length).toBeGreaterThan(0);
  });

  it('a refused switch lands in switchStart; Cancel asks the core to cancel the running job', async () => {
    const client = fakeClient({
      'editions.switch': () => Promise.reject(callError('busy', 'edition-system-busy')),
      'jobs.cancel': () => ({ cancelled: true }),
    });
    const store = createKairnStore(client);
    await store.getState().switchEdition('latest');
    expect(store.getState().switchStart.error).toMatchObject({
      code: 'busy',
      reason: 'edition-system-busy',
    });
    expect(store.getState().switchJob).toBeNull();
    store.getState().dismissSwitch();
    expect(store.getState().switchStart.status).toBe('idle');

    const running = fakeClient({
      'editions.switch': () => ({ jobId: 's2' }),
      'jobs.cancel': () => ({ cancelled: true }),
    });
    const other = createKairnStore(running);
    await other.getState().switchEdition('latest');
    await other.getState().cancelSwitch();
    expect(running.callsOf('jobs.cancel')).toEqual([{ jobId: 's2' }]);
    // While it runs a second switch is not started.
    await other.getState().switchEdition('stable');
    expect(running.callsOf('editions.switch')).toEqual([{ id: 'latest' }]);
  });
});
