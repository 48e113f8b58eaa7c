import { describe, expect, test } from 'vitest';

import { apiCall, openApp, screenshot, useDemoSession } from '../fixtures';
import { seriousViolations } from '../pages/axe';
import { RestorePointsView } from '../pages/restore-points-page';
import { Shell } from '../pages/shell';

/**
 * `kairn demo --family snapper|rpm-ostree|sysupdate` (rpm-ostree as Fedora Kinoite), each in Chromium: the demo machine is
 * detected as that family; the Restore points page lists its points; going back to the point
 * before the running one moves *Used at next start* there; undoing it moves the mark back.
 */
for (const [family, expected, name, scene] of [
  ['snapper', 'suse-transactional', 'openSUSE Kalpa', undefined],
  // Fedora's ostree refs: going back and undo before the restart both work. Container images
  // (Aurora) allow only Rollback: restore-points-image.spec.ts.
  ['rpm-ostree', 'ostree', 'Fedora Linux 43.20261128.0 (Kinoite)', 'kinoite'],
  ['sysupdate', 'sysupdate', 'KDE Linux', undefined],
] as const) {
  describe(`demo --family ${family}${scene ? ` --scene ${scene}` : ''}`, () => {
    const session = useDemoSession({ family, ...(scene ? { scene } : {}) });

    test(`is ${expected}: see the list, go back, "Used at next start" moves, undo moves it back`, async () => {
      const status = await apiCall(session.server, 'status.get', {});
      expect(status.family).toBe(expected);
      expect(status.osRelease.prettyName).toContain(name);
      const { page, errors, context } = await openApp(session.browser, session.server);
      await new Shell(page).open('restore-points');
      const view = new RestorePointsView(page);
      await view.rows().first().waitFor({ timeout: 30_000 });
      await screenshot(page, `restore-points-${family}`);
      const ids = await view
        .rows()
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-point') ?? ''));
      expect(ids.length).toBeGreaterThanOrEqual(3);
      const running = await view.runningId();
      const nextBefore = await view.nextStartId();
      expect(running).not.toBeNull();
      expect(nextBefore).not.toBeNull();
      // The point just before the running one (the list is newest first).
      const target = ids[ids.indexOf(running ?? '') + 1] ?? '';
      expect(target).not.toBe('');
      const found: Record<string, string[]> = { list: await seriousViolations(page) };

      await view.goBackButton(target).click();
      await view.confirmDialog().waitFor();
      await expect(view.confirmDialog().textContent()).resolves.toContain(
        'personal files, documents and settings are not touched',
      );
      await view.confirmGo().click();
      await page.locator('[data-testid="rp-status"][data-state="done"]').waitFor({
        timeout: 30_000,
      });
      await expect.poll(() => view.nextStartId(), { timeout: 15_000 }).toBe(target);
      expect(await view.runningId()).toBe(running);
      await expect(view.restartNowButton().count()).resolves.toBe(1);
      found.done = await seriousViolations(page);
      await screenshot(page, `restore-points-${family}-done`);

      await view.undoButton().click();
      await page
        .locator('[data-testid="rp-status"][data-state="done"]')
        .filter({ hasText: 'Going back was undone' })
        .waitFor({ timeout: 30_000 });
      await expect.poll(() => view.nextStartId(), { timeout: 15_000 }).toBe(nextBefore);
      expect(await view.runningId()).toBe(running);
      await screenshot(page, `restore-points-${family}-undone`);
      expect(found).toEqual({ list: [], done: [] });
      expect(errors).toEqual([]);
      await context.close();
    });

    test('in dark and in German (screenshots), without serious axe findings', async () => {
      for (const [look, options] of [
        ['dark', { colorScheme: 'dark' }],
        ['de', { locale: 'de-DE' }],
        ['de-dark', { locale: 'de-DE', colorScheme: 'dark' }],
      ] as const) {
        const { page, errors, context } = await openApp(session.browser, session.server, options);
        await new Shell(page).open('restore-points');
        await new RestorePointsView(page).rows().first().waitFor({ timeout: 30_000 });
        expect(await seriousViolations(page)).toEqual([]);
        await screenshot(page, `restore-points-${family}-${look}`);
        expect(errors).toEqual([]);
        await context.close();
      }
    });
  });
}
