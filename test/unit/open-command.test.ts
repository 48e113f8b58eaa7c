import { describe, expect, it } from 'vitest';

import { runCli } from '../../electron/cli/run';
import { routeFromArgv } from '../../electron/main/open-route';
import { requestedPath } from '../../renderer/src/features/recover-files/use-open-request';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: {
      stdout: (t: string) => void out.push(t),
      stderr: (t: string) => void err.push(t),
      stderrIsTTY: false,
    },
  };
}

describe('kairn open PATH', () => {
  it('prints the address of a running browser host that leads to the item', async () => {
    const { out, io } = capture();
    const code = await runCli(
      [
        'open',
        '/home/sam/Documents/Letter to landlord.odt',
        '--url',
        'http://127.0.0.1:4567/?token=abc#/',
        '--print-url',
      ],
      io,
    );
    expect(code).toBe(0);
    const url = new URL(out.join('').trim());
    expect(url.origin).toBe('http://127.0.0.1:4567');
    expect(url.searchParams.get('token')).toBe('abc');
    expect(requestedPath(url.hash)).toBe('/home/sam/Documents/Letter to landlord.odt');
  });

  it('makes a relative path absolute and refuses wrong use', async () => {
    const rel = capture();
    await runCli(
      ['open', 'notes.txt', '--url', 'http://127.0.0.1:1/?token=t', '--print-url'],
      rel.io,
    );
    expect(requestedPath(new URL(rel.out.join('').trim()).hash)).toBe(`${process.cwd()}/notes.txt`);
    const none = capture();
    expect(await runCli(['open'], none.io)).toBe(2);
    expect(none.err.join('')).toMatch(/exactly one file or folder/);
    const bad = capture();
    expect(await runCli(['open', '/x', '--url', 'file:///etc/passwd', '--print-url'], bad.io)).toBe(
      2,
    );
  });
});

describe('the Electron window opened with --open PATH', () => {
  it('starts on that item, and on nothing in particular without it', () => {
    expect(
      requestedPath(
        routeFromArgv(['/usr/lib/kairn/kairn', '--open', 'Documents/a b.txt'], '/home/sam'),
      ),
    ).toBe('/home/sam/Documents/a b.txt');
    expect(requestedPath(routeFromArgv(['kairn', '--open=/home/sam/x'], '/'))).toBe('/home/sam/x');
    expect(routeFromArgv(['kairn', '--background'], '/')).toBe('');
  });

  it('a route without a path, or with a relative one, asks for nothing', () => {
    expect(requestedPath('#/recover')).toBeNull();
    expect(requestedPath('#/recover?path=relative')).toBeNull();
  });
});
