/**
 * A stand-in for the `electron` module (the binary cannot run here): just the parts Kairn's host
 * uses, recording what the host asks of Electron so tests can check it. Use it with
 * `vi.mock('electron', () => import('./fake-electron'))` and call `resetElectron()` before each test.
 */
import { EventEmitter } from 'node:events';

/** A `preventDefault()`-able Electron event. */
export class FakeEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

interface HeadersDetails {
  responseHeaders?: Record<string, string[]>;
}
type HeadersListener = (
  details: HeadersDetails,
  callback: (response: { responseHeaders?: Record<string, string[]> }) => void,
) => void;
type WindowOpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' };

export class FakeWebContents extends EventEmitter {
  url = '';
  destroyed = false;
  readonly sent: unknown[][] = [];
  windowOpenHandler: WindowOpenHandler | null = null;
  readonly session = {
    webRequest: {
      headersListener: null as HeadersListener | null,
      onHeadersReceived(listener: HeadersListener): void {
        this.headersListener = listener;
      },
    },
  };

  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }
  getURL(): string {
    return this.url;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push([channel, ...args]);
  }
}

export class BrowserWindow extends EventEmitter {
  static windows: BrowserWindow[] = [];
  static focused: BrowserWindow | null = null;

  static getAllWindows(): BrowserWindow[] {
    return [...BrowserWindow.windows];
  }
  static getFocusedWindow(): BrowserWindow | null {
    return BrowserWindow.focused;
  }

  readonly webContents = new FakeWebContents();
  readonly loaded: string[] = [];
  shown = false;
  minimized = false;
  focusCount = 0;
  backgroundColor: string;

  constructor(readonly options: { backgroundColor: string } & Record<string, unknown>) {
    super();
    this.backgroundColor = options.backgroundColor;
    BrowserWindow.windows.push(this);
  }

  loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    this.webContents.url = url;
    return Promise.resolve();
  }
  show(): void {
    this.shown = true;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  focus(): void {
    this.focusCount += 1;
  }
  setBackgroundColor(color: string): void {
    this.backgroundColor = color;
  }
  close(): void {
    BrowserWindow.windows = BrowserWindow.windows.filter((w) => w !== this);
    this.webContents.destroyed = true;
    this.emit('closed');
  }
}

class FakeApp extends EventEmitter {
  sandboxEnabled = false;
  hasLock = true;
  quitCount = 0;
  exitCode: number | null = null;
  private ready: { promise: Promise<void>; resolve: () => void } = FakeApp.deferred();

  private static deferred(): { promise: Promise<void>; resolve: () => void } {
    let resolve = (): void => undefined;
    const promise = new Promise<void>((r) => (resolve = r));
    return { promise, resolve };
  }
  reset(): void {
    this.removeAllListeners();
    this.sandboxEnabled = false;
    this.hasLock = true;
    this.quitCount = 0;
    this.exitCode = null;
    this.paths.clear();
    this.ready = FakeApp.deferred();
  }
  /** What Electron does once it has started. */
  becomeReady(): void {
    this.ready.resolve();
  }
  enableSandbox(): void {
    this.sandboxEnabled = true;
  }
  whenReady(): Promise<void> {
    return this.ready.promise;
  }
  requestSingleInstanceLock(): boolean {
    return this.hasLock;
  }
  quit(): void {
    this.quitCount += 1;
  }
  exit(code: number): void {
    this.exitCode = code;
  }
  /** The folders Electron knows by name; tests point them at temp folders. */
  paths = new Map<string, string>();
  getPath(name: string): string {
    const path = this.paths.get(name);
    if (path === undefined) throw new Error(`Failed to get '${name}' path`);
    return path;
  }
}
export const app = new FakeApp();

/** The invoke event main sees: which frame the call came from. */
export interface FakeInvokeEvent {
  senderFrame: { url: string } | null;
}
type InvokeHandler = (event: FakeInvokeEvent, ...args: unknown[]) => unknown;

export const ipcMain = {
  handlers: new Map<string, InvokeHandler>(),
  handle(channel: string, handler: InvokeHandler): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, handler);
  },
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  },
};

/** Electron hands the handler a GlobalRequest; Kairn reads only its method and URL. */
type ProtocolHandler = (request: { method: string; url: string }) => Promise<Response>;
export const protocol = {
  privileged: [] as unknown[],
  handlers: new Map<string, ProtocolHandler>(),
  registerSchemesAsPrivileged(schemes: unknown[]): void {
    this.privileged.push(...schemes);
  },
  handle(scheme: string, handler: ProtocolHandler): void {
    this.handlers.set(scheme, handler);
  },
};

type PermissionRequestHandler = (
  contents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
) => void;
type PermissionCheckHandler = (contents: unknown, permission: string) => boolean;
export const session = {
  defaultSession: {
    requestHandler: null as PermissionRequestHandler | null,
    checkHandler: null as PermissionCheckHandler | null,
    setPermissionRequestHandler(handler: PermissionRequestHandler): void {
      this.requestHandler = handler;
    },
    setPermissionCheckHandler(handler: PermissionCheckHandler): void {
      this.checkHandler = handler;
    },
  },
};

export const shell = {
  opened: [] as string[],
  openExternal(url: string): Promise<void> {
    this.opened.push(url);
    return Promise.resolve();
  },
};

export interface FakeDialogResult {
  canceled: boolean;
  filePaths: string[];
}
/** Electron's answer from showSaveDialog: `filePath` is '' when cancelled. */
export interface FakeSaveDialogResult {
  canceled: boolean;
  filePath: string;
}
export const dialog = {
  calls: [] as { parent: BrowserWindow | null; options: Record<string, unknown> }[],
  answer: { canceled: true, filePaths: [] } as FakeDialogResult,
  showOpenDialog(
    ...args: [BrowserWindow, Record<string, unknown>] | [Record<string, unknown>]
  ): Promise<FakeDialogResult> {
    const call =
      args.length === 2
        ? { parent: args[0], options: args[1] }
        : { parent: null, options: args[0] };
    this.calls.push(call);
    return Promise.resolve(this.answer);
  },
  saveCalls: [] as { parent: BrowserWindow | null; options: Record<string, unknown> }[],
  saveAnswer: { canceled: true, filePath: '' } as FakeSaveDialogResult,
  showSaveDialog(
    ...args: [BrowserWindow, Record<string, unknown>] | [Record<string, unknown>]
  ): Promise<FakeSaveDialogResult> {
    const call =
      args.length === 2
        ? { parent: args[0], options: args[1] }
        : { parent: null, options: args[0] };
    this.saveCalls.push(call);
    return Promise.resolve(this.saveAnswer);
  },
};

class FakeNativeTheme extends EventEmitter {
  shouldUseDarkColors = false;
  themeSource = 'system';
}
export const nativeTheme = new FakeNativeTheme();

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown): void {
    this.exposed.set(key, api);
  },
};

type RendererListener = (event: object, ...args: unknown[]) => void;
/** The renderer side; `invoke` goes to ipcMain's handler as if from a frame at `frameUrl`. */
export const ipcRenderer = {
  frameUrl: 'app://kairn/index.html',
  listeners: new Map<string, Set<RendererListener>>(),
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    const handler = ipcMain.handlers.get(channel);
    if (!handler) return Promise.reject(new Error(`No handler registered for '${channel}'`));
    return Promise.resolve(handler({ senderFrame: { url: this.frameUrl } }, ...args));
  },
  on(channel: string, listener: RendererListener): void {
    const set = this.listeners.get(channel) ?? new Set();
    set.add(listener);
    this.listeners.set(channel, set);
  },
  off(channel: string, listener: RendererListener): void {
    this.listeners.get(channel)?.delete(listener);
  },
  /** What main's `webContents.send` delivers to this renderer. */
  deliver(channel: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(channel) ?? []) listener({}, ...args);
  },
};

/** Back to a freshly started Electron. */
export function resetElectron(): void {
  app.reset();
  BrowserWindow.windows = [];
  BrowserWindow.focused = null;
  ipcMain.handlers.clear();
  protocol.privileged.length = 0;
  protocol.handlers.clear();
  session.defaultSession.requestHandler = null;
  session.defaultSession.checkHandler = null;
  shell.opened.length = 0;
  dialog.calls.length = 0;
  dialog.answer = { canceled: true, filePaths: [] };
  dialog.saveCalls.length = 0;
  dialog.saveAnswer = { canceled: true, filePath: '' };
  nativeTheme.removeAllListeners();
  nativeTheme.shouldUseDarkColors = false;
  nativeTheme.themeSource = 'system';
  contextBridge.exposed.clear();
  ipcRenderer.frameUrl = 'app://kairn/index.html';
  ipcRenderer.listeners.clear();
}
