/**
 * Bench: opening the browser host's address until the hub's heading is visible and its status
 * cards are filled (issue 11, item 11: at most 500 ms on this machine).
 * Reference, measured in the same run from the same host: a static page of the same size (the
 * bytes the app loads before the hub shows: index.html, the entry script and styles), which
 * paints a heading and does nothing else. Both are timed from navigation start (performance's
 * time origin) to the second animation frame after the element is there, i.e. painted.
 * Run: `node --import tsx test/bench/open-fast-bench.ts` (after `npm run build`).
 */
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

import type { Browser } from 'playwright-core';

import { launchChromium, startDemoServer, type DemoServer } from '../e2e/fixtures';

const RUNS = 7;
const TARGET_MS = 500;
const RENDERER = resolve(import.meta.dirname, '../../out/renderer');
const STATIC_DIR = join(RENDERER, 'bench-static');

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/** The bytes the app needs before its first screen: index.html and what it links (not lazy chunks). */
async function initialBytes(): Promise<{ bytes: number; files: string[] }> {
  const html = await readFile(join(RENDERER, 'index.html'), 'utf8');
  const linked = [...html.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((m) => m[1] ?? '');
  const files = ['index.html', ...linked.filter((f) => f.length > 0)];
  let bytes = 0;
  for (const file of files) bytes += (await stat(join(RENDERER, file))).size;
  return { bytes, files };
}

/** A static page of `bytes` bytes in all: a heading and an inert script that fills the rest. */
async function writeStaticPage(bytes: number): Promise<void> {
  await mkdir(STATIC_DIR, { recursive: true });
  const html = `<!doctype html><html lang="en"><head><meta charset="UTF-8"><title>static</title>
<script type="module" src="./payload.js"></script></head><body><h1>Static page</h1></body></html>`;
  const head = 'globalThis.__payload = "';
  const tail = '";\n';
  const fill = Math.max(0, bytes - html.length - head.length - tail.length);
  await writeFile(join(STATIC_DIR, 'index.html'), html);
  await writeFile(join(STATIC_DIR, 'payload.js'), `${head}${'x'.repeat(fill)}${tail}`);
}

/**
 * Runs in the page before any of its scripts: sets `__shownAt` to a promise of the time the
 * target is first there, painted. 'hub': the hub's heading is visible and its status cards hold
 * the first status answer; 'static': the static page's heading. Plain JavaScript source, because
 * tsx would wrap a TypeScript function's inner functions in helpers the page does not have.
 */
function watchScript(target: 'hub' | 'static'): string {
  return `(() => {
  const target = ${JSON.stringify(target)};
  // Where the time goes (hub only): the socket opened, the status answer in, the first render.
  const phases = (window.__phases = {});
  const Socket = window.WebSocket;
  window.WebSocket = class extends Socket {
    constructor(...args) {
      super(...args);
      phases.socketCreated ??= performance.now();
      this.addEventListener('open', () => { phases.socketOpen ??= performance.now(); });
      this.addEventListener('message', (e) => {
        if (String(e.data).includes('"familyLabel"')) phases.statusIn ??= performance.now();
      });
    }
  };
  function ready() {
    if (target === 'static') return document.querySelector('h1') !== null;
    const root = document.getElementById('root');
    if (root && root.children.length > 0) phases.firstRender ??= performance.now();
    const heading = document.querySelector('[data-testid="hub"] h1');
    return heading !== null && heading.getBoundingClientRect().height > 0 &&
      document.body.dataset.kairnReady === 'true' &&
      document.querySelectorAll('[data-testid="hub"] .check').length > 0;
  }
  window.__shownAt = new Promise((resolveShown) => {
    function check() {
      if (!ready()) return false;
      requestAnimationFrame(() => requestAnimationFrame(() => resolveShown(performance.now())));
      return true;
    }
    if (check()) return;
    const observer = new MutationObserver(() => { if (check()) observer.disconnect(); });
    observer.observe(document, { childList: true, subtree: true, attributes: true });
  });
})();`;
}

const PHASES = ['scriptsIn', 'socketCreated', 'socketOpen', 'firstRender', 'statusIn'] as const;
type Phases = Partial<Record<(typeof PHASES)[number], number>>;

/** One cold open in a fresh context (no cache shared between runs). */
async function timeOpen(
  browser: Browser,
  url: string,
  target: 'hub' | 'static',
  phases: Phases[] = [],
): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    await context.addInitScript({ content: watchScript(target) });
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'commit' });
    // Bounded: a page that never shows its target fails the bench instead of hanging it.
    await page.waitForFunction(() => '__shownAt' in window, undefined, { timeout: 30_000 });
    const shown = await page.evaluate(
      () => (window as unknown as { __shownAt: Promise<number> }).__shownAt,
    );
    if (typeof shown !== 'number') throw new Error(`${target}: no time measured`);
    phases.push(
      await page.evaluate(() => {
        const found = (window as unknown as { __phases: Record<string, number> }).__phases;
        // The page's own scripts (not lazy chunks) are all in.
        const scripts = performance
          .getEntriesByType('resource')
          .filter((e) => e.name.endsWith('.js'))
          .map((e) => (e as PerformanceResourceTiming).responseEnd);
        return { ...found, scriptsIn: Math.max(0, ...scripts) };
      }),
    );
    return shown;
  } finally {
    await context.close();
  }
}

async function main(): Promise<void> {
  const { bytes, files } = await initialBytes();
  await writeStaticPage(bytes);
  let server: DemoServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await startDemoServer();
    browser = await launchChromium();
    const app: number[] = [];
    const reference: number[] = [];
    const phases: Phases[] = [];
    // One warm-up of each: the first launch of a context pays Chromium's own start-up.
    await timeOpen(browser, `${server.origin}/bench-static/index.html`, 'static');
    await timeOpen(browser, server.url, 'hub');
    for (let run = 0; run < RUNS; run += 1) {
      reference.push(await timeOpen(browser, `${server.origin}/bench-static/index.html`, 'static'));
      app.push(await timeOpen(browser, server.url, 'hub', phases));
    }
    const appMedian = median(app);
    const refMedian = median(reference);
    process.stdout.write(
      `open to hub heading + filled status cards: median ${appMedian.toFixed(0)} ms ` +
        `(runs ${app.map((v) => v.toFixed(0)).join(', ')}); static page of the same size ` +
        `(${(bytes / 1024).toFixed(0)} KiB: ${files.join(', ')}): median ${refMedian.toFixed(0)} ms; ` +
        `ratio ${(appMedian / refMedian).toFixed(2)}; target ${TARGET_MS} ms: ` +
        `${appMedian <= TARGET_MS ? 'within' : 'OVER'}\n`,
    );
    const phaseLine = PHASES.map((name) => {
      const values = phases.map((p) => p[name]).filter((v): v is number => v !== undefined);
      return `${name} ${median(values).toFixed(0)}`;
    }).join(', ');
    process.stdout.write(`  hub phases, median ms from navigation start: ${phaseLine}\n`);
    process.exitCode = appMedian <= TARGET_MS ? 0 : 1;
  } finally {
    await browser?.close();
    await server?.stop();
    await rm(STATIC_DIR, { recursive: true, force: true });
  }
}

await main();
