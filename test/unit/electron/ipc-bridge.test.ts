import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

import { EventBus } from '../../../electron/core/api/events';
import type { Dispatch } from '../../../electron/core/api/dispatch';
import { attachIpcBridge } from '../../../electron/main/ipc-bridge';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../../../electron/preload/channels';
import { findBridge, type KairnBridge } from '../../../renderer/src/api/bridge-transport';
import { EVENT_NAMES, METHOD_NAMES } from '../../../shared/api/contract';
import type { Envelope } from '../../../shared/api/wire';
import { BrowserWindow, contextBridge, ipcMain, ipcRenderer, resetElectron } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

/** What the preload put on `window.kairn`, taken once (the preload runs once per page). */
let exposed: Map<string, unknown>;
let bridge: KairnBridge;

beforeAll(async () => {
  resetElectron();
  await import('../../../electron/preload/index');
  exposed = new Map(contextBridge.exposed);
  const found = findBridge({ kairn: exposed.get('kairn') });
  expect(found).not.toBeNull();
  bridge = found!;
});

/** A stand-in core: dispatch echoes what reached it; events are the real bus. */
function fakeCore(): { dispatch: ReturnType<typeof vi.fn<Dispatch>>; events: EventBus } {
  const dispatch = vi.fn<Dispatch>((method, params) =>
    Promise.resolve({ ok: true, result: { method, params } }),
  );
  return { dispatch, events: new EventBus() };
}

function windowAt(url: string): BrowserWindow {
  const win = new BrowserWindow({ backgroundColor: '#000' });
  win.webContents.url = url;
  return win;
}

beforeEach(() => {
  ipcMain.handlers.clear();
  ipcRenderer.listeners.clear();
  ipcRenderer.frameUrl = 'app://kairn/index.html';
  BrowserWindow.windows = [];
});

describe('the preload', () => {
  it('exposes only `kairn` with exactly invoke and on, and never ipcRenderer itself', () => {
    expect([...exposed.keys()]).toEqual(['kairn']);
    const api = exposed.get('kairn');
    expect(api).toBeTypeOf('object');
    const members: [string, unknown][] =
      typeof api === 'object' && api !== null ? Object.entries(api) : [];
    expect(members.map(([key]) => key).sort()).toEqual(['invoke', 'on']);
    expect(members.every(([, value]) => typeof value === 'function')).toBe(true);
    expect(members.map(([, value]) => value)).not.toContain(ipcRenderer);
  });

  it('carries every contract method, with its params, to the core’s dispatch on the one invoke channel', async () => {
    const core = fakeCore();
    attachIpcBridge(core);
    expect([...ipcMain.handlers.keys()]).toEqual([INVOKE_CHANNEL]);
    for (const method of METHOD_NAMES) {
      const reply: Envelope<unknown> = await bridge.invoke(method, { probe: method });
      expect(reply).toEqual({ ok: true, result: { method, params: { probe: method } } });
    }
    expect(core.dispatch).toHaveBeenCalledTimes(METHOD_NAMES.length);
  });

  it('hands every contract event to the page’s listener, until it unsubscribes', () => {
    const seen: [string, unknown][] = [];
    const stop = bridge.on((event, payload) => seen.push([event, payload]));
    for (const name of EVENT_NAMES) ipcRenderer.deliver(EVENT_CHANNEL, name, { probe: name });
    ipcRenderer.deliver('some-other-channel', 'job.finished', {});
    expect(seen).toEqual(EVENT_NAMES.map((name) => [name, { probe: name }]));
    stop();
    ipcRenderer.deliver(EVENT_CHANNEL, 'job.finished', {});
    expect(seen).toHaveLength(EVENT_NAMES.length);
    expect(ipcRenderer.listeners.get(EVENT_CHANNEL)?.size).toBe(0);
  });
});

describe('the IPC sender check', () => {
  it('refuses calls from frames that are not the Kairn page, without reaching the core', async () => {
    const core = fakeCore();
    attachIpcBridge(core);
    for (const url of [
      'https://evil.example/',
      'app://evil/index.html',
      'file:///index.html',
      'http://127.0.0.1:4000/',
      'data:text/html,x',
    ]) {
      ipcRenderer.frameUrl = url;
      const reply = await bridge.invoke('status.get', {});
      expect(reply, url).toMatchObject({ ok: false, error: { code: 'access-denied' } });
    }
    // A frame that has gone away (Electron gives no senderFrame) is not trusted either.
    const handler = ipcMain.handlers.get(INVOKE_CHANNEL)!;
    expect(await handler({ senderFrame: null }, 'status.get', {})).toMatchObject({
      ok: false,
      error: { code: 'access-denied' },
    });
    expect(core.dispatch).not.toHaveBeenCalled();
  });

  it('sends core events only to live windows showing the Kairn page', () => {
    const core = fakeCore();
    attachIpcBridge(core);
    const ours = windowAt('app://kairn/index.html#/recover');
    const foreign = windowAt('https://evil.example/');
    const gone = windowAt('app://kairn/index.html');
    gone.webContents.destroyed = true;
    core.events.emit('snapshots.changed', { config: 'home' });
    expect(ours.webContents.sent).toEqual([
      [EVENT_CHANNEL, 'snapshots.changed', { config: 'home' }],
    ]);
    expect(foreign.webContents.sent).toEqual([]);
    expect(gone.webContents.sent).toEqual([]);
  });

  it('lets go of the channel and the events when detached', async () => {
    const core = fakeCore();
    const detach = attachIpcBridge(core);
    const win = windowAt('app://kairn/index.html');
    detach();
    expect(ipcMain.handlers.size).toBe(0);
    core.events.emit('snapshots.changed', { config: 'home' });
    expect(win.webContents.sent).toEqual([]);
    await expect(bridge.invoke('status.get', {})).rejects.toThrow(/No handler/);
    // Attaching again works (a second handler on the channel would throw).
    attachIpcBridge(core);
    expect(ipcMain.handlers.size).toBe(1);
  });
});
