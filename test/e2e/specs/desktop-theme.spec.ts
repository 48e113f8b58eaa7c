/**
 * Light and dark follow the desktop (issue 11, item 8): the demo desktop's portal stand-in says
 * "dark" (KAIRN_DEMO_COLOR_SCHEME=dark, answered over the demo's private session bus through
 * org.freedesktop.portal.Settings) while Chromium itself prefers light: the page must be dark,
 * in Breeze Dark's colours, and still pass axe. Without a portal preference the page follows
 * Chromium (covered with both schemes in accessibility.spec.ts).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';

import { launchChromium, openApp, screenshot, startDemoServer, type DemoServer } from '../fixtures';
import { seriousViolations } from '../pages/axe';
import { Shell } from '../pages/shell';
import { ThemeView } from '../pages/theme';

let server: DemoServer | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  server = await startDemoServer({ KAIRN_DEMO_COLOR_SCHEME: 'dark' });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

test('the portal says dark, Chromium says light: the page is dark (Breeze Dark) and passes axe', async () => {
  if (!server || !browser) throw new Error('not started');
  const { page, errors, context } = await openApp(browser, server, { colorScheme: 'light' });
  const view = new ThemeView(page);
  await view.waitFor('dark');
  await expect(view.colours()).resolves.toEqual({
    background: 'rgb(32, 35, 38)', // #202326, Breeze Dark window
    text: 'rgb(252, 252, 252)', // #fcfcfc, Breeze Dark text
  });
  await expect(seriousViolations(page)).resolves.toEqual([]);
  await screenshot(page, 'theme-portal-dark-hub');
  await new Shell(page).open('recover');
  await expect(view.theme()).resolves.toBe('dark');
  await expect(seriousViolations(page)).resolves.toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
});

test("Chromium switching to light later does not override the desktop's dark", async () => {
  if (!server || !browser) throw new Error('not started');
  const { page, errors, context } = await openApp(browser, server, { colorScheme: 'dark' });
  const view = new ThemeView(page);
  await view.waitFor('dark');
  await view.switchBrowserScheme('light');
  await expect(view.theme()).resolves.toBe('dark');
  expect(errors).toEqual([]);
  await context.close();
});
