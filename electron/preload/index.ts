import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

import { EVENT_CHANNEL, INVOKE_CHANNEL } from './channels';

// Two functions on two fixed channels, nothing else: the page never sees ipcRenderer itself.
contextBridge.exposeInMainWorld('kairn', {
  invoke: (method: string, params: unknown): Promise<unknown> =>
    ipcRenderer.invoke(INVOKE_CHANNEL, method, params),
  on: (listener: (event: string, payload: unknown) => void): (() => void) => {
    const handler = (_e: IpcRendererEvent, event: string, payload: unknown): void =>
      listener(event, payload);
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.off(EVENT_CHANNEL, handler);
    };
  },
});
