import { expect, test } from 'vitest';

import { openApp, screenshot, useDemoSession } from '../fixtures';
import { seriousViolations } from '../pages/axe';
import { RestorePointsView } from '../pages/restore-points-page';
import { Shell } from '../pages/shell';

// The snapper family: snapper's root config lists, tukit goes back (demo default).
const session = useDemoSession();

test('lists restore points, goes back by keyboard, "Used at next start" moves, and going back is undone', async () => {
  const { page, errors, context } = await openApp(session.browser, session.server);
  await new Shell(page).open('restore-points');
  const view = new RestorePointsView(page);
  await view.rows().first().waitFor({ timeout: 30_000 });
  // Newest first; the demo machine runs 47 and has an update (48) waiting for the next start.
  const ids = await view
    .rows()
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-point')));
  expect(ids).toEqual(['48', '47', '46', '45', '44', '43', '42', '41']);
  expect(await view.runningId()).toBe('47');
  expect(await view.nextStartId()).toBe('48');
  await expect(view.row('47').textContent()).resolves.toContain('Version 20261125');
  await expect(view.row('44').getByTestId('rp-kept').count()).resolves.toBe(1);
  const found: Record<string, string[]> = { list: await seriousViolations(page) };
  const changes = await view.openChanges('46');
  await expect(changes.textContent()).resolves.toMatch(/system files? changed/);
  await screenshot(page, 'restore-points-en');

  await view.goBackButton('46').focus();
  await page.keyboard.press('Enter');
  await view.confirmDialog().waitFor();
  await expect(view.confirmDialog().textContent()).resolves.toContain(
    'personal files, documents and settings are not touched',
  );
  await expect(view.confirmDialog().textContent()).resolves.toContain(
    'the next update may bring the newer version back',
  );
  found.dialog = await seriousViolations(page);
  await screenshot(page, 'restore-points-confirm-en');
  await page.keyboard.press('Tab'); // Cancel has the focus first; the next button goes back.
  await page.keyboard.press('Enter');

  await page.locator('[data-testid="rp-status"][data-state="done"]').waitFor({ timeout: 30_000 });
  await expect(view.status().textContent()).resolves.toContain('Restart the computer to use it');
  await expect.poll(() => view.nextStartId(), { timeout: 15_000 }).toBe('46');
  expect(await view.runningId()).toBe('47');
  found.done = await seriousViolations(page);
  await screenshot(page, 'restore-points-done-en');

  await view.undoButton().click();
  await page.locator('[data-testid="rp-status"][data-state="done"]').waitFor({ timeout: 30_000 });
  await expect(view.status().textContent()).resolves.toContain('Going back was undone');
  await expect.poll(() => view.nextStartId(), { timeout: 15_000 }).toBe('48');
  await view.laterButton().click();
  await expect(view.status().count()).resolves.toBe(0);

  expect(found).toEqual({ list: [], dialog: [], done: [] });
  expect(errors).toEqual([]);
  await context.close();
});

test('the page in dark, in German and at 800x600 (screenshots), without serious axe findings', async () => {
  const dark = await openApp(session.browser, session.server, { colorScheme: 'dark' });
  await new Shell(dark.page).open('restore-points');
  await new RestorePointsView(dark.page).rows().first().waitFor({ timeout: 30_000 });
  expect(await seriousViolations(dark.page)).toEqual([]);
  await screenshot(dark.page, 'restore-points-dark');
  await dark.context.close();

  const de = await openApp(session.browser, session.server, { locale: 'de-DE' });
  await de.page.setViewportSize({ width: 800, height: 600 });
  await new Shell(de.page).open('restore-points');
  const view = new RestorePointsView(de.page);
  await view.rows().first().waitFor({ timeout: 30_000 });
  await expect(view.row('47').textContent()).resolves.toContain('Läuft gerade');
  await expect(view.row('48').textContent()).resolves.toContain('Beim nächsten Start verwendet');
  await expect(view.goBackButton('46').textContent()).resolves.toBe('Hierhin zurückkehren');
  expect(await seriousViolations(de.page)).toEqual([]);
  await screenshot(de.page, 'restore-points-de-800');
  await view.goBackButton('46').click();
  await view.confirmDialog().waitFor();
  await screenshot(de.page, 'restore-points-confirm-de-800');
  expect(de.errors).toEqual([]);
  await de.context.close();
});
