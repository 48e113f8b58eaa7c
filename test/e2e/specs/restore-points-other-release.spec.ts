import { expect, test } from 'vitest';

import { apiCall, openApp, screenshot, useDemoSession } from '../fixtures';
import { seriousViolations } from '../pages/axe';
import { RestorePointsView } from '../pages/restore-points-page';
import { Shell } from '../pages/shell';

/**
 * `kairn demo --family rpm-ostree --scene kinoite`: Fedora Kinoite 43 runs, and a kept Fedora 42
 * build is still installed. Its row offers going back like any other (rpm-ostree rebases to the
 * 42 branch at exactly that build); undoing it rebases back to 43.
 */
const session = useDemoSession({ family: 'rpm-ostree', scene: 'kinoite' });

test('the Fedora 42 restore point has its button; going back moves the next start there, undo moves it back', async () => {
  const { page, errors, context } = await openApp(session.browser, session.server);
  await new Shell(page).open('restore-points');
  const view = new RestorePointsView(page);
  await view.rows().first().waitFor({ timeout: 30_000 });
  const points = (await apiCall(session.server, 'restorePoints.list', {})).points;
  const older = points.find((p) => p.version?.startsWith('42.') === true);
  if (!older) throw new Error('the kinoite scene has no Fedora 42 restore point');
  const running = await view.runningId();
  const nextBefore = await view.nextStartId();
  await expect(view.goBackButton(older.id).count()).resolves.toBe(1);
  await expect(view.row(older.id).getByTestId('rp-blocked').count()).resolves.toBe(0);
  await screenshot(page, 'restore-points-kinoite-42');

  await view.goBackButton(older.id).click();
  await view.confirmDialog().waitFor();
  await view.confirmGo().click();
  await page.locator('[data-testid="rp-status"][data-state="done"]').waitFor({ timeout: 60_000 });
  await expect.poll(() => view.nextStartId(), { timeout: 15_000 }).toBe(older.id);
  expect(await view.runningId()).toBe(running);
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'restore-points-kinoite-42-done');

  await view.undoButton().click();
  await page
    .locator('[data-testid="rp-status"][data-state="done"]')
    .filter({ hasText: 'Going back was undone' })
    .waitFor({ timeout: 60_000 });
  await expect.poll(() => view.nextStartId(), { timeout: 15_000 }).toBe(nextBefore);
  expect(errors).toEqual([]);
  await context.close();
});
