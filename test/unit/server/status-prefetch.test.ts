import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Dispatch } from '../../../electron/core/api/dispatch';
import { IMMUTABLE_CACHE, serveStatic } from '../../../electron/server/static-files';
import { PREFETCH_FRESH_MS, prefetchStatus } from '../../../electron/server/status-prefetch';
import { makeTempDir } from '../../harness/tmp';

/** A dispatch that numbers its answers, so a test can tell which call answered. */
function counting() {
  const calls: { method: unknown; params: unknown }[] = [];
  const dispatch: Dispatch = (method, params) => {
    calls.push({ method, params });
    return Promise.resolve({ ok: true, result: { answer: calls.length } });
  };
  return { calls, dispatch };
}

describe('the status asked when the page is requested', () => {
  it('goes to the next plain status.get, once', async () => {
    let clock = 0;
    const core = counting();
    const host = prefetchStatus(core.dispatch, () => clock);
    host.pageRequested();
    expect(core.calls).toEqual([{ method: 'status.get', params: {} }]);
    clock = 300;
    expect(await host.dispatch('status.get', {})).toEqual({ ok: true, result: { answer: 1 } });
    // Taken: the next caller gets a fresh answer.
    expect(await host.dispatch('status.get', {})).toEqual({ ok: true, result: { answer: 2 } });
  });

  it('one held at a time: page requests do not pile up work', () => {
    let clock = 0;
    const core = counting();
    const host = prefetchStatus(core.dispatch, () => clock);
    for (let i = 0; i < 50; i += 1) host.pageRequested();
    expect(core.calls).toHaveLength(1);
    clock = PREFETCH_FRESH_MS + 1;
    host.pageRequested();
    expect(core.calls).toHaveLength(2);
  });

  it('a stale answer is dropped, and other calls pass straight through', async () => {
    let clock = 0;
    const core = counting();
    const host = prefetchStatus(core.dispatch, () => clock);
    host.pageRequested();
    expect(await host.dispatch('checks.run', {})).toEqual({ ok: true, result: { answer: 2 } });
    expect(await host.dispatch('status.get', { extra: 1 })).toEqual({
      ok: true,
      result: { answer: 3 },
    });
    clock = PREFETCH_FRESH_MS + 1;
    expect(await host.dispatch('status.get', {})).toEqual({ ok: true, result: { answer: 4 } });
  });
});

describe('caching of the built renderer', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let origin = '';
  let close = (): Promise<void> => Promise.resolve();
  beforeAll(async () => {
    tmp = await makeTempDir('kairn-static-');
    await mkdir(join(tmp.path, 'assets'));
    await writeFile(join(tmp.path, 'index.html'), '<!doctype html><title>k</title>');
    await writeFile(join(tmp.path, 'assets', 'start-AbC123.js'), 'export {};');
    await writeFile(join(tmp.path, 'favicon.svg'), '<svg/>');
    const server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      void serveStatic(req, res, tmp.path, path, {});
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    origin = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
    close = () => new Promise((ok) => server.close(() => ok()));
  });
  afterAll(async () => {
    await close();
    await tmp.remove();
  });

  it.each([
    ['/', 'no-store'],
    ['/assets/start-AbC123.js', IMMUTABLE_CACHE],
    ['/favicon.svg', 'no-cache'],
  ])('%s is sent with Cache-Control %s', async (path, expected) => {
    const res = await fetch(`${origin}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe(expected);
  });
});
