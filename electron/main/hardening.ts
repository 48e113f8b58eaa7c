/**
 * Hardening of the Electron host, as functions (security.ts applies them on import): every
 * renderer is sandboxed, may not open windows, navigate, attach webviews or get permissions.
 */
import { app, session, shell, type WebContents } from 'electron';

import { safeExternalUrl } from './guards';

/** Guards one renderer: links go to the desktop's browser, everything else that would leave the page is stopped. */
export function guardContents(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    const external = safeExternalUrl(url);
    // Links open in the desktop's browser, never in an Electron window.
    if (external !== null) void shell.openExternal(external).catch(() => undefined);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** No permission (camera, notifications, clipboard read, …) is ever granted to a page. */
export function denyPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) =>
    callback(false),
  );
  session.defaultSession.setPermissionCheckHandler(() => false);
}

/** Must run before any window exists. */
export function hardenApp(): void {
  app.enableSandbox();
  app.on('web-contents-created', (_event, contents) => guardContents(contents));
  void app.whenReady().then(denyPermissions);
}
