import { describe, expect, it } from 'vitest';

import {
  decodeSnapperBytes,
  decodeSnapperString,
  encodeSnapperString,
  escapePipeBytes,
  escapeSnapperString,
  SnapperEscapeError,
  unescapeIncoming,
} from '../../../electron/backends/snapper/escape';

describe('snapper escaping, daemon → client (D-Bus strings)', () => {
  it('decodes the probed examples from real snapperd', () => {
    expect(decodeSnapperString('vorher \\xc3\\xa4')).toBe('vorher ä');
    expect(decodeSnapperString('/caf\\xc3\\xa9 name.txt')).toBe('/café name.txt');
    expect(decodeSnapperString('/back\\\\slash')).toBe('/back\\slash');
  });

  it('keeps raw bytes that are not UTF-8 (paths are bytes)', () => {
    expect(decodeSnapperBytes('/a\\xff\\xfe')).toEqual(Buffer.from([0x2f, 0x61, 0xff, 0xfe]));
    expect(decodeSnapperString('/a\\xff')).toBe('/a\ufffd');
  });

  it('accepts upper-case hex and tolerates malformed sequences instead of failing', () => {
    expect(decodeSnapperString('\\xC3\\xA4')).toBe('ä');
    expect(decodeSnapperString('bad \\q and \\x4')).toBe('bad \\q and \\x4');
  });

  it('is the inverse of what the daemon (and the simulator) sends', () => {
    for (const text of ['plain', 'Café Menü.txt', 'a\\b\\\\c', '日本語 \\x41', '']) {
      const wire = escapeSnapperString(text);
      expect(wire).toMatch(/^[\x00-\x7f]*$/);
      expect(decodeSnapperString(wire)).toBe(text);
    }
    expect(escapeSnapperString('vorher ä')).toBe('vorher \\xc3\\xa4');
    expect(escapeSnapperString('/back\\slash')).toBe('/back\\\\slash');
  });
});

describe('snapper escaping, client → daemon', () => {
  it('doubles every backslash and sends UTF-8 raw', () => {
    expect(encodeSnapperString('bad \\ x')).toBe('bad \\\\ x');
    expect(encodeSnapperString('ä')).toBe('ä');
  });

  it('round-trips through the daemon-side strict unescape', () => {
    for (const text of ['back\\slash', '\\x41 is not A', 'ä\\\\'])
      expect(unescapeIncoming(encodeSnapperString(text))).toBe(text);
  });

  it('rejects what snapperd rejects with error.dbus.marshalling', () => {
    for (const bad of ['bad \\ x', 'ends with \\', '\\x4', '\\xzz', '\\n'])
      expect(() => unescapeIncoming(bad)).toThrow(SnapperEscapeError);
  });
});

describe('snapper escaping, GetFilesByPipe', () => {
  it('escapes bytes <= 0x20 and backslash, and sends non-ASCII raw (probed)', () => {
    expect(escapePipeBytes(Buffer.from('/café name.txt'))).toEqual(
      Buffer.concat([Buffer.from('/caf'), Buffer.from([0xc3, 0xa9]), Buffer.from('\\x20name.txt')]),
    );
    expect(escapePipeBytes(Buffer.from('/back\\slash'))).toEqual(Buffer.from('/back\\\\slash'));
    expect(escapePipeBytes(Buffer.from('/a\nb\tc'))).toEqual(Buffer.from('/a\\x0ab\\x09c'));
  });
});
