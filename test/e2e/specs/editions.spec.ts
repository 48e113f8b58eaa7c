import { expect, test } from 'vitest';

import { apiCall, openApp, screenshot, useDemoSession } from '../fixtures';
import { seriousViolations } from '../pages/axe';
import { EditionsView } from '../pages/editions-page';
import { Shell } from '../pages/shell';

// The rpm-ostree demo is Aurora (Universal Blue) on the stable channel.
const session = useDemoSession({ family: 'rpm-ostree' });

test('switches Aurora to latest by keyboard, shows the download, offers a restart, and switches back', async () => {
  const { page, errors, context } = await openApp(session.browser, session.server);
  await new Shell(page).open('editions');
  const view = new EditionsView(page);
  await view.cards().first().waitFor({ timeout: 30_000 });
  const ids = await view
    .cards()
    .evaluateAll((cards) => cards.map((c) => c.getAttribute('data-edition')));
  expect(ids).toEqual(['stable', 'latest', 'testing']);
  await expect(view.card('stable').textContent()).resolves.toContain('Updates once a week');
  await expect(view.card('testing').textContent()).resolves.toContain('something may break');
  expect(await view.marks()).toEqual({ inUse: ['stable'], nextStart: [] });
  // The one in use has no button; dated builds wait behind Advanced.
  await expect(view.switchButton('stable').count()).resolves.toBe(0);
  await expect(page.getByTestId('editions-advanced').getAttribute('open')).resolves.toBeNull();
  const found: Record<string, string[]> = { list: await seriousViolations(page) };
  await screenshot(page, 'editions-en');

  await view.switchButton('latest').focus();
  await page.keyboard.press('Enter');
  await view.confirmDialog().waitFor();
  await page.getByTestId('edition-changes').waitFor({ timeout: 30_000 });
  const confirm = (await view.confirmDialog().textContent()) ?? '';
  expect(confirm).toContain('From the next start on, your computer uses Latest');
  expect(confirm).toContain('Your personal files and settings stay as they are.');
  expect(confirm).toMatch(/\d+ programs change\./);
  expect(confirm).toContain('You can switch back to Stable afterwards.');
  found.dialog = await seriousViolations(page);
  await screenshot(page, 'editions-confirm-en');
  await page.keyboard.press('Tab'); // Cancel has the focus first; the next button switches.
  await page.keyboard.press('Enter');

  await view.status('running').waitFor({ timeout: 30_000 });
  await expect
    .poll(() => page.getByTestId('edition-downloaded').textContent(), { timeout: 30_000 })
    .toMatch(/downloaded so far/);
  await expect(page.getByTestId('edition-cancel').isVisible()).resolves.toBe(true);
  await screenshot(page, 'editions-progress-en');

  await view.status('done').waitFor({ timeout: 60_000 });
  const done = (await view.status().textContent()) ?? '';
  expect(done).toContain('Your computer uses Latest from the next start on.');
  await expect(page.getByTestId('edition-restart-now').isVisible()).resolves.toBe(true);
  await expect(page.getByTestId('edition-later').isVisible()).resolves.toBe(true);
  await expect
    .poll(() => view.marks(), { timeout: 15_000 })
    .toEqual({
      inUse: ['stable'],
      nextStart: ['latest'],
    });
  const status = await apiCall(session.server, 'status.get', {});
  expect(status.restart.required).toBe(true);
  found.done = await seriousViolations(page);
  await screenshot(page, 'editions-done-en');

  await page.getByTestId('edition-switch-back').click();
  await expect
    .poll(async () => (await view.status('done').textContent()) ?? '', { timeout: 60_000 })
    .toContain('Switched back. Your computer keeps using Stable.');
  await expect
    .poll(() => view.marks(), { timeout: 15_000 })
    .toEqual({
      inUse: ['stable'],
      nextStart: [],
    });
  expect((await apiCall(session.server, 'editions.get', {})).nextStart?.id).toBe('stable');
  expect(found).toEqual({ list: [], dialog: [], done: [] });
  expect(errors).toEqual([]);
  await context.close();
});

test('the page in German and dark: cards, words and the Advanced choice', async () => {
  const { page, errors, context } = await openApp(session.browser, session.server, {
    locale: 'de-DE',
    colorScheme: 'dark',
  });
  await new Shell(page).open('editions');
  const view = new EditionsView(page);
  await view.cards().first().waitFor({ timeout: 30_000 });
  await expect(view.card('stable').textContent()).resolves.toContain('In Verwendung');
  await expect(view.switchButton('latest').textContent()).resolves.toBe('Zu Latest wechseln');
  await page.getByTestId('editions-advanced').locator('summary').click();
  await expect(page.getByTestId('editions-advanced').textContent()).resolves.toContain(
    'stable-43.20261128',
  );
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'editions-de-dark');
  expect(errors).toEqual([]);
  await context.close();
});
