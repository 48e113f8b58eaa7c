import { createRequire } from 'node:module';

import { describe, expect, it } from 'vitest';

import {
  marshal,
  Reader,
  Variant,
  type DBusValue,
} from '../../../electron/backends/dbus/p2p/codec';
import {
  decodeMessage,
  encodeMessage,
  Framer,
  METHOD_CALL,
  SIGNAL,
  type Message,
} from '../../../electron/backends/dbus/p2p/message';
import { parseExternalUid, SaslServer } from '../../../electron/simulators/rpm-ostree/wire/sasl';
import {
  parseSignature,
  SignatureError,
  signatureOf,
} from '../../../electron/backends/dbus/p2p/signature';

function unmarshal(signature: string, bytes: Buffer): DBusValue[] {
  const reader = new Reader(bytes, true, 0, bytes.length);
  return parseSignature(signature).map((t) => reader.read(t));
}

describe('signatures', () => {
  it('parses complete types and writes them back', () => {
    expect(parseSignature('sa{sv}(sss)aa{sv}a(sua{sv})').map(signatureOf)).toEqual([
      's',
      'a{sv}',
      '(sss)',
      'aa{sv}',
      'a(sua{sv})',
    ]);
  });

  it.each(['a', '(', '()', 'a{vs}', '{sv}', 'z', 'a{sv', '(ss'])('rejects "%s"', (sig) => {
    expect(() => parseSignature(sig)).toThrow(SignatureError);
  });

  it('rejects nesting deeper than the specification allows', () => {
    expect(() => parseSignature(`${'a'.repeat(33)}s`)).toThrow(SignatureError);
  });
});

describe('codec', () => {
  it('aligns like the specification: u32 length, padding to 8 before a struct array', () => {
    const bytes = marshal('ya(tu)', [7, [[1n, 2]]]);
    // y, 3 pad, array length 16, (t at offset 8, u at 16, 4 bytes to the struct end)
    expect([...bytes.subarray(0, 8)]).toEqual([7, 0, 0, 0, 12, 0, 0, 0]);
    expect(bytes.readBigUInt64LE(8)).toBe(1n);
    expect(bytes.readUInt32LE(16)).toBe(2);
    expect(bytes.length).toBe(20);
  });

  it('round-trips every type Kairn meets', () => {
    const values: DBusValue[] = [
      true,
      -5,
      4_000_000_000,
      2n ** 63n,
      '/org/projectatomic/rpmostree1/fedora',
      [
        ['id', new Variant('s', 'fedora-abc.0')],
        ['timestamp', new Variant('t', 1_795_839_429n)],
        ['serial', new Variant('i', 0)],
      ],
      ['Rollback', ':1.42', '/org'],
      1.5,
    ];
    const sig = 'biuto' + 'a{sv}(sss)d';
    expect(unmarshal(sig, marshal(sig, values))).toEqual(values);
  });

  it('refuses values that do not fit the type', () => {
    expect(() => marshal('u', [-1])).toThrow();
    expect(() => marshal('o', ['not/a/path'])).toThrow();
    expect(() => marshal('s', ['a\0b'])).toThrow();
    expect(() => marshal('v', ['plain'])).toThrow();
    expect(() => marshal('(ss)', [['one']])).toThrow();
  });

  it('refuses malformed input: truncated strings, bad booleans, invalid UTF-8', () => {
    expect(() => unmarshal('s', Buffer.from([5, 0, 0, 0, 0x61]))).toThrow();
    expect(() => unmarshal('b', Buffer.from([2, 0, 0, 0]))).toThrow();
    expect(() => unmarshal('s', Buffer.from([1, 0, 0, 0, 0xff, 0]))).toThrow();
    expect(() => unmarshal('as', Buffer.from([0xff, 0xff, 0xff, 0x0f]))).toThrow();
  });
});

const call: Message = {
  type: METHOD_CALL,
  flags: 0,
  serial: 3,
  path: '/',
  interface: 'org.projectatomic.rpmostree1.Transaction',
  member: 'Start',
  signature: '',
  body: [],
};

describe('messages and framing', () => {
  it('round-trips a method call and a signal with a body', () => {
    expect(decodeMessage(encodeMessage(call))).toEqual(call);
    const signal: Message = {
      type: SIGNAL,
      flags: 1,
      serial: 9,
      path: '/',
      interface: 'org.x.T',
      member: 'PercentProgress',
      signature: 'su',
      body: ['Receiving', 50],
    };
    expect(decodeMessage(encodeMessage(signal))).toEqual(signal);
  });

  it('reads what dbus-next writes (another implementation of the wire format)', () => {
    const required: unknown = createRequire(import.meta.url)('dbus-next/lib/marshall-compat.js');
    const marshallMessage = (required as { marshallMessage?: unknown }).marshallMessage;
    if (typeof marshallMessage !== 'function') throw new Error('dbus-next internals moved');
    const [bytes] = (marshallMessage as (m: object) => [Buffer])({
      type: METHOD_CALL,
      serial: 1,
      path: '/org/freedesktop/DBus',
      destination: 'org.freedesktop.DBus',
      interface: 'org.freedesktop.DBus',
      member: 'AddMatch',
      signature: 's',
      body: ["type='signal'"],
    });
    const decoded = decodeMessage(bytes);
    expect(decoded).toMatchObject({
      member: 'AddMatch',
      destination: 'org.freedesktop.DBus',
      signature: 's',
      body: ["type='signal'"],
    });
  });

  it('reassembles messages split at any byte and several in one chunk', () => {
    const one = encodeMessage(call);
    const two = encodeMessage({ ...call, serial: 4, member: 'Cancel' });
    const stream = Buffer.concat([one, two, one]);
    for (const size of [1, 7, 16, stream.length]) {
      const framer = new Framer();
      const got: Buffer[] = [];
      for (let i = 0; i < stream.length; i += size)
        got.push(...framer.push(stream.subarray(i, i + size)));
      expect(got.map((m) => decodeMessage(m).member)).toEqual(['Start', 'Cancel', 'Start']);
    }
  });

  it('rejects a stream that is not D-Bus and messages over 128 MiB', () => {
    expect(() => new Framer().push(Buffer.from('GET / HTTP/1.1\r\n\r\n'))).toThrow();
    const huge = encodeMessage(call);
    huge.writeUInt32LE(200 * 1024 * 1024, 4);
    expect(() => new Framer().push(huge)).toThrow();
  });

  it('rejects a method call without a member and a body that does not match its signature', () => {
    const noMember = encodeMessage({ ...call, member: undefined });
    expect(() => decodeMessage(noMember)).toThrow();
    const bad = encodeMessage({ ...call, signature: 's', body: ['x'] });
    bad.writeUInt32LE(99, bad.length - 6); // string length now runs past the end
    expect(() => decodeMessage(bad)).toThrow();
  });
});

describe('SASL server (answers as GDBus 2.74 does)', () => {
  const uidHex = Buffer.from('1000').toString('hex');
  const talk = (...lines: string[]): ReturnType<SaslServer['push']>[] => {
    const sasl = new SaslServer('0123456789abcdef0123456789abcdef');
    return [sasl.push(Buffer.from([0])), ...lines.map((l) => sasl.push(Buffer.from(`${l}\r\n`)))];
  };

  it('accepts AUTH EXTERNAL with a uid, then BEGIN, handing over the bytes after it', () => {
    const sasl = new SaslServer('g');
    expect(sasl.push(Buffer.from(`\0AUTH EXTERNAL ${uidHex}\r\n`))).toEqual({
      kind: 'continue',
      replies: ['OK g'],
    });
    const begin = sasl.push(Buffer.concat([Buffer.from('BEGIN\r\n'), Buffer.from([0x6c, 1])]));
    expect(begin).toMatchObject({ kind: 'begin', uid: 1000 });
    expect(begin.kind === 'begin' && [...begin.rest]).toEqual([0x6c, 1]);
  });

  it('offers EXTERNAL when asked for nothing or something else', () => {
    expect(talk('AUTH', 'AUTH ANONYMOUS', 'AUTH EXTERNAL zz').map((s) => s.replies)).toEqual([
      [],
      ['REJECTED EXTERNAL'],
      ['REJECTED EXTERNAL'],
      ['REJECTED EXTERNAL'],
    ]);
  });

  it('supports the DATA form and answers NEGOTIATE_UNIX_FD with ERROR (no descriptors here)', () => {
    const steps = talk('AUTH EXTERNAL', `DATA ${uidHex}`, 'NEGOTIATE_UNIX_FD', 'CANCEL');
    expect(steps.map((s) => s.replies)).toEqual([
      [],
      ['DATA'],
      ['OK 0123456789abcdef0123456789abcdef'],
      ['ERROR'],
      ['ERROR "Unknown Command"'],
    ]);
  });

  it('closes on a missing NUL byte, on BEGIN before OK and on nonsense before OK', () => {
    expect(new SaslServer('g').push(Buffer.from('AUTH\r\n')).kind).toBe('close');
    expect(talk('BEGIN')[1]?.kind).toBe('close');
    expect(talk('HELLO')[1]?.kind).toBe('close');
  });

  it('reads the hex-encoded decimal uid and nothing else', () => {
    expect(parseExternalUid('30')).toBe(0);
    expect(parseExternalUid(uidHex)).toBe(1000);
    expect(parseExternalUid('3')).toBeUndefined();
    expect(parseExternalUid(Buffer.from('-1').toString('hex'))).toBeUndefined();
  });
});
