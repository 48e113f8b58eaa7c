import { app } from 'electron';

import type { Core } from '../core/compose';
import type { BootedCore, BootOptions } from '../hosts/boot';
import { attachIpcBridge } from './ipc-bridge';
import { nativeFolderPicker } from './folder-picker';
import { routeFromArgv } from './open-route';
import { nativeSaveDialog } from './save-dialog';
import { handleAppProtocol, registerAppScheme } from './protocol';
import { showMainWindow } from './window';

/** What the Electron entry hands in; tests pass a stand-in core. */
export interface MainOptions {
  argv: readonly string[];
  cwd: string;
  preloadPath: string;
  rendererRoot: string;
  /** bootCore; the host needs only the core's dispatch and events, and its shutdown. */
  boot: (
    options: BootOptions,
  ) => Pick<BootedCore, 'close'> & { core: Pick<Core, 'dispatch' | 'events'> };
  log: (line: string) => void;
}

/** `--background`: started at login; no window until asked (the notifier arrives with a later issue). */
export function isBackground(argv: readonly string[]): boolean {
  return argv.includes('--background');
}

async function start(options: MainOptions): Promise<void> {
  await app.whenReady();
  handleAppProtocol(options.rendererRoot);
  const booted = options.boot({
    log: options.log,
    folderPicker: nativeFolderPicker,
    saveDialog: nativeSaveDialog,
  });
  const detachBridge = attachIpcBridge(booted.core);
  const background = isBackground(options.argv);
  // A second `kairn-desktop --open PATH` (the file manager's "Earlier versions…") lands here.
  app.on('second-instance', (_event, argv, workingDirectory) =>
    showMainWindow(options.preloadPath, routeFromArgv(argv, workingDirectory)),
  );
  app.on('window-all-closed', () => {
    if (!background) app.quit();
  });
  app.once('will-quit', () => {
    detachBridge();
    void booted.close();
  });
  if (!background) showMainWindow(options.preloadPath, routeFromArgv(options.argv, options.cwd));
}

/**
 * The Electron host's whole start: the app:// scheme (before `ready`), one instance per user
 * session, then the core, the IPC bridge and the window. Resolves false when another Kairn
 * already runs (it shows its window through `second-instance` and this process quits).
 */
export async function runMain(options: MainOptions): Promise<boolean> {
  registerAppScheme();
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  try {
    await start(options);
  } catch (err: unknown) {
    options.log(`could not start: ${err instanceof Error ? err.message : String(err)}`);
    app.exit(1);
  }
  return true;
}
