import { describe, expect, test } from 'vitest';

import { openApp, screenshot, useDemoSession } from '../fixtures';
import { seriousViolations } from '../pages/axe';
import { Shell } from '../pages/shell';

/**
 * Where a system publishes one edition, the Editions page says so plainly: KDE Linux names the
 * planned editions that are not published yet, openSUSE Kalpa has nothing to choose. No card
 * offers a switch that cannot happen.
 */
for (const [family, sentence, cards] of [
  ['sysupdate', 'KDE Linux publishes only one edition so far', ['testing']],
  ['snapper', 'This system publishes only one edition, so there is nothing to choose.', []],
] as const) {
  describe(`Editions on demo --family ${family}`, () => {
    const session = useDemoSession({ family });

    test('says what is published, with no switch button', async () => {
      const { page, errors, context } = await openApp(session.browser, session.server);
      await new Shell(page).open('editions');
      const notice = page.getByTestId('editions-not-offered');
      await notice.waitFor({ timeout: 30_000 });
      await expect(notice.textContent()).resolves.toContain(sentence);
      const shown = await page
        .getByTestId('edition-card')
        .evaluateAll((all) => all.map((c) => c.getAttribute('data-edition')));
      expect(shown).toEqual([...cards]);
      await expect(page.getByTestId('edition-switch').count()).resolves.toBe(0);
      if (family === 'sysupdate') {
        await expect(page.getByTestId('editions-not-published').textContent()).resolves.toBe(
          'Planned, but not published yet: Enthusiast, Stable.',
        );
        await expect(page.getByTestId('edition-in-use').count()).resolves.toBe(1);
      }
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, `editions-${family}`);
      expect(errors).toEqual([]);
      await context.close();
    });
  });
}
