import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import {
  createWsTransport,
  type ConnectionState,
  type SocketLike,
} from '../../../renderer/src/api/ws-transport';

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: { id: number; method: string; params: unknown }[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(JSON.parse(data) as { id: number; method: string; params: unknown });
  }
  close() {
    this.drop();
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  drop() {
    this.readyState = 3;
    this.onclose?.({});
  }
  reply(id: number, reply: unknown) {
    this.onmessage?.({ data: JSON.stringify({ type: 'reply', id, reply }) });
  }
}

function setup() {
  const sockets: FakeSocket[] = [];
  const states: ConnectionState[] = [];
  const transport = createWsTransport({
    url: 'ws://127.0.0.1:1/api?token=t',
    createSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    onConnectionChange: (s) => states.push(s),
    callTimeoutMs: 1_000,
    firstConnectWaitMs: 500,
  });
  return { transport, sockets, states, last: () => sockets[sockets.length - 1] as FakeSocket };
}

describe('WebSocket transport', () => {
  it('adopts a socket opened before it existed: already open, it sends at once', () => {
    const early = new FakeSocket('ws://early');
    early.readyState = 1;
    const states: ConnectionState[] = [];
    const transport = createWsTransport({
      url: 'ws://127.0.0.1:1/api',
      createSocket: () => early,
      onConnectionChange: (s) => states.push(s),
    });
    expect(transport.state()).toBe('open');
    expect(states).toEqual(['open']);
    void transport.invoke('status.get', {});
    expect(early.sent.map((f) => f.method)).toEqual(['status.get']);
    transport.close();
  });

  it('an early socket that already failed is replaced by a new one', () => {
    vi.useFakeTimers();
    try {
      const dead = new FakeSocket('ws://early');
      dead.readyState = 3;
      const made: FakeSocket[] = [];
      const transport = createWsTransport({
        url: 'ws://127.0.0.1:1/api',
        createSocket: (url) => {
          if (made.length === 0) {
            made.push(dead);
            return dead;
          }
          const next = new FakeSocket(url);
          made.push(next);
          return next;
        },
      });
      vi.advanceTimersByTime(300);
      expect(made).toHaveLength(2);
      made[1]?.open();
      expect(transport.state()).toBe('open');
      transport.close();
    } finally {
      vi.useRealTimers();
    }
  });

  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('queues calls until the first open, then matches replies by request id', async () => {
    const { transport, last, states } = setup();
    const a = transport.invoke('status.get', {});
    const b = transport.invoke('snapshots.home', {});
    expect(last().sent).toEqual([]);
    last().open();
    expect(last().sent.map((f) => f.method)).toEqual(['status.get', 'snapshots.home']);
    const [first, second] = last().sent;
    last().reply(second!.id, { ok: true, result: 'home' });
    last().reply(first!.id, { ok: true, result: 'status' });
    await expect(a).resolves.toEqual({ ok: true, result: 'status' });
    await expect(b).resolves.toEqual({ ok: true, result: 'home' });
    expect(states).toEqual(['open']);
  });

  it('fails cleanly with backend-failed when the socket is down, and reconnects with backoff', async () => {
    const { transport, sockets, last, states } = setup();
    last().open();
    const pending = transport.invoke('files.list', {});
    last().drop();
    await expect(pending).resolves.toMatchObject({
      ok: false,
      error: { code: 'backend-failed', reason: 'disconnected' },
    });
    await expect(transport.invoke('status.get', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'backend-failed' },
    });
    expect(states).toEqual(['open', 'reconnecting']);
    vi.advanceTimersByTime(250);
    expect(sockets).toHaveLength(2);
    last().drop();
    vi.advanceTimersByTime(499);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(3);
    last().open();
    expect(states.at(-1)).toBe('open');
    const again = transport.invoke('status.get', {});
    last().reply(last().sent[0]!.id, { ok: true, result: 1 });
    await expect(again).resolves.toEqual({ ok: true, result: 1 });
    transport.close();
  });

  it('ends every call: a silent core times out, and waiting for the first connection is bounded', async () => {
    const { transport, last } = setup();
    const early = transport.invoke('status.get', {});
    vi.advanceTimersByTime(500);
    await expect(early).resolves.toMatchObject({
      ok: false,
      error: { code: 'backend-failed', reason: 'disconnected' },
    });
    last().open();
    const silent = transport.invoke('status.get', {});
    vi.advanceTimersByTime(1_000);
    await expect(silent).resolves.toMatchObject({
      ok: false,
      error: { code: 'backend-failed', reason: 'timeout' },
    });
  });

  it('delivers events to subscribers and ignores frames it cannot read', () => {
    const { transport, last } = setup();
    const seen: [string, unknown][] = [];
    const off = transport.subscribe((event, payload) => seen.push([event, payload]));
    last().open();
    last().onmessage?.({ data: 'not json' });
    last().onmessage?.({
      data: JSON.stringify({
        type: 'event',
        event: 'snapshots.changed',
        payload: { config: 'home' },
      }),
    });
    off();
    last().onmessage?.({
      data: JSON.stringify({ type: 'event', event: 'snapshots.changed', payload: { config: 'x' } }),
    });
    expect(seen).toEqual([['snapshots.changed', { config: 'home' }]]);
  });

  it('offers the token sub-protocols on the first connect and on every reconnect', async () => {
    const offered: (readonly string[])[] = [];
    const sockets: FakeSocket[] = [];
    createWsTransport({
      url: 'ws://127.0.0.1:1/api',
      protocols: ['kairn.v1', 'kairn.token.t'],
      createSocket: (url, protocols) => {
        offered.push(protocols);
        const socket = new FakeSocket(url);
        sockets.push(socket);
        return socket;
      },
    });
    sockets[0]?.open();
    sockets[0]?.drop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(offered.length).toBeGreaterThanOrEqual(2);
    for (const protocols of offered) expect(protocols).toEqual(['kairn.v1', 'kairn.token.t']);
  });

  it('reads frames with the shared zod schemas: a reply that breaks them is dropped and its call ends by timeout', async () => {
    const { transport, last } = setup();
    last().open();
    const call = transport.invoke('status.get', {});
    const id = last().sent[0]!.id;
    for (const frame of [
      { type: 'reply', id, reply: { ok: 'yes', result: 1 } },
      { type: 'reply', id, reply: { ok: false, error: { code: 'weird', message: 'x' } } },
      { type: 'reply', id: String(id), reply: { ok: true, result: 1 } },
      { type: 'reply', id },
      { type: 'event', payload: {} },
      [1, 2],
    ]) {
      last().onmessage?.({ data: JSON.stringify(frame) });
    }
    vi.advanceTimersByTime(1_000);
    await expect(call).resolves.toMatchObject({
      ok: false,
      error: { code: 'backend-failed', reason: 'timeout' },
    });
  });

  it('settles a call with a well-formed error reply', async () => {
    const { transport, last } = setup();
    last().open();
    const call = transport.invoke('jobs.get', { jobId: 'j' });
    const error = { code: 'not-found', message: 'gone', reason: 'job-not-found' };
    last().reply(last().sent[0]!.id, { ok: false, error });
    await expect(call).resolves.toEqual({ ok: false, error });
  });
});
