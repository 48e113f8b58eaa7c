import { randomBytes } from 'node:crypto';
import { chmod, readFile, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';

import { CodecError, Variant, type DBusValue } from '../../../backends/dbus/p2p/codec';
import {
  decodeMessage,
  encodeMessage,
  ERROR,
  Framer,
  METHOD_CALL,
  METHOD_RETURN,
  NO_REPLY_EXPECTED,
  SIGNAL,
  type Message,
} from '../../../backends/dbus/p2p/message';
import { SaslServer } from './sasl';

/** sockaddr_un.sun_path holds 108 bytes, the last one the terminating NUL. */
const MAX_SOCKET_PATH = 107;

export interface ArgSpec {
  name: string;
  type: string;
}

/** One interface as introspection describes it. */
export interface InterfaceSpec {
  name: string;
  methods: { name: string; in: ArgSpec[]; out: ArgSpec[] }[];
  signals: { name: string; args: ArgSpec[] }[];
  properties: { name: string; type: string }[];
}

/** A D-Bus error reply: `name` is the error name, `message` its text. */
export class DBusFault extends Error {
  constructor(
    readonly errorName: string,
    message: string,
  ) {
    super(message);
  }
}

export interface CallResult {
  out: DBusValue[];
  /** Runs once the reply has been written (e.g. Start re-sending Finished to this peer only). */
  after?: () => void;
}

/** The one object a peer server exports at path `/`. */
export interface PeerObject {
  readonly spec: InterfaceSpec;
  property(name: string): DBusValue;
  call(peer: PeerConnection, member: string, args: DBusValue[]): Promise<CallResult>;
}

const UNKNOWN_METHOD = 'org.freedesktop.DBus.Error.UnknownMethod';
const INVALID_ARGS = 'org.freedesktop.DBus.Error.InvalidArgs';
const FAILED = 'org.freedesktop.DBus.Error.Failed';
const OBJECT_PATH = '/';

const STANDARD: InterfaceSpec[] = [
  {
    name: 'org.freedesktop.DBus.Properties',
    methods: [
      {
        name: 'Get',
        in: [
          { name: 'interface_name', type: 's' },
          { name: 'property_name', type: 's' },
        ],
        out: [{ name: 'value', type: 'v' }],
      },
      {
        name: 'GetAll',
        in: [{ name: 'interface_name', type: 's' }],
        out: [{ name: 'properties', type: 'a{sv}' }],
      },
      {
        name: 'Set',
        in: [
          { name: 'interface_name', type: 's' },
          { name: 'property_name', type: 's' },
          { name: 'value', type: 'v' },
        ],
        out: [],
      },
    ],
    signals: [
      {
        name: 'PropertiesChanged',
        args: [
          { name: 'interface_name', type: 's' },
          { name: 'changed_properties', type: 'a{sv}' },
          { name: 'invalidated_properties', type: 'as' },
        ],
      },
    ],
    properties: [],
  },
  {
    name: 'org.freedesktop.DBus.Introspectable',
    methods: [{ name: 'Introspect', in: [], out: [{ name: 'xml_data', type: 's' }] }],
    signals: [],
    properties: [],
  },
  {
    name: 'org.freedesktop.DBus.Peer',
    methods: [
      { name: 'Ping', in: [], out: [] },
      { name: 'GetMachineId', in: [], out: [{ name: 'machine_uuid', type: 's' }] },
    ],
    signals: [],
    properties: [],
  },
];

const DOCTYPE =
  '<!DOCTYPE node PUBLIC "-//freedesktop//DTD D-BUS Object Introspection 1.0//EN"\n' +
  '                      "http://www.freedesktop.org/standards/dbus/1.0/introspect.dtd">\n';

function interfaceXml(spec: InterfaceSpec): string {
  const arg = (a: ArgSpec, direction?: string): string =>
    `      <arg type="${a.type}" name="${a.name}"${direction ? ` direction="${direction}"` : ''}/>\n`;
  let xml = `  <interface name="${spec.name}">\n`;
  for (const m of spec.methods) {
    const args = [...m.in.map((a) => arg(a, 'in')), ...m.out.map((a) => arg(a, 'out'))];
    xml += args.length
      ? `    <method name="${m.name}">\n${args.join('')}    </method>\n`
      : `    <method name="${m.name}"/>\n`;
  }
  for (const s of spec.signals) {
    xml += s.args.length
      ? `    <signal name="${s.name}">\n${s.args.map((a) => arg(a)).join('')}    </signal>\n`
      : `    <signal name="${s.name}"/>\n`;
  }
  for (const p of spec.properties)
    xml += `    <property type="${p.type}" name="${p.name}" access="read"/>\n`;
  return `${xml}  </interface>\n`;
}

/** Introspection data in GDBus's layout: the standard interfaces, then the object's own. */
export function introspectionXml(path: string, spec: InterfaceSpec): string {
  if (path !== OBJECT_PATH) return `${DOCTYPE}<node>\n</node>\n`;
  return `${DOCTYPE}<node>\n${[...STANDARD, spec].map(interfaceXml).join('')}</node>\n`;
}

function inSignature(spec: InterfaceSpec, member: string): string | undefined {
  const method = spec.methods.find((m) => m.name === member);
  return method?.in.map((a) => a.type).join('');
}

function outSignature(spec: InterfaceSpec, member: string): string {
  return (
    spec.methods
      .find((m) => m.name === member)
      ?.out.map((a) => a.type)
      .join('') ?? ''
  );
}

function typeMismatch(got: string, expected: string): DBusFault {
  return new DBusFault(
    INVALID_ARGS,
    `Type of message, “(${got})”, does not match expected type “(${expected})”`,
  );
}

/** One authenticated peer of the server. */
export class PeerConnection {
  private serial = 0;
  private closed = false;
  readonly closedPromise: Promise<void>;
  private markClosed!: () => void;

  constructor(
    private readonly socket: Socket,
    readonly uid: number,
  ) {
    this.closedPromise = new Promise((resolve) => (this.markClosed = resolve));
  }

  get isClosed(): boolean {
    return this.closed;
  }

  send(message: Omit<Message, 'serial' | 'flags'>): void {
    if (this.closed) return;
    this.serial = (this.serial % 0xffffffff) + 1;
    this.socket.write(encodeMessage({ ...message, serial: this.serial, flags: NO_REPLY_EXPECTED }));
  }

  signal(iface: string, member: string, signature: string, body: DBusValue[]): void {
    this.send({ type: SIGNAL, path: OBJECT_PATH, interface: iface, member, signature, body });
  }

  close(): void {
    this.socket.destroy();
  }

  /** Called by the server when the socket has gone. */
  ended(): void {
    if (this.closed) return;
    this.closed = true;
    this.markClosed();
  }
}

export interface PeerServerEvents {
  onConnect?: (peer: PeerConnection) => void;
  onDisconnect?: (peer: PeerConnection) => void;
}

/**
 * A minimal peer-to-peer D-Bus server on a unix socket, for rpm-ostree's transaction socket:
 * EXTERNAL authentication, then method calls on the one object at `/`, answered the way a
 * GDBusServer answers (no bus daemon: `Hello` and `AddMatch` are unknown methods on an unknown
 * object, signals go to every peer without a destination).
 */
export class PeerServer {
  readonly peers = new Set<PeerConnection>();
  readonly address: string;
  private readonly guid = randomBytes(16).toString('hex');

  private constructor(
    private readonly server: Server,
    readonly socketPath: string,
    private readonly object: PeerObject,
    private readonly events: PeerServerEvents,
  ) {
    this.address = `unix:path=${socketPath}`;
  }

  static async listen(
    socketPath: string,
    object: PeerObject,
    events: PeerServerEvents = {},
  ): Promise<PeerServer> {
    // Linux cuts a longer sun_path short without a word, and the socket lands under another name.
    const length = Buffer.byteLength(socketPath);
    if (length > MAX_SOCKET_PATH)
      throw new Error(
        `the transaction socket path is ${length} bytes, more than a unix socket takes (${MAX_SOCKET_PATH}): ${socketPath}; use a shorter state folder`,
      );
    // One transaction at a time, one well-known socket (as upstream): a stale one is replaced.
    await rm(socketPath, { force: true });
    const holder: { self?: PeerServer } = {};
    const server = createServer((socket) => {
      if (holder.self) holder.self.accept(socket);
      else socket.destroy();
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => {
        server.off('error', reject);
        resolve();
      });
    });
    // Anyone may watch a transaction (upstream chmods its socket 0666 too).
    await chmod(socketPath, 0o666);
    const self = new PeerServer(server, socketPath, object, events);
    holder.self = self;
    return self;
  }

  /** Sends a signal of the object's interface to every authenticated peer. */
  signal(member: string, signature: string, body: DBusValue[]): void {
    for (const peer of this.peers) peer.signal(this.object.spec.name, member, signature, body);
  }

  /** Stops listening, drops every peer and removes the socket file. */
  async close(): Promise<void> {
    for (const peer of this.peers) peer.close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await rm(this.socketPath, { force: true });
  }

  private accept(socket: Socket): void {
    const sasl = new SaslServer(this.guid);
    const framer = new Framer();
    let peer: PeerConnection | undefined;
    socket.on('error', () => socket.destroy());
    socket.once('close', () => {
      if (!peer) return;
      this.peers.delete(peer);
      peer.ended();
      this.events.onDisconnect?.(peer);
    });
    const onMessages = (chunk: Buffer): void => {
      if (!peer) return;
      try {
        for (const raw of framer.push(chunk)) this.dispatch(peer, decodeMessage(raw));
      } catch (err) {
        // A peer that does not speak D-Bus is disconnected, as GDBus does.
        if (err instanceof CodecError) socket.destroy();
        else throw err;
      }
    };
    socket.on('data', (chunk: Buffer) => {
      if (peer) {
        onMessages(chunk);
        return;
      }
      const step = sasl.push(chunk);
      if (step.replies.length) socket.write(step.replies.map((r) => `${r}\r\n`).join(''));
      if (step.kind === 'close') socket.destroy();
      if (step.kind === 'begin') {
        peer = new PeerConnection(socket, step.uid);
        this.peers.add(peer);
        this.events.onConnect?.(peer);
        if (step.rest.length) onMessages(step.rest);
      }
    });
  }

  private dispatch(peer: PeerConnection, message: Message): void {
    if (message.type !== METHOD_CALL) return; // nothing is waiting for replies or signals here
    const wantsReply = (message.flags & NO_REPLY_EXPECTED) === 0;
    const reply = (signature: string, body: DBusValue[]): void => {
      if (wantsReply)
        peer.send({ type: METHOD_RETURN, replySerial: message.serial, signature, body });
    };
    const fail = (err: unknown): void => {
      const fault =
        err instanceof DBusFault
          ? err
          : new DBusFault(FAILED, err instanceof Error ? err.message : String(err));
      if (wantsReply) {
        peer.send({
          type: ERROR,
          replySerial: message.serial,
          errorName: fault.errorName,
          signature: 's',
          body: [fault.message],
        });
      }
    };
    this.handle(peer, message).then((result) => {
      reply(result.signature, result.out);
      result.after?.();
    }, fail);
  }

  private async handle(
    peer: PeerConnection,
    message: Message,
  ): Promise<{ signature: string; out: DBusValue[]; after?: () => void }> {
    const path = message.path ?? '';
    const iface = message.interface;
    const member = message.member ?? '';
    const signature = message.signature;
    const spec = this.object.spec;
    const expect = (expected: string): void => {
      if (signature !== expected) throw typeMismatch(signature, expected);
    };
    if (iface === 'org.freedesktop.DBus.Introspectable' && member === 'Introspect') {
      expect('');
      return { signature: 's', out: [introspectionXml(path, spec)] };
    }
    if (iface === 'org.freedesktop.DBus.Peer' && (member === 'Ping' || member === 'GetMachineId')) {
      expect('');
      if (member === 'Ping') return { signature: '', out: [] };
      const id = await readFile('/etc/machine-id', 'utf8').catch(() =>
        readFile('/var/lib/dbus/machine-id', 'utf8'),
      );
      return { signature: 's', out: [id.trim()] };
    }
    if (path !== OBJECT_PATH || iface === undefined) {
      throw new DBusFault(UNKNOWN_METHOD, `Object does not exist at path “${path}”`);
    }
    if (iface === 'org.freedesktop.DBus.Properties')
      return this.properties(member, signature, message.body);
    if (iface !== spec.name)
      throw new DBusFault(UNKNOWN_METHOD, `No such interface “${iface}” on object at path ${path}`);
    const expected = inSignature(spec, member);
    if (expected === undefined) throw new DBusFault(UNKNOWN_METHOD, `No such method “${member}”`);
    expect(expected);
    const result = await this.object.call(peer, member, message.body);
    return {
      signature: outSignature(spec, member),
      out: result.out,
      ...(result.after ? { after: result.after } : {}),
    };
  }

  private properties(
    member: string,
    signature: string,
    body: DBusValue[],
  ): { signature: string; out: DBusValue[] } {
    const spec = this.object.spec;
    const known = (name: DBusValue): void => {
      if (name !== spec.name)
        throw new DBusFault(
          INVALID_ARGS,
          `No such interface “${typeof name === 'string' ? name : ''}”`,
        );
    };
    const property = (name: DBusValue): { name: string; type: string } => {
      const found = spec.properties.find((p) => p.name === name);
      if (!found)
        throw new DBusFault(
          INVALID_ARGS,
          `No such property “${typeof name === 'string' ? name : ''}”`,
        );
      return found;
    };
    const [first, second] = body;
    switch (member) {
      case 'Get': {
        if (signature !== 'ss') throw typeMismatch(signature, 'ss');
        known(first ?? '');
        const p = property(second ?? '');
        return { signature: 'v', out: [new Variant(p.type, this.object.property(p.name))] };
      }
      case 'GetAll':
        if (signature !== 's') throw typeMismatch(signature, 's');
        known(first ?? '');
        return {
          signature: 'a{sv}',
          out: [
            spec.properties.map((p) => [p.name, new Variant(p.type, this.object.property(p.name))]),
          ],
        };
      case 'Set':
        if (signature !== 'ssv') throw typeMismatch(signature, 'ssv');
        known(first ?? '');
        throw new DBusFault(
          INVALID_ARGS,
          `Property “${property(second ?? '').name}” is not writable`,
        );
      default:
        throw new DBusFault(UNKNOWN_METHOD, `No such method “${member}”`);
    }
  }
}
