import { describe, expect, test } from 'vitest';

import { apiCall, openApp, screenshot, useDemoSession } from '../fixtures';
import { Shell } from '../pages/shell';

/**
 * `kairn demo --family rpm-ostree|sysupdate`: the demo machine is detected as that family, and
 * the Restore points page answers in plain words (its list, or why it is not available here).
 */
for (const [family, expected, name] of [
  ['rpm-ostree', 'ostree', 'Aurora (Version: 43.20261128 / FROM Fedora Kinoite 43)'],
  ['sysupdate', 'sysupdate', 'KDE Linux'],
] as const) {
  describe(`demo --family ${family}`, () => {
    const session = useDemoSession({ family });

    test(`is detected as ${expected} and the Restore points page says what it can do`, async () => {
      const status = await apiCall(session.server, 'status.get', {});
      expect(status.family).toBe(expected);
      expect(status.osRelease.prettyName).toBe(name);
      const { page, errors, context } = await openApp(session.browser, session.server);
      await new Shell(page).open('restore-points');
      await page
        .locator('[data-testid="rp-row"], [data-testid="rp-not-here"]')
        .first()
        .waitFor({ timeout: 30_000 });
      await screenshot(page, `restore-points-${family}`);
      expect(errors).toEqual([]);
      await context.close();
    });
  });
}
