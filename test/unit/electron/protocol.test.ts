import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { WINDOW_CSP } from '../../../electron/main/guards';
import { handleAppProtocol, registerAppScheme } from '../../../electron/main/protocol';
import { makeTempDir } from '../../harness/tmp';
import { protocol, resetElectron } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

const SECRET = 'the secret outside the renderer root';
let dir: Awaited<ReturnType<typeof makeTempDir>>;
let root: string;

/** What Electron's app:// handler answers for this request. */
async function request(url: string, method = 'GET'): Promise<Response> {
  const handler = protocol.handlers.get('app');
  expect(handler).toBeDefined();
  return handler!({ method, url });
}

beforeEach(async () => {
  resetElectron();
  dir = await makeTempDir('kairn-app-scheme-');
  root = join(dir.path, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>Kairn</title>');
  await writeFile(join(root, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(dir.path, 'secret.txt'), SECRET);
  await mkdir(join(dir.path, 'outside'));
  await writeFile(join(dir.path, 'outside', 'secret.txt'), SECRET);
  // Links that lead out of the root, and one that stays inside.
  await symlink(join(dir.path, 'secret.txt'), join(root, 'leak.txt'));
  await symlink(join(dir.path, 'outside'), join(root, 'assets', 'out'));
  await symlink(join(root, 'assets', 'app.js'), join(root, 'alias.js'));
  handleAppProtocol(root);
});

afterEach(async () => {
  await dir.remove();
});

describe('the app:// scheme', () => {
  it('is registered as a standard, secure origin with fetch, and nothing more', () => {
    registerAppScheme();
    expect(protocol.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });

  it('serves the renderer’s files with Kairn’s CSP and no sniffing', async () => {
    for (const url of ['app://kairn/', 'app://kairn/index.html']) {
      const res = await request(url);
      expect(res.status, url).toBe(200);
      expect(await res.text()).toContain('<title>Kairn</title>');
      expect(res.headers.get('Content-Type')).toMatch(/^text\/html/);
      expect(res.headers.get('Content-Security-Policy')).toBe(WINDOW_CSP);
      expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
      expect(res.headers.get('Referrer-Policy')).toBe('no-referrer');
    }
    const script = await request('app://kairn/assets/app.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('Content-Type')).toMatch(/javascript/);
  });

  it('follows a link that stays inside the root', async () => {
    const res = await request('app://kairn/alias.js');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('console.log(1)');
  });

  it('refuses every way out of the root, literal, encoded, absolute or through a link', async () => {
    const escapes = [
      'app://kairn/../secret.txt',
      'app://kairn/assets/../../secret.txt',
      'app://kairn/%2e%2e/secret.txt',
      'app://kairn/%2E%2E/secret.txt',
      'app://kairn/.%2e/secret.txt',
      'app://kairn/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      'app://kairn/..%2fsecret.txt',
      'app://kairn/..%5csecret.txt',
      'app://kairn/assets%2f..%2f..%2fsecret.txt',
      'app://kairn/%5c..%5csecret.txt',
      `app://kairn/${dir.path}/secret.txt`,
      `app://kairn/${encodeURIComponent(join(dir.path, 'secret.txt'))}`,
      `app://kairn//${dir.path}/secret.txt`,
      'app://kairn/leak.txt',
      'app://kairn/assets/out/secret.txt',
      'app://kairn/index.html%00.js',
    ];
    for (const url of escapes) {
      const res = await request(url);
      expect(res.status, url).toBeGreaterThanOrEqual(400);
      expect(await res.text(), url).not.toContain(SECRET);
      expect(res.headers.get('Content-Security-Policy'), url).toBe(WINDOW_CSP);
    }
  });

  it('answers only GET for its own host', async () => {
    expect((await request('app://kairn/index.html', 'POST')).status).toBe(405);
    expect((await request('app://evil/index.html')).status).toBe(403);
    expect((await request('app://user@kairn/index.html')).status).toBe(403);
  });

  it('says 404 for what is not there, and for folders', async () => {
    expect((await request('app://kairn/missing.js')).status).toBe(404);
    expect((await request('app://kairn/assets')).status).toBe(404);
  });
});
