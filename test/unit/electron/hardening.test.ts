import { beforeEach, describe, expect, it, vi } from 'vitest';

import { guardContents, hardenApp } from '../../../electron/main/hardening';
import { app, FakeEvent, FakeWebContents, resetElectron, session, shell } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

beforeEach(resetElectron);

function guarded(): FakeWebContents {
  const contents = new FakeWebContents();
  // The host's types are Electron's; the stand-in has exactly the members guardContents uses.
  guardContents(contents as unknown as Parameters<typeof guardContents>[0]);
  return contents;
}

function fire(contents: FakeWebContents, name: string, url: string): FakeEvent {
  const event = new FakeEvent();
  contents.emit(name, event, url);
  return event;
}

describe('importing security.ts (the first import of the entry)', () => {
  it('turns the sandbox on for every renderer and guards each new web contents', async () => {
    await import('../../../electron/main/security');
    expect(app.sandboxEnabled).toBe(true);
    expect(app.listenerCount('web-contents-created')).toBe(1);
  });
});

describe('a web contents created anywhere in the app', () => {
  it('is guarded as soon as Electron creates it', () => {
    hardenApp();
    const contents = new FakeWebContents();
    app.emit('web-contents-created', {}, contents);
    expect(contents.windowOpenHandler).not.toBeNull();
    expect(fire(contents, 'will-navigate', 'https://evil.example/').defaultPrevented).toBe(true);
  });
});

describe('the navigation guards', () => {
  it('stops every navigation, redirect and webview, even to our own origin', () => {
    const contents = guarded();
    for (const url of [
      'https://evil.example/',
      'file:///etc/passwd',
      'app://kairn/index.html',
      'javascript:alert(1)',
    ]) {
      expect(fire(contents, 'will-navigate', url).defaultPrevented, url).toBe(true);
      expect(fire(contents, 'will-redirect', url).defaultPrevented, url).toBe(true);
    }
    expect(fire(contents, 'will-attach-webview', 'app://kairn/').defaultPrevented).toBe(true);
  });

  it('denies every window.open; http(s) links go to the desktop’s browser, re-formatted', () => {
    const contents = guarded();
    const open = (url: string): string => contents.windowOpenHandler!({ url }).action;
    expect(open('https://en.opensuse.org/Portal:Kalpa')).toBe('deny');
    expect(open('HTTPS://Example.org/a b')).toBe('deny');
    expect(shell.opened).toEqual([
      'https://en.opensuse.org/Portal:Kalpa',
      'https://example.org/a%20b',
    ]);
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'app://kairn/index.html',
      'smb://host/share',
      'https://u:p@example.org/',
    ]) {
      expect(open(url), url).toBe('deny');
    }
    expect(shell.opened).toHaveLength(2);
  });

  it('survives the desktop refusing to open a link', async () => {
    const contents = guarded();
    const refused = vi.spyOn(shell, 'openExternal').mockRejectedValue(new Error('no browser'));
    expect(contents.windowOpenHandler!({ url: 'https://example.org/' }).action).toBe('deny');
    await expect.poll(() => refused.mock.calls.length).toBe(1);
    refused.mockRestore();
  });
});

describe('permissions', () => {
  it('grants no page any permission, once the app is ready', async () => {
    hardenApp();
    expect(session.defaultSession.requestHandler).toBeNull();
    app.becomeReady();
    await expect.poll(() => session.defaultSession.requestHandler).not.toBeNull();
    const answers: boolean[] = [];
    for (const permission of [
      'media',
      'notifications',
      'clipboard-read',
      'geolocation',
      'openExternal',
    ]) {
      session.defaultSession.requestHandler!({}, permission, (granted) => answers.push(granted));
      expect(session.defaultSession.checkHandler!({}, permission), permission).toBe(false);
    }
    expect(answers).toEqual([false, false, false, false, false]);
  });
});
