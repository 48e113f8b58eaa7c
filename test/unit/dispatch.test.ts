import { describe, expect, it, vi } from 'vitest';

import { METHOD_NAMES } from '../../shared/api/contract';
import { createDispatch, type Handlers } from '../../electron/core/api/dispatch';

function spyHandlers(): Handlers {
  const entries = METHOD_NAMES.map((name) => [name, vi.fn(() => Promise.reject(new Error(`${name} must not run`)))] as const);
  return Object.fromEntries(entries) as unknown as Handlers;
}

describe('dispatch validates before any handler runs', () => {
  it.each([
    ['unknown method', 'files.delete', { path: '/home/a' }, 'unknown-method'],
    ['non-string method', 42, {}, 'unknown-method'],
    ['prototype key as method', 'constructor', {}, 'unknown-method'],
    ['missing params', 'snapshots.list', {}, 'bad-params'],
    ['wrong type', 'snapshots.list', { config: 7 }, 'bad-params'],
    ['extra key', 'status.get', { verbose: true }, 'bad-params'],
    ['relative path', 'files.versions', { config: 'home', path: 'Documents/a.txt' }, 'bad-params'],
    ['NUL in path', 'files.versions', { config: 'home', path: '/home/a\0b' }, 'bad-params'],
    ['oversize path', 'files.versions', { config: 'home', path: `/${'a'.repeat(5000)}` }, 'bad-params'],
    ['oversize query', 'files.search', { config: 'home', query: 'x'.repeat(256) }, 'bad-params'],
    ['bad config name', 'snapshots.list', { config: '../etc' }, 'bad-params'],
    ['restore "to" without dest', 'restore.start', { config: 'home', snapshot: 3, paths: ['/home/a'], mode: 'to' }, 'bad-params'],
  ])('%s → invalid-input', async (_name, method, params, reason) => {
    const handlers = spyHandlers();
    const reply = await createDispatch(handlers)(method, params);
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-input', reason } });
    for (const name of METHOD_NAMES) expect(handlers[name]).not.toHaveBeenCalled();
  });

  it('runs the handler with parsed params (defaults filled) when the call is valid', async () => {
    const handlers = spyHandlers();
    const spy = vi.fn(() => Promise.resolve({ jobId: 'j1' }));
    handlers['restore.start'] = spy;
    const reply = await createDispatch(handlers)('restore.start', { config: 'home', snapshot: 3, paths: ['/home/a'] });
    expect(reply).toEqual({ ok: true, result: { jobId: 'j1' } });
    expect(spy).toHaveBeenCalledWith({ config: 'home', snapshot: 3, paths: ['/home/a'], mode: 'keep-both' }, {});
  });

  it('turns a result that breaks the contract into backend-failed', async () => {
    const handlers = spyHandlers();
    handlers['jobs.cancel'] = vi.fn(() => Promise.resolve({ cancelled: 'yes' } as unknown as { cancelled: boolean }));
    const reply = await createDispatch(handlers)('jobs.cancel', { jobId: 'j1' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'backend-failed' } });
  });
});
