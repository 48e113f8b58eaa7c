import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import WebSocket from 'ws';

import type { MethodName, ParamsIn, ResultOf } from '../../shared/api/contract';
import type { ResponseFrame } from '../../shared/api/wire';
import { wsProtocols } from '../../shared/api/ws-auth';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'electron/cli/bin.mjs');
const URL_LINE = /^Kairn is serving at (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]+))$/;

/** Flags Debian's Chromium needs on this closed network (see shared recipes §5). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface DemoServer {
  url: string;
  origin: string;
  token: string;
  output: string[];
  stop(): Promise<void>;
}

/** Starts `kairn serve --demo --port 0` and waits for its one URL line (bounded). */
export async function startDemoServer(
  extraEnv: NodeJS.ProcessEnv = {},
  options: { family?: 'snapper' | 'rpm-ostree' | 'sysupdate' } = {},
): Promise<DemoServer> {
  const family = options.family ? ['--family', options.family] : [];
  const child: ChildProcess = spawn(
    process.execPath,
    [BIN, 'serve', '--demo', ...family, '--port', '0'],
    {
      cwd: ROOT,
      env: { ...process.env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (l) => output.push(`stderr: ${l}`));
  const first = await new Promise<RegExpExecArray>((resolveLine, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no URL line within 60 s:\n${output.join('\n')}`)),
      60_000,
    );
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`kairn serve exited with ${String(code)}:\n${output.join('\n')}`));
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      output.push(line);
      const match = URL_LINE.exec(line);
      if (match) {
        clearTimeout(timer);
        resolveLine(match);
      }
    });
  });
  const [, url, port, token] = first as unknown as [string, string, string, string];
  return {
    url,
    origin: `http://127.0.0.1:${port}`,
    token,
    output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((done) => child.once('exit', () => done()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.KAIRN_CHROMIUM ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}

export interface AppPage {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught page errors seen so far. */
  errors: string[];
}

/** Opens the app in a fresh context and waits for the readiness marker. */
export async function openApp(
  browser: Browser,
  server: DemoServer,
  options: { colorScheme?: 'light' | 'dark'; locale?: string } = {},
): Promise<AppPage> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    colorScheme: options.colorScheme ?? 'light',
    locale: options.locale ?? 'en-GB',
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(server.url);
  await page.locator('body[data-kairn-ready="true"]').waitFor({ timeout: 30_000 });
  return { context, page, errors };
}

/** Saves a screenshot under test-results/ (kept as a CI artifact and for looking at). */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = join(ROOT, 'test-results');
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/** Calls the API over the same WebSocket the renderer uses (for setting up and checking state). */
export async function apiCall<M extends MethodName>(
  server: DemoServer,
  method: M,
  params: ParamsIn<M>,
): Promise<ResultOf<M>> {
  const url = `ws://127.0.0.1:${new URL(server.origin).port}/api`;
  const ws = new WebSocket(url, wsProtocols(server.token), { origin: server.origin });
  try {
    await new Promise<void>((ok, fail) => {
      ws.once('open', () => ok());
      ws.once('error', fail);
    });
    const reply = await new Promise<ResponseFrame>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`${method} got no reply in 30 s`)), 30_000);
      ws.on('message', (data: Buffer) => {
        const frame = JSON.parse(data.toString()) as { type: string };
        if (frame.type === 'reply') {
          clearTimeout(timer);
          ok(frame as ResponseFrame);
        }
      });
      ws.send(JSON.stringify({ type: 'call', id: 1, method, params }));
    });
    if (!reply.reply.ok)
      throw new Error(`${method}: ${reply.reply.error.code} ${reply.reply.error.detail ?? ''}`);
    return reply.reply.result as ResultOf<M>;
  } finally {
    ws.close();
  }
}

export interface DemoSession {
  readonly server: DemoServer;
  readonly browser: Browser;
}

/** One demo server and one Chromium for the spec file that calls this (started before, stopped after). */
export function useDemoSession(
  options: { family?: 'snapper' | 'rpm-ostree' | 'sysupdate' } = {},
  extraEnv: NodeJS.ProcessEnv = {},
): DemoSession {
  let server: DemoServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await startDemoServer(extraEnv, options);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  return {
    get server() {
      if (!server) throw new Error('the demo server is not running (used outside a test?)');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('Chromium is not running (used outside a test?)');
      return browser;
    },
  };
}
