import { BrowserWindow, ipcMain } from 'electron';

import type { Core } from '../core/compose';
import { KairnError } from '../core/errors';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../preload/channels';
import { isTrustedSender } from './guards';

/**
 * The Electron transport: one invoke channel into the core's dispatch (which validates method
 * and params) and one event channel out. Calls from any frame that is not our app:// page are refused.
 */
export function attachIpcBridge(core: Pick<Core, 'dispatch' | 'events'>): () => void {
  ipcMain.handle(INVOKE_CHANNEL, async (event, method: unknown, params: unknown) => {
    if (!isTrustedSender(event.senderFrame?.url)) {
      return {
        ok: false,
        error: new KairnError('access-denied', {
          detail: 'caller is not the Kairn window',
        }).toPayload(),
      };
    }
    return core.dispatch(method, params);
  });
  const stopEvents = core.events.subscribe((name, payload) => {
    for (const win of BrowserWindow.getAllWindows()) {
      const contents = win.webContents;
      if (!contents.isDestroyed() && isTrustedSender(contents.getURL()))
        contents.send(EVENT_CHANNEL, name, payload);
    }
  });
  return () => {
    stopEvents();
    ipcMain.removeHandler(INVOKE_CHANNEL);
  };
}
