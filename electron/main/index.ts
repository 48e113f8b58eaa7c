// Hardening first: it must be in place before anything else touches Electron.
import './security';

import { resolve } from 'node:path';

import { app, BrowserWindow } from 'electron';

import { bootCore } from '../hosts/boot';
import { outDir, rendererRoot } from '../hosts/paths';
import { nativeFolderPicker } from './folder-picker';
import { routeFromArgv } from './open-route';
import { attachIpcBridge } from './ipc-bridge';
import { APP_ENTRY_URL } from './guards';
import { handleAppProtocol, registerAppScheme } from './protocol';
import { createMainWindow } from './window';

/** `--background`: started at login; no window until asked (the notifier arrives with a later issue). */
const background = process.argv.includes('--background');
const preloadPath = resolve(outDir(), 'preload', 'index.cjs');

registerAppScheme();

/** Shows the window; `route` (from `--open PATH`) leads it to that item's versions. */
function showWindow(route = ''): void {
  const existing = BrowserWindow.getAllWindows()[0];
  if (!existing) {
    createMainWindow(preloadPath, route);
    return;
  }
  if (route) void existing.loadURL(`${APP_ENTRY_URL}${route}`);
  if (existing.isMinimized()) existing.restore();
  existing.focus();
}

async function start(): Promise<void> {
  await app.whenReady();
  handleAppProtocol(rendererRoot());
  const booted = bootCore({
    log: (line) => process.stderr.write(`kairn: ${line}\n`),
    folderPicker: nativeFolderPicker,
  });
  const detachBridge = attachIpcBridge(booted.core);
  // A second `kairn-desktop --open PATH` (the file manager's "Earlier versions…") lands here.
  app.on('second-instance', (_event, argv, workingDirectory) => showWindow(routeFromArgv(argv, workingDirectory)));
  app.on('window-all-closed', () => {
    if (!background) app.quit();
  });
  app.once('will-quit', () => {
    detachBridge();
    void booted.close();
  });
  if (!background) showWindow(routeFromArgv(process.argv, process.cwd()));
}

if (!app.requestSingleInstanceLock()) {
  // Another Kairn is running; it shows its window (second-instance) and this one leaves.
  app.quit();
} else {
  start().catch((err: unknown) => {
    process.stderr.write(`kairn: could not start: ${err instanceof Error ? err.message : String(err)}\n`);
    app.exit(1);
  });
}
