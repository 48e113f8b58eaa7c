import { existsSync } from 'node:fs';

import type WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Status } from '../../shared/schemas/status';
import { MAX_FRAME_BYTES } from '../../shared/api/wire';
import { assertBuilt, processTable, startServing, type ServingKairn } from './helpers/kairn-process';
import { call, closed, nextEvent, openSocket, rawRequest, sendRaw } from './helpers/ws-client';

let kairn: ServingKairn;
let ws: WebSocket;

function apiUrl(token?: string): string {
  return `ws://127.0.0.1:${kairn.port}/api${token === undefined ? '' : `?token=${token}`}`;
}

async function authedSocket(): Promise<WebSocket> {
  const socket = await openSocket(apiUrl(kairn.token), { origin: `http://127.0.0.1:${kairn.port}` });
  if ('refused' in socket) throw new Error(`refused with ${socket.refused}`);
  return socket;
}

beforeAll(async () => {
  assertBuilt();
  kairn = await startServing(['serve', '--demo', '--port', '0']);
  ws = await authedSocket();
});

afterAll(async () => {
  ws?.terminate();
  if (kairn && kairn.child.exitCode === null) {
    kairn.child.kill('SIGKILL');
    await kairn.exited;
  }
});

describe('kairn serve --demo', () => {
  it('prints exactly one line on stdout', () => {
    expect(kairn.stdoutLines).toEqual([kairn.url.replace(/^/, 'Kairn is serving at ')]);
  });

  it('refuses the WebSocket without the right token', async () => {
    expect(await openSocket(apiUrl())).toEqual({ refused: 401 });
    expect(await openSocket(apiUrl('wrong-token'))).toEqual({ refused: 401 });
  });

  it('refuses the WebSocket from a foreign Origin', async () => {
    expect(await openSocket(apiUrl(kairn.token), { origin: 'http://evil.example' })).toEqual({ refused: 403 });
    expect(await openSocket(apiUrl(kairn.token), { origin: `http://127.0.0.1:${kairn.port + 1}` })).toEqual({ refused: 403 });
  });

  it('answers a foreign Host header with 403 (DNS rebinding)', async () => {
    const res = await rawRequest(kairn.port, `/?token=${kairn.token}`, { Host: 'evil.example' });
    expect(res.status).toBe(403);
    const ws404 = await openSocket(apiUrl(kairn.token), { headers: { Host: `evil.example:${kairn.port}` } });
    expect(ws404).toEqual({ refused: 403 });
  });

  it('serves the renderer with the token, and the security headers', async () => {
    const res = await rawRequest(kairn.port, `/?token=${kairn.token}`, { Host: `127.0.0.1:${kairn.port}` });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toMatch(/<html/i);
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toContain(`kairn_token_${kairn.port}=${kairn.token}`);
    // The cookie alone lets the page reload without ?token=.
    const again = await rawRequest(kairn.port, '/', { Host: `localhost:${kairn.port}`, Cookie: cookie.split(';')[0]! });
    expect(again.status).toBe(200);
  });

  it('refuses HTTP without the token, other methods, and paths out of the root', async () => {
    const host = { Host: `127.0.0.1:${kairn.port}` };
    expect((await rawRequest(kairn.port, '/', host)).status).toBe(401);
    expect((await rawRequest(kairn.port, `/?token=${kairn.token}`, host, 'POST')).status).toBe(405);
    expect((await rawRequest(kairn.port, `/%2e%2e/%2e%2e/etc/passwd?token=${kairn.token}`, host)).status).toBe(404);
    expect((await rawRequest(kairn.port, `/..%2f..%2fetc%2fpasswd?token=${kairn.token}`, host)).status).toBe(404);
  });

  it('answers status.get over the WebSocket', async () => {
    const frame = await call(ws, 'status.get', {});
    expect(frame.reply.ok).toBe(true);
    const status = Status.parse(frame.reply.ok ? frame.reply.result : null);
    expect(status).toMatchObject({ family: 'suse-transactional', familyLabel: 'openSUSE Kalpa', demo: true });
    expect(status.home.config).not.toBeNull();
  });

  it('answers an unknown method, malformed params and malformed JSON with invalid-input', async () => {
    expect((await call(ws, 'files.delete', {})).reply).toMatchObject({ ok: false, error: { code: 'invalid-input', reason: 'unknown-method' } });
    expect((await call(ws, 'snapshots.list', { config: 42 })).reply).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect((await sendRaw(ws, '{"type":"call","id":', 0)).reply).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect((await sendRaw(ws, JSON.stringify({ type: 'call', id: 77 }), 77)).reply).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    // Still serving afterwards.
    expect((await call(ws, 'snapshots.home', {})).reply.ok).toBe(true);
  });

  it('says which part is missing when no file manager is on the session bus', async () => {
    const status = await call(ws, 'status.get', {});
    const home = status.reply.ok ? Status.parse(status.reply.result).home.path : '/';
    expect((await call(ws, 'files.showInFolder', { path: home })).reply).toMatchObject({
      ok: false,
      error: { code: 'service-missing', reason: 'file-manager-missing' },
    });
  });

  it('pushes core events to every client', async () => {
    const other = await authedSocket();
    try {
      const status = await call(ws, 'status.get', {});
      const config = status.reply.ok ? Status.parse(status.reply.result).home.config : null;
      const started = await call(ws, 'files.search', { config, query: 'a' });
      expect(started.reply.ok).toBe(true);
      const jobId = started.reply.ok ? (started.reply.result as { jobId: string }).jobId : '';
      const finished = (frame: { event: string; payload: unknown }): boolean =>
        frame.event === 'job.finished' && (frame.payload as { jobId: string }).jobId === jobId;
      const [a, b] = await Promise.all([nextEvent(ws, finished), nextEvent(other, finished)]);
      expect(a.payload).toMatchObject({ jobId, state: 'done' });
      expect(b.payload).toEqual(a.payload);
    } finally {
      other.terminate();
    }
  });

  it('closes the connection on a frame over the size limit', async () => {
    const big = await authedSocket();
    const code = closed(big);
    big.send(JSON.stringify({ type: 'call', id: 1, method: 'status.get', params: { pad: 'x'.repeat(MAX_FRAME_BYTES) } }));
    expect(await code).toBe(1009);
  });

  it('leaves no bus, simulator or temp dir behind after SIGTERM', async () => {
    await call(ws, 'status.get', {}); // snapper and logind simulators are running now
    const table = await processTable();
    const buses = table.filter((p) => p.ppid === kairn.child.pid && p.cmdline.includes('dbus-daemon'));
    expect(buses).toHaveLength(2);
    const groups = buses.map((b) => b.pgid);
    const family = table.filter((p) => groups.includes(p.pgid) && !p.zombie);
    expect(family.filter((p) => p.cmdline.includes('simulator.js')).map((p) => p.cmdline)).toEqual(
      expect.arrayContaining([expect.stringContaining(' snapper '), expect.stringContaining(' logind ')]),
    );
    const tempDir = /--config-file=(\/\S+?)\/system-bus\//.exec(buses.map((b) => b.cmdline).join(' '))?.[1];
    expect(tempDir).toBeDefined();
    ws.terminate();
    kairn.child.kill('SIGTERM');
    expect(await kairn.exited).toBe(0);
    const left = (await processTable()).filter((p) => !p.zombie && family.some((f) => f.pid === p.pid));
    expect(left).toEqual([]);
    expect(existsSync(tempDir!)).toBe(false);
  });
});
