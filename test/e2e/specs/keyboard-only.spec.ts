/**
 * Journeys 1 and 3 with the keyboard alone (Tab, Shift+Tab, Enter, arrows, typing): no click,
 * no focus() call. Each step asserts on what a person sees. A control that Tab cannot reach
 * fails the test by name (a keyboard trap or an unreachable button).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';

import { apiCall, openApp, screenshot, useDemoSession } from '../fixtures';

const session = useDemoSession();

/** What has the keyboard focus: its test id (or its nearest ancestor's) and its visible name. */
async function focused(page: Page): Promise<{ testId: string | null; name: string }> {
  return page.evaluate(() => {
    const el = document.activeElement;
    const owner = el?.closest('[data-testid]');
    return {
      testId: owner?.getAttribute('data-testid') ?? null,
      name: (el?.getAttribute('aria-label') ?? el?.textContent ?? '').trim(),
    };
  });
}

/** Presses Tab (or Shift+Tab) until the control with `testId` has the focus; fails if it never does. */
async function tabTo(page: Page, testId: string, options: { back?: boolean; max?: number } = {}) {
  const seen: string[] = [];
  for (let i = 0; i < (options.max ?? 80); i += 1) {
    await page.keyboard.press(options.back ? 'Shift+Tab' : 'Tab');
    const now = await focused(page);
    if (now.testId === testId) return;
    seen.push(now.testId ?? now.name.slice(0, 30));
  }
  throw new Error(`Tab never reached ${testId}; it went through: ${seen.join(' → ')}`);
}

test('journey 1 by keyboard: find a deleted file by its name, restore it, and it is back', async () => {
  const status = await apiCall(session.server, 'status.get', {});
  const livePath = join(status.home.path, 'Documents', 'Old CV.txt');
  await expect(readFile(livePath)).rejects.toMatchObject({ code: 'ENOENT' });

  const { page, errors, context } = await openApp(session.browser, session.server);
  // From the top of the hub: the navigation, then the area.
  await tabTo(page, 'nav-recover');
  await page.keyboard.press('Enter');
  await page.getByTestId('page-recover').waitFor();
  await expect(page.locator('main h1').first().textContent()).resolves.toBe('Recover files');

  await tabTo(page, 'search-box');
  await page.keyboard.type('old cv');
  await page.keyboard.press('Enter');
  const result = page.getByTestId('search-result').filter({ hasText: 'Old CV.txt' }).first();
  await result.waitFor({ timeout: 30_000 });
  await expect(result.textContent()).resolves.toMatch(/deleted/i);

  await tabTo(page, 'search-result');
  await page.keyboard.press('Enter');
  await page.getByTestId('item-panel').waitFor();
  await expect(page.getByTestId('item-name').textContent()).resolves.toBe('Old CV.txt');

  await tabTo(page, 'restore-keep-both');
  await page.keyboard.press('Enter');
  const confirmation = page.getByTestId('restore-confirmation');
  await confirmation.waitFor({ timeout: 30_000 });
  await expect(confirmation.textContent()).resolves.toMatch(/is back in Documents/);
  await screenshot(page, 'keyboard-journey-1');
  expect((await readFile(livePath, 'utf8')).length).toBeGreaterThan(0);
  expect(errors).toEqual([]);
  await context.close();
});

test('journey 3 by keyboard: from the navigation to Restart tonight, see it planned, cancel it', async () => {
  const { page, errors, context } = await openApp(session.browser, session.server);
  await tabTo(page, 'nav-updates');
  await page.keyboard.press('Enter');
  await page.getByTestId('page-updates').waitFor();
  await expect(page.getByTestId('restart-needed').locator('h2').textContent()).resolves.toBe(
    'A restart is needed',
  );
  await page.getByTestId('restart-not-scheduled').waitFor();

  await tabTo(page, 'restart-tonight');
  await expect(focused(page)).resolves.toMatchObject({ name: 'Restart tonight' });
  await page.keyboard.press('Enter');
  const scheduled = page.getByTestId('restart-scheduled');
  await scheduled.waitFor();
  await expect(scheduled.textContent()).resolves.toMatch(/\b0?3:00\b/);
  const held = await apiCall(session.server, 'restart.get', {});
  expect(held.scheduled).toMatchObject({ type: 'reboot', byKairn: true });
  await screenshot(page, 'keyboard-journey-3');

  await tabTo(page, 'restart-cancel');
  await page.keyboard.press('Enter');
  await page.getByTestId('restart-not-scheduled').waitFor();
  expect((await apiCall(session.server, 'restart.get', {})).scheduled).toBeNull();
  expect(errors).toEqual([]);
  await context.close();
});
