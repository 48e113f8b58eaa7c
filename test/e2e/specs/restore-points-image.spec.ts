import { expect, test } from 'vitest';

import { apiCall, openApp, screenshot, useDemoSession } from '../fixtures';
import { seriousViolations } from '../pages/axe';
import { RestorePointsView } from '../pages/restore-points-page';
import { Shell } from '../pages/shell';

/**
 * `kairn demo --family rpm-ostree` is Aurora, a container image: rpm-ostree takes no chosen commit
 * for an image, so only OS.Rollback moves between versions. The rollback deployment has its
 * button; the older pinned one says to use the boot menu; after going back, undo waits for the
 * restart (a second Rollback would bring the pinned third one forward) and says so.
 */
const session = useDemoSession({ family: 'rpm-ostree' });

test('Aurora: the previous version goes back by Rollback; the older one points to the boot menu; undo says it waits for the restart', async () => {
  const { page, errors, context } = await openApp(session.browser, session.server);
  await new Shell(page).open('restore-points');
  const view = new RestorePointsView(page);
  await view.rows().first().waitFor({ timeout: 30_000 });
  const listed = await apiCall(session.server, 'restorePoints.list', {});
  expect(listed.points.map((p) => p.goBackBlocked)).toEqual([
    null,
    null,
    'rollback-image-one-step',
  ]);
  const [running, previous, older] = listed.points;
  if (!running || !previous || !older) throw new Error('the Aurora demo has three restore points');
  await expect(view.goBackButton(previous.id).count()).resolves.toBe(1);
  await expect(view.goBackButton(older.id).count()).resolves.toBe(0);
  await expect(view.row(older.id).getByTestId('rp-blocked').textContent()).resolves.toContain(
    'choose it in the boot menu',
  );
  await screenshot(page, 'restore-points-aurora');

  await view.goBackButton(previous.id).click();
  await view.confirmDialog().waitFor();
  await view.confirmGo().click();
  await page.locator('[data-testid="rp-status"][data-state="done"]').waitFor({ timeout: 30_000 });
  await expect.poll(() => view.nextStartId(), { timeout: 15_000 }).toBe(previous.id);
  await view.undoBlocked().waitFor({ timeout: 15_000 });
  await expect(view.undoBlocked().textContent()).resolves.toBe(
    'On this system you can undo this after the restart.',
  );
  await expect(view.undoButton().count()).resolves.toBe(0);
  await expect(view.restartNowButton().count()).resolves.toBe(1);
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'restore-points-aurora-done');

  // Coming back to the page later: the banner says the same instead of offering the button.
  await view.laterButton().click();
  await page.reload();
  await new Shell(page).open('restore-points');
  await view.rows().first().waitFor({ timeout: 30_000 });
  await expect(
    page.getByTestId('rp-undo-banner').getByTestId('rp-undo-blocked').count(),
  ).resolves.toBe(1);
  await expect(view.undoButton().count()).resolves.toBe(0);
  await screenshot(page, 'restore-points-aurora-banner');
  expect(errors).toEqual([]);
  await context.close();

  const de = await openApp(session.browser, session.server, { locale: 'de-DE' });
  await new Shell(de.page).open('restore-points');
  const deView = new RestorePointsView(de.page);
  await deView.undoBlocked().waitFor({ timeout: 30_000 });
  await expect(deView.undoBlocked().textContent()).resolves.toContain('nach dem Neustart');
  await screenshot(de.page, 'restore-points-aurora-de');
  expect(de.errors).toEqual([]);
  await de.context.close();
});
