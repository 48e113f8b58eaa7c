import { beforeEach, describe, expect, it, vi } from 'vitest';

import { EventBus } from '../../../electron/core/api/events';
import type { BootOptions } from '../../../electron/hosts/boot';
import { isBackground, runMain, type MainOptions } from '../../../electron/main/app-main';
import { nativeFolderPicker } from '../../../electron/main/folder-picker';
import { nativeSaveDialog } from '../../../electron/main/save-dialog';
import { APP_ENTRY_URL } from '../../../electron/main/guards';
import { INVOKE_CHANNEL } from '../../../electron/preload/channels';
import { app, BrowserWindow, ipcMain, protocol, resetElectron } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

const PRELOAD = '/opt/kairn/out/preload/index.cjs';

interface Harness {
  options: MainOptions;
  boots: BootOptions[];
  closes: number;
  log: string[];
}

/** runMain's inputs with a stand-in core that records how it was booted and closed. */
function harness(argv: string[], failBoot?: Error): Harness {
  const boots: BootOptions[] = [];
  const log: string[] = [];
  const h: Harness = {
    boots,
    log,
    closes: 0,
    options: {
      argv,
      cwd: '/home/ada/Documents',
      preloadPath: PRELOAD,
      rendererRoot: '/opt/kairn/out/renderer',
      log: (line) => log.push(line),
      boot: (options) => {
        if (failBoot) throw failBoot;
        boots.push(options);
        return {
          core: {
            dispatch: () => Promise.resolve({ ok: true, result: null }),
            events: new EventBus(),
          },
          close: () => {
            h.closes += 1;
            return Promise.resolve();
          },
        };
      },
    },
  };
  return h;
}

/** Starts the host as Electron would: the lock first, then `ready`. */
async function started(h: Harness): Promise<boolean> {
  const running = runMain(h.options);
  app.becomeReady();
  return running;
}

function windows(): BrowserWindow[] {
  return BrowserWindow.getAllWindows();
}

beforeEach(resetElectron);

describe('single instance', () => {
  it('quits at once when another Kairn holds the lock, before booting anything', async () => {
    app.hasLock = false;
    const h = harness(['kairn-desktop', '--open', 'report.odt']);
    expect(await started(h)).toBe(false);
    expect(app.quitCount).toBe(1);
    expect(h.boots).toEqual([]);
    expect(windows()).toEqual([]);
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('registers app:// as privileged before ready in either case', async () => {
    app.hasLock = false;
    await started(harness(['kairn-desktop']));
    expect(protocol.privileged).toHaveLength(1);
  });

  it('the running one focuses its window and follows a second start’s `--open PATH` (relative to its folder)', async () => {
    const h = harness(['kairn-desktop']);
    expect(await started(h)).toBe(true);
    const [win] = windows();
    expect(win?.loaded).toEqual([APP_ENTRY_URL]);
    win!.minimized = true;
    app.emit('second-instance', {}, ['kairn-desktop', '--open', 'Notes/a b.txt'], '/home/ada');
    expect(windows()).toEqual([win]);
    expect(win!.minimized).toBe(false);
    expect(win!.focusCount).toBe(1);
    expect(win!.loaded.at(-1)).toBe(
      `${APP_ENTRY_URL}#/recover?path=${encodeURIComponent('/home/ada/Notes/a b.txt')}`,
    );
    app.emit('second-instance', {}, ['kairn-desktop', '--open=/etc/hosts'], '/');
    expect(win!.loaded.at(-1)).toBe(
      `${APP_ENTRY_URL}#/recover?path=${encodeURIComponent('/etc/hosts')}`,
    );
  });

  it('a second start while only the background process runs opens the window', async () => {
    const h = harness(['kairn-desktop', '--background']);
    await started(h);
    expect(windows()).toEqual([]);
    app.emit('second-instance', {}, ['kairn-desktop'], '/home/ada');
    expect(windows()).toHaveLength(1);
  });
});

describe('starting', () => {
  it('serves app://, boots the core with the native folder picker, attaches IPC and opens `--open PATH`', async () => {
    const h = harness(['kairn-desktop', '--open', 'report.odt']);
    await started(h);
    expect([...protocol.handlers.keys()]).toEqual(['app']);
    expect(h.boots).toHaveLength(1);
    expect(h.boots[0]?.folderPicker).toBe(nativeFolderPicker);
    // "Create a report for your helper" saves through the desktop's own dialog.
    expect(h.boots[0]?.saveDialog).toBe(nativeSaveDialog);
    expect([...ipcMain.handlers.keys()]).toEqual([INVOKE_CHANNEL]);
    expect(windows()[0]?.loaded).toEqual([
      `${APP_ENTRY_URL}#/recover?path=${encodeURIComponent('/home/ada/Documents/report.odt')}`,
    ]);
    expect(windows()[0]?.options.webPreferences).toMatchObject({ preload: PRELOAD });
  });

  it('quits when the last window closes, and then lets go of IPC and the core', async () => {
    const h = harness(['kairn-desktop']);
    await started(h);
    windows()[0]!.close();
    app.emit('window-all-closed');
    expect(app.quitCount).toBe(1);
    app.emit('will-quit');
    expect(ipcMain.handlers.size).toBe(0);
    expect(h.closes).toBe(1);
  });

  it('in the background (started at login) opens no window and stays when windows close', async () => {
    expect(isBackground(['kairn-desktop', '--background'])).toBe(true);
    expect(isBackground(['kairn-desktop'])).toBe(false);
    const h = harness(['kairn-desktop', '--background']);
    await started(h);
    expect(windows()).toEqual([]);
    app.emit('window-all-closed');
    expect(app.quitCount).toBe(0);
  });

  it('a core that cannot start ends the process with exit code 1 and one line', async () => {
    const h = harness(['kairn-desktop'], new Error('no session bus'));
    await started(h);
    expect(app.exitCode).toBe(1);
    expect(h.log).toEqual(['could not start: no session bus']);
    expect(windows()).toEqual([]);
  });
});
