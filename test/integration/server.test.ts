import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';

import type WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Status } from '../../shared/schemas/status';
import { MAX_FRAME_BYTES } from '../../shared/api/wire';
import { wsProtocols } from '../../shared/api/ws-auth';
import {
  assertBuilt,
  processTable,
  startServing,
  type ServingKairn,
} from './helpers/kairn-process';
import {
  call,
  closed,
  nextEvent,
  openSlowSockets,
  openSocket,
  rawHttp,
  rawRequest,
  sendRaw,
} from './helpers/ws-client';

let serving: ServingKairn | undefined;
let firstSocket: WebSocket | undefined;

/** The `kairn serve --demo` process started in beforeAll. */
function kairnServe(): ServingKairn {
  if (!serving) throw new Error('kairn serve is not running');
  return serving;
}

/** The WebSocket opened in beforeAll. */
function mainSocket(): WebSocket {
  if (!firstSocket) throw new Error('no WebSocket');
  return firstSocket;
}

function apiUrl(query = ''): string {
  return `ws://127.0.0.1:${kairnServe().port}/api${query}`;
}

function ownOrigin(): string {
  return `http://127.0.0.1:${kairnServe().port}`;
}

/** A WebSocket with the token; `origin: null` sends no Origin header (as scripts do). */
async function authedSocket(origin: string | null = ownOrigin()): Promise<WebSocket> {
  const options = origin === null ? {} : { origin };
  const socket = await openSocket(apiUrl(), options, wsProtocols(kairnServe().token));
  if ('refused' in socket) throw new Error(`refused with ${socket.refused}`);
  return socket;
}

/** Open file descriptors of the kairn process. */
async function openFds(): Promise<number> {
  return (await readdir(`/proc/${kairnServe().child.pid}/fd`)).length;
}

beforeAll(async () => {
  assertBuilt();
  serving = await startServing(['serve', '--demo', '--port', '0']);
  firstSocket = await authedSocket();
});

afterAll(async () => {
  firstSocket?.terminate();
  if (serving && serving.child.exitCode === null) {
    serving.child.kill('SIGKILL');
    await serving.exited;
  }
});

describe('kairn serve --demo', () => {
  it('prints exactly one line on stdout', () => {
    expect(kairnServe().stdoutLines).toEqual([
      kairnServe().url.replace(/^/, 'Kairn is serving at '),
    ]);
  });

  it('refuses the WebSocket without the token in its Sec-WebSocket-Protocol offer', async () => {
    expect(await openSocket(apiUrl())).toEqual({ refused: 401 });
    expect(await openSocket(apiUrl(), {}, wsProtocols('wrong-token'))).toEqual({ refused: 401 });
    // The token only counts where it is explicitly offered: not in the query, not in a cookie.
    expect(
      await openSocket(apiUrl(`?token=${kairnServe().token}`), { origin: ownOrigin() }, [
        'kairn.v1',
      ]),
    ).toEqual({ refused: 401 });
    const cookie = `kairn_token_${kairnServe().port}=${kairnServe().token}; kairn_token=${kairnServe().token}; token=${kairnServe().token}`;
    expect(
      await openSocket(apiUrl(), { origin: ownOrigin(), headers: { Cookie: cookie } }, [
        'kairn.v1',
      ]),
    ).toEqual({ refused: 401 });
  });

  it('opens the WebSocket with the token and no Origin (scripts), and answers with the API protocol', async () => {
    const socket = await authedSocket(null);
    try {
      expect(socket.protocol).toBe('kairn.v1');
      expect((await call(socket, 'snapshots.home', {})).reply.ok).toBe(true);
    } finally {
      socket.terminate();
    }
  });

  it('refuses the WebSocket from a foreign Origin, even with the token', async () => {
    for (const origin of [
      'http://evil.example',
      `http://127.0.0.1:${kairnServe().port + 1}`,
      'null',
    ]) {
      expect(
        await openSocket(apiUrl(), { origin }, wsProtocols(kairnServe().token)),
        origin,
      ).toEqual({
        refused: 403,
      });
    }
  });

  it('answers a foreign Host header with 403 (DNS rebinding)', async () => {
    const res = await rawRequest(kairnServe().port, '/', { Host: 'evil.example' });
    expect(res.status).toBe(403);
    const refused = await openSocket(
      apiUrl(),
      { headers: { Host: `evil.example:${kairnServe().port}` } },
      wsProtocols(kairnServe().token),
    );
    expect(refused).toEqual({ refused: 403 });
  });

  it('answers a request with two Host headers with 400, page and WebSocket alike', async () => {
    const host = `127.0.0.1:${kairnServe().port}`;
    expect(
      await rawHttp(
        kairnServe().port,
        `GET / HTTP/1.1\r\nHost: ${host}\r\nHost: evil.example\r\nConnection: close\r\n\r\n`,
      ),
    ).toMatch(/^HTTP\/1\.1 400 /);
    const upgrade = [
      'GET /api HTTP/1.1',
      `Host: ${host}`,
      'Host: evil.example',
      'Upgrade: websocket',
      'Connection: Upgrade',
      'Sec-WebSocket-Version: 13',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
      `Sec-WebSocket-Protocol: ${wsProtocols(kairnServe().token).join(', ')}`,
      '',
      '',
    ].join('\r\n');
    expect(await rawHttp(kairnServe().port, upgrade)).toMatch(/^HTTP\/1\.1 400 /);
  });

  it('serves the renderer without setting any cookie, and the security headers', async () => {
    for (const path of [`/?token=${kairnServe().token}`, '/']) {
      const res = await rawRequest(kairnServe().port, path, {
        Host: `127.0.0.1:${kairnServe().port}`,
      });
      expect(res.status, path).toBe(200);
      expect(res.headers['set-cookie'], path).toBeUndefined();
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.body).toMatch(/<html/i);
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    }
  });

  it('refuses other methods and paths out of the root', async () => {
    const host = { Host: `127.0.0.1:${kairnServe().port}` };
    expect((await rawRequest(kairnServe().port, '/', host, 'POST')).status).toBe(405);
    expect((await rawRequest(kairnServe().port, '/%2e%2e/%2e%2e/etc/passwd', host)).status).toBe(
      404,
    );
    expect((await rawRequest(kairnServe().port, '/..%2f..%2fetc%2fpasswd', host)).status).toBe(404);
  });

  it('keeps serving under 2 000 slow connections and closes them (connection caps, header timeout)', async () => {
    const before = await openFds();
    const slow = await openSlowSockets(kairnServe().port, 2000);
    try {
      // The caps keep descriptors bounded however many connect (no cap: one per slow socket).
      expect(await openFds()).toBeLessThan(before + 300);
      const started = Date.now();
      const page = await rawRequest(kairnServe().port, '/', {
        Host: `127.0.0.1:${kairnServe().port}`,
      });
      expect(page.status).toBe(200);
      const socket = await authedSocket();
      expect((await call(socket, 'snapshots.home', {})).reply.ok).toBe(true);
      socket.terminate();
      expect(Date.now() - started).toBeLessThan(5_000);
      // Those that were not pushed out by newer ones are closed by the header timeout.
      await slow.allClosed(20_000);
    } finally {
      slow.destroy();
    }
  });

  it('answers status.get over the WebSocket', async () => {
    const frame = await call(mainSocket(), 'status.get', {});
    expect(frame.reply.ok).toBe(true);
    const status = Status.parse(frame.reply.ok ? frame.reply.result : null);
    expect(status).toMatchObject({
      family: 'suse-transactional',
      familyLabel: 'openSUSE Kalpa',
      demo: true,
    });
    expect(status.home.config).not.toBeNull();
  });

  it('answers an unknown method, malformed params and malformed JSON with invalid-input', async () => {
    expect((await call(mainSocket(), 'files.delete', {})).reply).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', reason: 'unknown-method' },
    });
    expect((await call(mainSocket(), 'snapshots.list', { config: 42 })).reply).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
    expect((await sendRaw(mainSocket(), '{"type":"call","id":', 0)).reply).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
    expect(
      (await sendRaw(mainSocket(), JSON.stringify({ type: 'call', id: 77 }), 77)).reply,
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
    // Still serving afterwards.
    expect((await call(mainSocket(), 'snapshots.home', {})).reply.ok).toBe(true);
  });

  it('says which part is missing when no file manager is on the session bus', async () => {
    const status = await call(mainSocket(), 'status.get', {});
    const home = status.reply.ok ? Status.parse(status.reply.result).home.path : '/';
    expect((await call(mainSocket(), 'files.showInFolder', { path: home })).reply).toMatchObject({
      ok: false,
      error: { code: 'service-missing', reason: 'file-manager-missing' },
    });
  });

  it('pushes core events to every client', async () => {
    const other = await authedSocket();
    try {
      const status = await call(mainSocket(), 'status.get', {});
      const config = status.reply.ok ? Status.parse(status.reply.result).home.config : null;
      const started = await call(mainSocket(), 'files.search', { config, query: 'a' });
      expect(started.reply.ok).toBe(true);
      const jobId = started.reply.ok ? (started.reply.result as { jobId: string }).jobId : '';
      const finished = (frame: { event: string; payload: unknown }): boolean =>
        frame.event === 'job.finished' && (frame.payload as { jobId: string }).jobId === jobId;
      const [a, b] = await Promise.all([
        nextEvent(mainSocket(), finished),
        nextEvent(other, finished),
      ]);
      expect(a.payload).toMatchObject({ jobId, state: 'done' });
      expect(b.payload).toEqual(a.payload);
    } finally {
      other.terminate();
    }
  });

  it('closes the connection on a frame over the size limit', async () => {
    const big = await authedSocket();
    const code = closed(big);
    big.send(
      JSON.stringify({
        type: 'call',
        id: 1,
        method: 'status.get',
        params: { pad: 'x'.repeat(MAX_FRAME_BYTES) },
      }),
    );
    expect(await code).toBe(1009);
  });

  it('leaves no bus, simulator or temp dir behind after SIGTERM', async () => {
    await call(mainSocket(), 'status.get', {}); // snapper and logind simulators are running now
    const table = await processTable();
    const buses = table.filter(
      (p) => p.ppid === kairnServe().child.pid && p.cmdline.includes('dbus-daemon'),
    );
    expect(buses).toHaveLength(2);
    const groups = buses.map((b) => b.pgid);
    const family = table.filter((p) => groups.includes(p.pgid) && !p.zombie);
    expect(family.filter((p) => p.cmdline.includes('simulator.js')).map((p) => p.cmdline)).toEqual(
      expect.arrayContaining([
        expect.stringContaining(' snapper '),
        expect.stringContaining(' logind '),
      ]),
    );
    const tempDir = /--config-file=(\/\S+?)\/system-bus\//.exec(
      buses.map((b) => b.cmdline).join(' '),
    )?.[1];
    expect(tempDir).toBeDefined();
    mainSocket().terminate();
    kairnServe().child.kill('SIGTERM');
    expect(await kairnServe().exited).toBe(0);
    const left = (await processTable()).filter(
      (p) => !p.zombie && family.some((f) => f.pid === p.pid),
    );
    expect(left).toEqual([]);
    expect(existsSync(tempDir!)).toBe(false);
  });
});
