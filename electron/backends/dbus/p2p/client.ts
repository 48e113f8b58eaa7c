import { connect, type Socket } from 'node:net';

import type { DBusValue } from './codec';
import {
  decodeMessage,
  encodeMessage,
  ERROR,
  Framer,
  METHOD_CALL,
  METHOD_RETURN,
  SIGNAL,
  type Message,
} from './message';

/** An error reply on the peer connection: the D-Bus error name and its text (as dbus-next's DBusError). */
export class PeerCallError extends Error {
  constructor(
    readonly type: string,
    readonly text: string,
  ) {
    super(`${type}: ${text}`);
  }
}

/** The connection ended (peer gone, socket closed) before the answer came. */
export class PeerClosedError extends Error {}

export interface PeerSignal {
  path: string;
  interface: string;
  member: string;
  body: DBusValue[];
}

interface Pending {
  resolve: (body: DBusValue[]) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

/** `unix:path=/x` or `unix:abstract=x` → what net.connect takes; other transports are refused. */
export function socketPathOf(address: string): string {
  const first = address.split(';')[0] ?? '';
  const match = /^unix:(.*)$/.exec(first);
  if (match) {
    for (const part of (match[1] ?? '').split(',')) {
      const [key, value = ''] = part.split('=');
      const decoded = decodeURIComponent(value);
      if (key === 'path' && decoded !== '') return decoded;
      if (key === 'abstract' && decoded !== '') return `\0${decoded}`;
    }
  }
  throw new PeerClosedError(`unsupported D-Bus address "${address}"`);
}

/**
 * A minimal peer-to-peer D-Bus client (EXTERNAL auth, no bus daemon): never sends Hello or
 * AddMatch, so GDBus' private transaction sockets (rpm-ostree) cannot trip it up the way they
 * trip dbus-next. Every failure arrives as a rejected call or the `onClose` reason; nothing throws
 * out of an event handler.
 */
export class PeerClient {
  private serial = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly signalListeners = new Set<(s: PeerSignal) => void>();
  private readonly closeListeners = new Set<(reason: string) => void>();
  private closedReason: string | null = null;

  private constructor(private readonly socket: Socket) {}

  /** Connects and authenticates; rejects (PeerClosedError) within `timeoutMs`. */
  static open(address: string, timeoutMs = 5000): Promise<PeerClient> {
    let path: string;
    try {
      path = socketPathOf(address);
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new PeerClosedError(String(err)));
    }
    return new Promise((resolve, reject) => {
      const socket = connect(path);
      let buffer = Buffer.alloc(0);
      let settled = false;
      const fail = (why: string): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.destroy();
        reject(new PeerClosedError(why));
      };
      const timer = setTimeout(
        () => fail(`no answer from ${address} in ${timeoutMs} ms`),
        timeoutMs,
      );
      socket.once('error', (err) => fail(`cannot connect to ${address}: ${err.message}`));
      socket.once('close', () => fail(`${address} closed the connection while authenticating`));
      socket.once('connect', () => {
        const uid = String(process.getuid?.() ?? 0);
        socket.write(
          Buffer.concat([
            Buffer.from([0]),
            Buffer.from(`AUTH EXTERNAL ${Buffer.from(uid).toString('hex')}\r\n`),
          ]),
        );
      });
      const onData = (chunk: Buffer): void => {
        buffer = Buffer.concat([buffer, chunk]);
        const end = buffer.indexOf('\r\n');
        if (end < 0) {
          if (buffer.length > 4096) fail('authentication answer too long');
          return;
        }
        const line = buffer.subarray(0, end).toString('latin1');
        const rest = buffer.subarray(end + 2);
        if (!line.startsWith('OK ')) {
          fail(`authentication refused: ${line}`);
          return;
        }
        settled = true;
        clearTimeout(timer);
        socket.off('data', onData);
        socket.removeAllListeners('error');
        socket.removeAllListeners('close');
        socket.write('BEGIN\r\n');
        const client = new PeerClient(socket);
        client.attach(rest);
        resolve(client);
      };
      socket.on('data', onData);
    });
  }

  get closed(): boolean {
    return this.closedReason !== null;
  }

  onSignal(listener: (s: PeerSignal) => void): () => void {
    this.signalListeners.add(listener);
    return () => this.signalListeners.delete(listener);
  }

  /** Called once when the connection ends (at once if it already has). */
  onClose(listener: (reason: string) => void): () => void {
    if (this.closedReason !== null) {
      const reason = this.closedReason;
      queueMicrotask(() => listener(reason));
      return () => undefined;
    }
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  /** A method call on the peer (no destination: there is no bus to route it). */
  call(
    path: string,
    iface: string,
    member: string,
    signature = '',
    body: DBusValue[] = [],
    timeoutMs = 25_000,
  ): Promise<DBusValue[]> {
    if (this.closedReason !== null) return Promise.reject(new PeerClosedError(this.closedReason));
    const serial = this.serial++;
    let bytes: Buffer;
    try {
      bytes = encodeMessage({
        type: METHOD_CALL,
        flags: 0,
        serial,
        path,
        interface: iface,
        member,
        signature,
        body,
      });
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(serial);
        reject(
          new PeerCallError(
            'org.freedesktop.DBus.Error.NoReply',
            `${iface}.${member} timed out after ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      this.pending.set(serial, { resolve, reject, timer });
      this.socket.write(bytes);
    });
  }

  close(): void {
    this.end('closed by Kairn');
    this.socket.destroy();
  }

  private attach(rest: Buffer): void {
    const framer = new Framer();
    const feed = (chunk: Buffer): void => {
      let frames: Buffer[];
      try {
        frames = framer.push(chunk);
        for (const frame of frames) this.dispatch(decodeMessage(frame));
      } catch (err) {
        this.end(`bad data from the peer: ${err instanceof Error ? err.message : String(err)}`);
        this.socket.destroy();
      }
    };
    this.socket.on('data', feed);
    this.socket.on('error', (err) => this.end(err.message));
    this.socket.on('close', () => this.end('the peer closed the connection'));
    if (rest.length > 0) feed(rest);
  }

  private dispatch(message: Message): void {
    if (message.type === SIGNAL) {
      const signal: PeerSignal = {
        path: message.path ?? '',
        interface: message.interface ?? '',
        member: message.member ?? '',
        body: message.body,
      };
      for (const listener of [...this.signalListeners]) listener(signal);
      return;
    }
    if (message.type !== METHOD_RETURN && message.type !== ERROR) return;
    const pending =
      message.replySerial === undefined ? undefined : this.pending.get(message.replySerial);
    if (!pending || message.replySerial === undefined) return;
    this.pending.delete(message.replySerial);
    clearTimeout(pending.timer);
    if (message.type === METHOD_RETURN) pending.resolve(message.body);
    else {
      const text = typeof message.body[0] === 'string' ? message.body[0] : '';
      pending.reject(
        new PeerCallError(message.errorName ?? 'org.freedesktop.DBus.Error.Failed', text),
      );
    }
  }

  private end(reason: string): void {
    if (this.closedReason !== null) return;
    this.closedReason = reason;
    for (const [serial, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(new PeerClosedError(reason));
      this.pending.delete(serial);
    }
    for (const listener of [...this.closeListeners]) listener(reason);
    this.closeListeners.clear();
  }
}
