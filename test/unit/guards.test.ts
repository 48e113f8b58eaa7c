import { describe, expect, it } from 'vitest';

import { isTrustedSender, resolveAppRequest, safeExternalUrl } from '../../electron/main/guards';
import {
  isAllowedHost,
  isAllowedOrigin,
  requestPath,
  resolveInRoot,
  singleHost,
  tokensEqual,
} from '../../electron/server/guards';
import { wsProtocols, wsTokenFrom } from '../../shared/api/ws-auth';

const ROOT = '/opt/kairn/renderer';

describe('browser host guards', () => {
  it('accepts only 127.0.0.1:PORT and localhost:PORT as Host', () => {
    expect(isAllowedHost('127.0.0.1:4000', 4000)).toBe(true);
    expect(isAllowedHost('localhost:4000', 4000)).toBe(true);
    expect(isAllowedHost('LOCALHOST:4000', 4000)).toBe(true);
    for (const host of [
      'evil.example',
      'evil.example:4000',
      '127.0.0.1',
      '127.0.0.1:4001',
      'localhost.evil.example:4000',
      '[::1]:4000',
      undefined,
    ]) {
      expect(isAllowedHost(host, 4000), String(host)).toBe(false);
    }
  });

  it('accepts only our own page as Origin (none = not a browser)', () => {
    expect(isAllowedOrigin('http://127.0.0.1:4000', 4000)).toBe(true);
    expect(isAllowedOrigin('http://localhost:4000', 4000)).toBe(true);
    expect(isAllowedOrigin(undefined, 4000)).toBe(true);
    for (const origin of [
      'http://evil.example',
      'http://127.0.0.1:4001',
      'https://127.0.0.1:4000',
      'null',
      'http://127.0.0.1:4000.evil.example',
    ]) {
      expect(isAllowedOrigin(origin, 4000), origin).toBe(false);
    }
  });

  it('compares tokens exactly', () => {
    expect(tokensEqual('abc', 'abc')).toBe(true);
    expect(tokensEqual('abd', 'abc')).toBe(false);
    expect(tokensEqual('ab', 'abc')).toBe(false);
    expect(tokensEqual(null, 'abc')).toBe(false);
    expect(tokensEqual('', '')).toBe(false);
  });

  it('reads the token only from the Sec-WebSocket-Protocol offer, exactly once', () => {
    expect(wsProtocols('abc')).toEqual(['kairn.v1', 'kairn.token.abc']);
    expect(wsTokenFrom(wsProtocols('abc').join(', '))).toBe('abc');
    expect(wsTokenFrom('kairn.v1,kairn.token.abc')).toBe('abc');
    expect(wsTokenFrom('kairn.v1')).toBeNull();
    expect(wsTokenFrom(undefined)).toBeNull();
    expect(wsTokenFrom('kairn.token.a, kairn.token.b')).toBeNull();
  });

  it('takes the Host only when the request has exactly one', () => {
    expect(singleHost(['Host', '127.0.0.1:4000', 'Accept', '*/*'])).toBe('127.0.0.1:4000');
    expect(singleHost(['host', 'a', 'HOST', 'b'])).toBeNull();
    expect(singleHost(['Accept', '*/*'])).toBeNull();
  });

  it('extracts the request path', () => {
    expect(requestPath('/api?token=x')).toBe('/api');
    expect(requestPath('http://evil.example/')).toBeNull();
  });

  it('keeps static paths inside the root', () => {
    expect(resolveInRoot(ROOT, '/index.html')).toBe(`${ROOT}/index.html`);
    expect(resolveInRoot(ROOT, '/assets/a%20b.js')).toBe(`${ROOT}/assets/a b.js`);
    for (const path of [
      '/../etc/passwd',
      '/%2e%2e/etc/passwd',
      '/assets/%2E%2E/%2e%2e/x',
      '/..%2fetc%2fpasswd',
      '/a%00b',
      '/%E0%A4%A',
      '/a\\..\\b',
      '/./x',
    ]) {
      expect(resolveInRoot(ROOT, path), path).toBeNull();
    }
  });
});

describe('Electron host guards', () => {
  it('serves app://kairn/ GET requests inside the root only', () => {
    expect(resolveAppRequest('GET', 'app://kairn/', ROOT)).toEqual({
      ok: true,
      file: `${ROOT}/index.html`,
    });
    expect(resolveAppRequest('GET', 'app://kairn/assets/x.js', ROOT)).toEqual({
      ok: true,
      file: `${ROOT}/assets/x.js`,
    });
    expect(resolveAppRequest('POST', 'app://kairn/index.html', ROOT)).toEqual({
      ok: false,
      status: 405,
    });
    expect(resolveAppRequest('GET', 'app://other/index.html', ROOT)).toEqual({
      ok: false,
      status: 403,
    });
    expect(resolveAppRequest('GET', 'file:///etc/passwd', ROOT)).toEqual({
      ok: false,
      status: 400,
    });
  });

  it('refuses `..` in every spelling', () => {
    for (const url of [
      'app://kairn/../etc/passwd',
      'app://kairn/%2e%2e/etc/passwd',
      'app://kairn/assets/%2E%2e/%2e%2E/x',
      'app://kairn/..%2fetc%2fpasswd',
      'app://kairn/.%2e/x',
    ]) {
      expect(resolveAppRequest('GET', url, ROOT), url).toMatchObject({ ok: false });
    }
  });

  it('trusts only frames showing app://kairn', () => {
    expect(isTrustedSender('app://kairn/index.html')).toBe(true);
    for (const url of [
      'https://kairn/',
      'app://evil/',
      'file:///index.html',
      '',
      undefined,
      null,
      'not a url',
    ]) {
      expect(isTrustedSender(url), String(url)).toBe(false);
    }
  });

  it('lets only http(s) links leave the app, re-formatted', () => {
    expect(safeExternalUrl('https://en.opensuse.org/Portal:Kalpa')).toBe(
      'https://en.opensuse.org/Portal:Kalpa',
    );
    expect(safeExternalUrl('HTTPS://Example.org/a b')).toBe('https://example.org/a%20b');
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'https://user:pw@example.org/',
      'nonsense',
    ]) {
      expect(safeExternalUrl(url), url).toBeNull();
    }
  });
});
