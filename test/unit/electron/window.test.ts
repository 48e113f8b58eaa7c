import { beforeEach, describe, expect, it, vi } from 'vitest';

import { APP_ENTRY_URL, WINDOW_CSP } from '../../../electron/main/guards';
import { createMainWindow, showMainWindow } from '../../../electron/main/window';
import { BrowserWindow, nativeTheme, resetElectron } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

const PRELOAD = '/opt/kairn/out/preload/index.cjs';

function only(): BrowserWindow {
  const all = BrowserWindow.getAllWindows();
  expect(all).toHaveLength(1);
  return all[0]!;
}

/** What the window's response-header hook makes of a response with these headers. */
function headersAfterHook(
  win: BrowserWindow,
  headers: Record<string, string[]>,
): Record<string, string[]> {
  const listener = win.webContents.session.webRequest.headersListener;
  expect(listener).not.toBeNull();
  let out: Record<string, string[]> | undefined;
  listener!({ responseHeaders: headers }, (response) => (out = response.responseHeaders));
  expect(out).toBeDefined();
  return out!;
}

beforeEach(resetElectron);

describe('the Kairn window', () => {
  it('is sandboxed and isolated, with no Node, no webviews, web security on and only our preload', () => {
    createMainWindow(PRELOAD);
    const prefs = only().options.webPreferences;
    expect(prefs).toEqual({
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      webSecurity: true,
      spellcheck: false,
    });
  });

  it('loads only our own app:// page (with the route), and shows itself once painted', () => {
    createMainWindow(PRELOAD, '#/recover?path=%2Fhome%2Fa');
    const win = only();
    expect(win.loaded).toEqual([`${APP_ENTRY_URL}#/recover?path=%2Fhome%2Fa`]);
    expect(win.loaded.every((url) => url.startsWith('app://kairn/'))).toBe(true);
    expect(win.options.show).toBe(false);
    expect(win.shown).toBe(false);
    win.emit('ready-to-show');
    expect(win.shown).toBe(true);
  });

  it('puts Kairn’s CSP on every response the window receives', () => {
    createMainWindow(PRELOAD);
    const win = only();
    const headers = headersAfterHook(win, { 'Content-Type': ['text/html'] });
    expect(headers['Content-Type']).toEqual(['text/html']);
    expect(headers['Content-Security-Policy']).toEqual([WINDOW_CSP]);
    // A looser policy from elsewhere is replaced, not kept beside ours.
    const replaced = headersAfterHook(win, { 'Content-Security-Policy': ['default-src *'] });
    expect(replaced['Content-Security-Policy']).toEqual([WINDOW_CSP]);
  });

  it('follows the desktop’s light and dark theme for its background, until it is closed', () => {
    nativeTheme.shouldUseDarkColors = true;
    createMainWindow(PRELOAD);
    const win = only();
    expect(nativeTheme.themeSource).toBe('system');
    expect(win.backgroundColor).toBe('#1b1e20');
    nativeTheme.shouldUseDarkColors = false;
    nativeTheme.emit('updated');
    expect(win.backgroundColor).toBe('#eff0f1');
    win.close();
    expect(nativeTheme.listenerCount('updated')).toBe(0);
  });
});

describe('the window CSP', () => {
  const directives = new Map(
    WINDOW_CSP.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name!, values] as const;
    }),
  );

  it('allows nothing from the network: no remote host, no WebSocket, no eval', () => {
    for (const [name, values] of directives) {
      for (const value of values) {
        expect(value, `${name} ${value}`).toMatch(/^('self'|'none'|'unsafe-inline'|data:|blob:)$/);
      }
    }
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'none'"]);
    // Scripts fall back to default-src 'self': no inline script, no eval.
    expect(directives.has('script-src')).toBe(false);
  });
});

describe('showing the window again', () => {
  it('creates the window when there is none', () => {
    showMainWindow(PRELOAD, '');
    const win = only();
    expect(win.loaded).toEqual([APP_ENTRY_URL]);
  });

  it('brings the existing window back (unminimized, focused) and leads it to the route', () => {
    showMainWindow(PRELOAD, '');
    const win = only();
    win.minimized = true;
    showMainWindow(PRELOAD, '#/recover?path=%2Fx');
    expect(only()).toBe(win);
    expect(win.minimized).toBe(false);
    expect(win.focusCount).toBe(1);
    expect(win.loaded).toEqual([APP_ENTRY_URL, `${APP_ENTRY_URL}#/recover?path=%2Fx`]);
  });

  it('keeps the page as it is when no route is asked for', () => {
    showMainWindow(PRELOAD, '');
    const win = only();
    showMainWindow(PRELOAD, '');
    expect(win.loaded).toEqual([APP_ENTRY_URL]);
    expect(win.focusCount).toBe(1);
  });
});
