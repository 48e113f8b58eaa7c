import { BrowserWindow, nativeTheme } from 'electron';

import { APP_ENTRY_URL, WINDOW_CSP } from './guards';

const BACKGROUND = { dark: '#1b1e20', light: '#eff0f1' } as const;

function background(): string {
  return nativeTheme.shouldUseDarkColors ? BACKGROUND.dark : BACKGROUND.light;
}

/** The Kairn window: isolated, sandboxed, no Node, no webviews; shown once its first paint is ready. */
export function createMainWindow(preloadPath: string, route = ''): BrowserWindow {
  nativeTheme.themeSource = 'system';
  const win = new BrowserWindow({
    width: 1100,
    height: 760,
    minWidth: 640,
    minHeight: 480,
    show: false,
    title: 'Kairn',
    backgroundColor: background(),
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  win.webContents.session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [WINDOW_CSP] },
    });
  });
  const onTheme = (): void => win.setBackgroundColor(background());
  nativeTheme.on('updated', onTheme);
  win.on('closed', () => nativeTheme.off('updated', onTheme));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ENTRY_URL}${route}`);
  return win;
}

/** Shows the one Kairn window (creating it if needed); `route` (from `--open PATH`) leads it to that item's versions. */
export function showMainWindow(preloadPath: string, route = ''): void {
  const existing = BrowserWindow.getAllWindows()[0];
  if (!existing) {
    createMainWindow(preloadPath, route);
    return;
  }
  if (route) void existing.loadURL(`${APP_ENTRY_URL}${route}`);
  if (existing.isMinimized()) existing.restore();
  existing.focus();
}
