import {
  parseJson,
  ServerFrame,
  type Envelope,
  type RequestFrame,
  type Transport,
} from '../../../shared/api/wire';
import { transportFailure } from './failure';

/** 'connecting' until the first open; 'reconnecting' after a drop. */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting';

/** The part of the browser WebSocket the transport uses (a fake in tests). */
export interface SocketLike {
  readonly readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  send(data: string): void;
  close(): void;
}

export interface WsTransportOptions {
  url: string;
  /** Sub-protocols offered on every (re)connect; they carry the access token (shared/api/ws-auth). */
  protocols?: readonly string[];
  createSocket?: (url: string, protocols: readonly string[]) => SocketLike;
  onConnectionChange?: (state: ConnectionState) => void;
  /** Every call ends: the reply, this timeout, or the socket dropping. */
  callTimeoutMs?: number;
  /** How long calls made before the very first connection may wait for it. */
  firstConnectWaitMs?: number;
  maxBackoffMs?: number;
}

export interface WsTransport extends Transport {
  state(): ConnectionState;
  close(): void;
}

interface Pending {
  method: string;
  resolve: (reply: Envelope<unknown>) => void;
  timer: ReturnType<typeof setTimeout>;
}

const OPEN = 1;
const CLOSED = 3;

/** Transport over the browser host's WebSocket: request ids, reconnect with backoff, clean failures. */
class SocketTransport implements WsTransport {
  private readonly listeners = new Set<(event: string, payload: unknown) => void>();
  private readonly pending = new Map<number, Pending>();
  private queued: RequestFrame[] = [];
  private socket: SocketLike | null = null;
  private current: ConnectionState = 'connecting';
  private attempt = 0;
  private nextId = 1;
  private stopped = false;
  private retry: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly options: WsTransportOptions) {
    this.connect();
  }

  invoke(method: string, params: unknown): Promise<Envelope<unknown>> {
    if (this.stopped) return Promise.resolve(transportFailure('disconnected', 'transport closed'));
    const isOpen = this.isOpen();
    if (!isOpen && this.current === 'reconnecting') {
      return Promise.resolve(transportFailure('disconnected', 'connection is down; reconnecting'));
    }
    return new Promise((resolve) => {
      const id = this.nextId++;
      const frame: RequestFrame = { type: 'call', id, method, params };
      const wait = isOpen ? this.callTimeoutMs() : (this.options.firstConnectWaitMs ?? 15_000);
      this.pending.set(id, { method, resolve, timer: this.arm(id, method, wait) });
      if (isOpen) this.send(frame);
      else this.queued.push(frame);
    });
  }

  subscribe(listener: (event: string, payload: unknown) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  state(): ConnectionState {
    return this.current;
  }

  close(): void {
    this.stopped = true;
    if (this.retry !== null) clearTimeout(this.retry);
    for (const id of [...this.pending.keys()])
      this.settle(id, transportFailure('disconnected', 'transport closed'));
    this.queued = [];
    this.socket?.close();
    this.socket = null;
  }

  private callTimeoutMs(): number {
    return this.options.callTimeoutMs ?? 180_000;
  }

  private isOpen(): boolean {
    return this.socket !== null && this.socket.readyState === OPEN && this.current === 'open';
  }

  private arm(id: number, method: string, ms: number): ReturnType<typeof setTimeout> {
    return setTimeout(() => {
      this.queued = this.queued.filter((frame) => frame.id !== id);
      const reason = this.current === 'open' ? 'timeout' : 'disconnected';
      this.settle(id, transportFailure(reason, `no answer to ${method} within ${ms} ms`));
    }, ms);
  }

  private setState(next: ConnectionState): void {
    if (this.current === next) return;
    this.current = next;
    this.options.onConnectionChange?.(next);
  }

  private settle(id: number, reply: Envelope<unknown>): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.pending.delete(id);
    clearTimeout(entry.timer);
    entry.resolve(reply);
  }

  private send(frame: RequestFrame): void {
    try {
      this.socket?.send(JSON.stringify(frame));
    } catch (err) {
      this.settle(frame.id, transportFailure('disconnected', String(err)));
    }
  }

  private onFrame(raw: unknown): void {
    if (typeof raw !== 'string') return;
    // A frame we cannot read is dropped; its call still ends by its timeout.
    const parsed = ServerFrame.safeParse(parseJson(raw));
    if (!parsed.success) return;
    const frame = parsed.data;
    if (frame.type === 'reply') this.settle(frame.id, frame.reply);
    else for (const listener of [...this.listeners]) listener(frame.event, frame.payload);
  }

  private onOpen(): void {
    this.attempt = 0;
    this.setState('open');
    const waiting = this.queued;
    this.queued = [];
    for (const frame of waiting) {
      const entry = this.pending.get(frame.id);
      if (!entry) continue;
      // The wait for the first connection is over; the call now gets the normal time to answer.
      clearTimeout(entry.timer);
      entry.timer = this.arm(frame.id, entry.method, this.callTimeoutMs());
      this.send(frame);
    }
  }

  private onClose(ws: SocketLike): void {
    if (this.socket !== ws) return;
    this.socket = null;
    if (this.current === 'open') this.setState('reconnecting');
    const queuedIds = new Set(this.queued.map((frame) => frame.id));
    for (const id of [...this.pending.keys()]) {
      if (!queuedIds.has(id))
        this.settle(id, transportFailure('disconnected', 'connection closed'));
    }
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.retry !== null) return;
    const delay = Math.min(this.options.maxBackoffMs ?? 10_000, 250 * 2 ** this.attempt);
    this.attempt += 1;
    this.retry = setTimeout(() => {
      this.retry = null;
      this.connect();
    }, delay);
  }

  private connect(): void {
    if (this.stopped) return;
    const create =
      this.options.createSocket ??
      ((url: string, protocols: readonly string[]) =>
        new WebSocket(url, [...protocols]) as unknown as SocketLike);
    let ws: SocketLike;
    try {
      ws = create(this.options.url, this.options.protocols ?? []);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = ws;
    ws.onopen = () => this.onOpen();
    ws.onmessage = (ev) => this.onFrame(ev.data);
    ws.onerror = () => {}; // A close event always follows; that is where we act.
    ws.onclose = () => this.onClose(ws);
    // A socket opened before the transport existed may already be open, or already closed.
    if (ws.readyState === OPEN) this.onOpen();
    else if (ws.readyState === CLOSED) this.onClose(ws);
  }
}

/** Transport over the browser host's WebSocket: request ids, reconnect with backoff, clean failures. */
export function createWsTransport(options: WsTransportOptions): WsTransport {
  return new SocketTransport(options);
}
