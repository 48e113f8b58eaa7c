import { connect, type Socket } from 'node:net';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  decodeMessage,
  encodeMessage,
  Framer,
  METHOD_CALL,
  type Message,
} from '../../../electron/backends/dbus/p2p/message';
import {
  PeerServer,
  type PeerObject,
} from '../../../electron/simulators/rpm-ostree/wire/peer-server';
import { TRANSACTION_SPEC } from '../../../electron/simulators/rpm-ostree/transaction';
import { makeTempDir } from '../../harness/tmp';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let server: PeerServer;

const object: PeerObject = {
  spec: TRANSACTION_SPEC,
  property: (name) => (name === 'Title' ? 'rollback' : 'caller :1.7'),
  call: async (peer, member) => ({
    out: member === 'Start' ? [true] : [],
    after: () => peer.signal(TRANSACTION_SPEC.name, 'Finished', 'bs', [true, '']),
  }),
};

/** A raw client: authenticates, then exchanges messages. */
class RawClient {
  private readonly framer = new Framer();
  private readonly inbox: Message[] = [];
  private waiting: ((m: Message) => void) | undefined;
  private serial = 0;

  private constructor(readonly socket: Socket) {}

  static async open(path: string): Promise<RawClient> {
    const socket = connect(path);
    await new Promise<void>((resolve, reject) =>
      socket.once('connect', resolve).once('error', reject),
    );
    const ok = await new Promise<string>((resolve) => {
      socket.once('data', (d: Buffer) => resolve(d.toString()));
      socket.write(
        `\0AUTH EXTERNAL ${Buffer.from(String(process.getuid?.() ?? 0)).toString('hex')}\r\n`,
      );
    });
    expect(ok).toMatch(/^OK [0-9a-f]{32}\r\n$/);
    socket.write('BEGIN\r\n');
    const client = new RawClient(socket);
    socket.on('data', (d: Buffer) => {
      for (const raw of client.framer.push(d)) client.deliver(decodeMessage(raw));
    });
    return client;
  }

  private deliver(m: Message): void {
    const w = this.waiting;
    if (w) {
      this.waiting = undefined;
      w(m);
    } else this.inbox.push(m);
  }

  next(): Promise<Message> {
    const m = this.inbox.shift();
    if (m) return Promise.resolve(m);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no message')), 5000);
      this.waiting = (msg) => {
        clearTimeout(timer);
        resolve(msg);
      };
    });
  }

  async call(
    path: string,
    iface: string | undefined,
    member: string,
    signature = '',
    body: Message['body'] = [],
  ): Promise<Message> {
    this.serial += 1;
    this.socket.write(
      encodeMessage({
        type: METHOD_CALL,
        flags: 0,
        serial: this.serial,
        path,
        interface: iface,
        member,
        signature,
        body,
      }),
    );
    return this.next();
  }

  close(): void {
    this.socket.destroy();
  }
}

const error = (m: Message): [string | undefined, unknown] => [m.errorName, m.body[0]];

beforeAll(async () => {
  tmp = await makeTempDir('kairn-peer-');
  server = await PeerServer.listen(join(tmp.path, 'txn.sock'), object);
});

afterAll(async () => {
  await server.close();
  await tmp.remove();
});

describe('peer-to-peer server (answers as a GDBusServer does, probed with GLib 2.74)', () => {
  it('answers Hello and AddMatch as a peer without a bus daemon', async () => {
    const c = await RawClient.open(server.socketPath);
    expect(error(await c.call('/org/freedesktop/DBus', 'org.freedesktop.DBus', 'Hello'))).toEqual([
      'org.freedesktop.DBus.Error.UnknownMethod',
      'Object does not exist at path “/org/freedesktop/DBus”',
    ]);
    expect(
      error(
        await c.call('/org/freedesktop/DBus', 'org.freedesktop.DBus', 'AddMatch', 's', [
          "type='signal'",
        ]),
      )[0],
    ).toBe('org.freedesktop.DBus.Error.UnknownMethod');
    c.close();
  });

  it('calls methods, sends signals after the reply, reads properties', async () => {
    const c = await RawClient.open(server.socketPath);
    const reply = await c.call('/', TRANSACTION_SPEC.name, 'Start');
    expect([reply.type, reply.signature, reply.body]).toEqual([2, 'b', [true]]);
    const finished = await c.next();
    expect([finished.member, finished.path, finished.destination, finished.body]).toEqual([
      'Finished',
      '/',
      undefined,
      [true, ''],
    ]);
    const all = await c.call('/', 'org.freedesktop.DBus.Properties', 'GetAll', 's', [
      TRANSACTION_SPEC.name,
    ]);
    expect(JSON.stringify(all.body)).toContain('"rollback"');
    c.close();
  });

  it('uses GDBus’s error names and words for wrong calls', async () => {
    const c = await RawClient.open(server.socketPath);
    const iface = TRANSACTION_SPEC.name;
    const props = 'org.freedesktop.DBus.Properties';
    expect(error(await c.call('/', iface, 'Nope'))).toEqual([
      'org.freedesktop.DBus.Error.UnknownMethod',
      'No such method “Nope”',
    ]);
    expect(error(await c.call('/', 'org.foo.Bar', 'Baz'))).toEqual([
      'org.freedesktop.DBus.Error.UnknownMethod',
      'No such interface “org.foo.Bar” on object at path /',
    ]);
    expect(error(await c.call('/', iface, 'Start', 's', ['x']))).toEqual([
      'org.freedesktop.DBus.Error.InvalidArgs',
      'Type of message, “(s)”, does not match expected type “()”',
    ]);
    expect(error(await c.call('/', props, 'Get', 'ss', [iface, 'Nope']))).toEqual([
      'org.freedesktop.DBus.Error.InvalidArgs',
      'No such property “Nope”',
    ]);
    expect(error(await c.call('/', props, 'Get', 'ss', ['org.nope', 'Nope']))).toEqual([
      'org.freedesktop.DBus.Error.InvalidArgs',
      'No such interface “org.nope”',
    ]);
    expect(
      error(
        await c.call('/', props, 'Set', 'ssv', [
          iface,
          'Title',
          new (await import('../../../electron/backends/dbus/p2p/codec')).Variant('s', 'x'),
        ]),
      ),
    ).toEqual(['org.freedesktop.DBus.Error.InvalidArgs', 'Property “Title” is not writable']);
    expect((await c.call('/', 'org.freedesktop.DBus.Peer', 'Ping')).type).toBe(2);
    c.close();
  });

  it('introspects the object at / with every Transaction member, and nothing elsewhere', async () => {
    const c = await RawClient.open(server.socketPath);
    const [xml] = (await c.call('/', 'org.freedesktop.DBus.Introspectable', 'Introspect')).body;
    expect(xml).toContain('<interface name="org.projectatomic.rpmostree1.Transaction">');
    for (const member of [
      'Start',
      'Cancel',
      'Finished',
      'Message',
      'TaskBegin',
      'TaskEnd',
      'PercentProgress',
      'DownloadProgress',
      'SignatureProgress',
      'ProgressEnd',
      'Title',
      'InitiatingClientDescription',
    ]) {
      expect(xml).toContain(`name="${member}"`);
    }
    expect(xml).toContain('<arg type="(uuut)" name="delta"/>');
    const [empty] = (await c.call('/foo', 'org.freedesktop.DBus.Introspectable', 'Introspect'))
      .body;
    expect(empty).toMatch(/<node>\n<\/node>\n$/);
    c.close();
  });

  it('drops a peer that sends something that is not D-Bus', async () => {
    const c = await RawClient.open(server.socketPath);
    const socket = c.socket;
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write(Buffer.from('this is not a message at all'));
    await closed;
    expect(server.peers.size).toBe(0);
  });
});
