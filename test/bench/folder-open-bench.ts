/**
 * Bench: opening a folder of 100 000 entries in a snapshot, in the browser host.
 * Target (issue #3): first rows painted within (time Chromium needs to paint a static 100-row
 * table) + 300 ms, and fewer than 300 row elements in the DOM at any time while scrolling.
 * Both times are measured in the same run, in the same browser, on the same machine.
 * Run: `node --import tsx test/bench/folder-open-bench.ts` (after `npm run build`).
 */
import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';

import type { Page } from 'playwright-core';

import { apiCall, launchChromium, openApp, startDemoServer } from '../e2e/fixtures';
import { Shell } from '../e2e/pages/shell';

const ENTRIES = 100_000;
const RUNS = 5;
const BIG = 'Hundred thousand';

async function makeBigFolder(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (let i = 0; i < ENTRIES; i += 1) {
    const handle = await open(join(dir, `item-${String(i).padStart(6, '0')}.txt`), 'w');
    await handle.close();
  }
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** ms from navigation start until a static 100-row table has been painted. */
async function staticTablePaint(page: Page, origin: string): Promise<number> {
  const rows = Array.from(
    { length: 100 },
    (_, i) => `<tr><td>item-${i}.txt</td><td>0 bytes</td><td>today</td></tr>`,
  ).join('');
  await page.route(`${origin}/bench-static.html`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html><body><table>${rows}</table></body></html>`,
    }),
  );
  await page.goto(`${origin}/bench-static.html`);
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now())));
      }),
  );
}

/** ms from the double-click on the folder until its first rows are painted. */
async function openBigFolder(page: Page): Promise<{ ms: number; domRows: number }> {
  await page.evaluate(() => {
    const w = window as unknown as { __openedAt?: number; __paintedAt?: Promise<number> };
    w.__paintedAt = new Promise<number>((resolve) => {
      const observer = new MutationObserver(() => {
        if (!document.querySelector('[data-testid="file-row"][data-name="item-000000.txt"]'))
          return;
        observer.disconnect();
        // Two frames: the rows are in the DOM and the frame with them has been painted.
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now())));
      });
      observer.observe(document.body, { childList: true, subtree: true });
    });
    document.addEventListener(
      'dblclick',
      (event) => {
        w.__openedAt = event.timeStamp;
      },
      { capture: true, once: true },
    );
  });
  await page.getByTestId('file-row').filter({ hasText: BIG }).first().dblclick();
  const painted = await page.evaluate(
    () => (window as unknown as { __paintedAt: Promise<number> }).__paintedAt,
  );
  const openedAt = await page.evaluate(
    () => (window as unknown as { __openedAt: number }).__openedAt,
  );
  return { ms: painted - openedAt, domRows: await page.getByTestId('file-row').count() };
}

/** Scrolls through the list and reports the most row elements seen at once. */
async function maxRowsWhileScrolling(page: Page): Promise<number> {
  let most = 0;
  const list = page.getByTestId('file-list');
  for (const fraction of [0.1, 0.5, 0.9, 1]) {
    await list.evaluate((el, f) => {
      el.scrollTop = el.scrollHeight * f;
    }, fraction);
    // Settle time for the virtual list to fetch and render the new window; this counts rows, it times nothing.
    await page.waitForTimeout(300);
    most = Math.max(most, await page.getByTestId('file-row').count());
  }
  return most;
}

async function main(): Promise<void> {
  const server = await startDemoServer();
  const browser = await launchChromium();
  try {
    const status = await apiCall(server, 'status.get', {});
    const config = status.home.config!;
    await makeBigFolder(join(status.home.path, BIG));
    await apiCall(server, 'snapshots.create', { config, description: 'bench' });
    const baseline: number[] = [];
    const opened: number[] = [];
    let domRows = 0;
    for (let run = 0; run < RUNS; run += 1) {
      // The baseline runs in its own context, closed before the app opens: a second open page
      // would make the app's page a background tab, whose animation frames Chromium throttles.
      const baselineContext = await browser.newContext();
      baseline.push(await staticTablePaint(await baselineContext.newPage(), server.origin));
      await baselineContext.close();
      const { page, context } = await openApp(browser, server);
      await new Shell(page).open('recover');
      // The newest point in time (the bench's snapshot) is the one just above "Now".
      const items = page.getByTestId('timeline-item');
      await items.nth((await items.count()) - 2).click();
      await page.getByTestId('file-row').filter({ hasText: BIG }).first().waitFor();
      const result = await openBigFolder(page);
      opened.push(result.ms);
      domRows = Math.max(domRows, result.domRows, await maxRowsWhileScrolling(page));
      await context.close();
    }
    const base = median(baseline);
    // Judged on the slowest run: the first one reads the folder cold; later ones hit the cache.
    const open = Math.max(...opened);
    process.stdout.write(
      `open folder of ${ENTRIES} entries: slowest ${open.toFixed(0)} ms, median ${median(opened).toFixed(0)} ms ` +
        `(runs ${opened.map((v) => v.toFixed(0)).join(', ')}), static 100-row table paint: ${base.toFixed(0)} ms, ` +
        `budget ${(base + 300).toFixed(0)} ms, ${open <= base + 300 ? 'within' : 'OVER'} target; ` +
        `most DOM rows ${domRows} (target < 300)\n`,
    );
    process.exitCode = open <= base + 300 && domRows < 300 ? 0 : 1;
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
