import { expect, test } from 'vitest';

import { openApp, useDemoSession } from '../fixtures';
import { focusedTestId, isInView } from '../pages/layout';
import { HistoryBrowser } from '../pages/recover-files-page';
import { Shell } from '../pages/shell';

const session = useDemoSession();

test('the timeline opens at now, in view and focused; the keyboard keeps the active point in view', async () => {
  const { page, errors, context } = await openApp(session.browser, session.server);
  await new Shell(page).open('recover');
  const history = new HistoryBrowser(page);
  await history.nowPoint().waitFor();
  await expect.poll(() => focusedTestId(page)).toBe('timeline');
  expect(await isInView(history.nowPoint(), history.timeline())).toBe(true);
  await expect(history.activePoint().getAttribute('data-snapshot')).resolves.toBe('0');

  // Home jumps to the oldest point, far above: it is scrolled into view; End comes back to now.
  await page.keyboard.press('Home');
  await expect.poll(() => history.activePoint().getAttribute('data-snapshot')).not.toBe('0');
  await expect.poll(() => isInView(history.activePoint(), history.timeline())).toBe(true);
  expect(await isInView(history.nowPoint(), history.timeline())).toBe(false);
  for (let i = 0; i < 12; i++) await page.keyboard.press('ArrowDown');
  await expect.poll(() => isInView(history.activePoint(), history.timeline())).toBe(true);
  await page.keyboard.press('End');
  await expect.poll(() => isInView(history.nowPoint(), history.timeline())).toBe(true);
  expect(errors).toEqual([]);
  await context.close();
});

test('named points show their name, also in a closed group; kept points say so', async () => {
  const { page, errors, context } = await openApp(session.browser, session.server);
  await new Shell(page).open('recover');
  const history = new HistoryBrowser(page);
  // The demo's "Before tidying up my photos" is kept and shares its day with a timeline point.
  const group = history.groups().filter({ hasText: 'Before tidying up my photos' });
  await group.waitFor();
  await expect(group.getAttribute('data-expanded')).resolves.toBe('false');
  await expect(group.innerText()).resolves.toMatch(/kept/i);
  await group.click();
  const point = history.timelineItems().filter({ hasText: 'Before tidying up my photos' });
  await point.waitFor();
  await expect(point.getAttribute('data-kept')).resolves.toBe('true');
  await expect(point.innerText()).resolves.toMatch(/kept/i);
  // Automatic points carry no made-up name.
  await expect(history.pointNames().allInnerTexts()).resolves.toEqual([
    'Before tidying up my photos',
  ]);
  expect(errors).toEqual([]);
  await context.close();
});

test('"Save a point in time now" asks for a name, and the new point shows it', async () => {
  const { page, errors, context } = await openApp(session.browser, session.server);
  await new Shell(page).open('recover');
  const history = new HistoryBrowser(page);
  await history.nowPoint().waitFor();
  await history.savePoint('Before the big clean-up');
  const point = history.timelineItems().filter({ hasText: 'Before the big clean-up' });
  await point.waitFor({ timeout: 30_000 });
  expect(await isInView(point, history.timeline())).toBe(true);
  // Focus came back to the button, not to the page body.
  expect(await focusedTestId(page)).toBe('take-snapshot');
  expect(errors).toEqual([]);
  await context.close();
});
