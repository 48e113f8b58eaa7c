import { expect, test } from 'vitest';

import { openApp, screenshot, useDemoSession } from '../fixtures';
import { AREAS, Shell } from '../pages/shell';

const session = useDemoSession();

test('the hub opens and every area can be visited without console errors', async () => {
  const { page, errors, context } = await openApp(session.browser, session.server);
  const shell = new Shell(page);
  await expect(shell.hub().isVisible()).resolves.toBe(true);
  await screenshot(page, 'hub-light');
  for (const area of AREAS) {
    await shell.open(area);
    expect(await page.evaluate(() => location.hash)).toContain(
      area === 'recover' ? 'recover' : area,
    );
    // Focus moves to the page heading so keyboard and screen-reader users land on the new page;
    // Recover files hands it on to its timeline once the points are in (the timeline mounts then).
    if (area === 'recover') {
      await shell.page.getByTestId('timeline').waitFor();
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? ''))
        .toBe('timeline');
    } else {
      const focusedTag = await page.evaluate(() => document.activeElement?.tagName ?? '');
      expect(focusedTag).toBe('H1');
    }
    await screenshot(page, `area-${area}`);
  }
  await page.goBack();
  await shell.pageFor('updates').waitFor();
  expect(errors).toEqual([]);
  await context.close();
});

test('keyboard: the first Tab reaches the skip link, and dark mode follows the system', async () => {
  const { page, errors, context } = await openApp(session.browser, session.server, {
    colorScheme: 'dark',
  });
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(
    () => (document.activeElement as HTMLElement | null)?.getAttribute('href') ?? '',
  );
  expect(focused).toBe('#main');
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  // Dark theme: the page background is dark (sum of RGB well below mid-grey).
  const sum = (background.match(/\d+/g) ?? [])
    .slice(0, 3)
    .map(Number)
    .reduce((a, b) => a + b, 0);
  expect(sum).toBeLessThan(3 * 100);
  await screenshot(page, 'hub-dark');
  expect(errors).toEqual([]);
  await context.close();
});
