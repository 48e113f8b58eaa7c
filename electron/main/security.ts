/**
 * Imported first by index.ts: hardening that must be in place before any window exists.
 * Every renderer is sandboxed, may not open windows, navigate, attach webviews or get permissions.
 */
import { app, session, shell } from 'electron';

import { safeExternalUrl } from './guards';

app.enableSandbox();

app.on('web-contents-created', (_event, contents) => {
  contents.setWindowOpenHandler(({ url }) => {
    const external = safeExternalUrl(url);
    // Links open in the desktop's browser, never in an Electron window.
    if (external !== null) void shell.openExternal(external).catch(() => undefined);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

void app.whenReady().then(() => {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
});
