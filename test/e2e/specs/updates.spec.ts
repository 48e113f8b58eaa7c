/**
 * Updates & Restart on the rpm-ostree demo in Chromium: Check for updates shows an answer,
 * Prepare the update now makes a restart due, and the page then says what the restart brings
 * (the version and its package changes) and since when. On the openSUSE demo the page shows
 * what the waiting restart brings from snapper's restore points.
 */
import { describe, expect, test } from 'vitest';

import { apiCall, openApp, screenshot, useDemoSession } from '../fixtures';
import { seriousViolations } from '../pages/axe';

describe('demo --family rpm-ostree', () => {
  const session = useDemoSession({ family: 'rpm-ostree' });

  test('check for updates shows an answer; prepare makes the restart bring that version', async () => {
    const { page, errors, context } = await openApp(session.browser, session.server);
    await page.goto(`${session.server.url}#/updates`);
    await page.getByTestId('updates-section').waitFor();
    await expect(page.getByTestId('restart-needed').locator('h2').textContent()).resolves.toBe(
      'No restart is needed',
    );
    await page.getByTestId('update-check').click();
    const answer = page.getByTestId('update-check-answer');
    await answer.waitFor();
    const offered = await apiCall(session.server, 'updates.get', {});
    const version = offered.lastCheck?.version ?? '';
    expect(version).not.toBe('');
    await expect(answer.textContent()).resolves.toBe(`A new version is available: ${version}.`);

    await page.getByTestId('update-prepare').click();
    await page.getByTestId('update-prepared').waitFor();
    await expect(page.getByTestId('update-prepared').textContent()).resolves.toBe(
      'The update is ready. Restart the computer to use it.',
    );
    // The restart card follows: a restart is needed, why in words, and what it brings.
    const brings = page.getByTestId('restart-brings');
    await brings.waitFor();
    await expect(page.getByTestId('restart-needed').locator('h2').textContent()).resolves.toBe(
      'A restart is needed',
    );
    await expect(page.getByTestId('restart-reasons').textContent()).resolves.toContain(
      'A new system version is ready and is used from the next start.',
    );
    await expect(brings.textContent()).resolves.toContain(`Version ${version}`);
    // rpm-ostree keeps no time for a staged deployment here: since when Kairn has known.
    await expect(page.getByTestId('restart-needed').textContent()).resolves.toContain(
      'Waiting since',
    );
    await page.getByTestId('rp-changes').waitFor();
    await expect(brings.getByTestId('rp-changes').textContent()).resolves.toMatch(/updated/i);
    await expect(page.getByTestId('last-update').textContent()).resolves.toMatch(
      /^The system last updated on .+, and it worked\./,
    );
    // Open every Details so the check sees the technical words too.
    for (const summary of await page.locator('details > summary').all()) await summary.click();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'updates-prepared');
    await page.getByTestId('updates-section').scrollIntoViewIfNeeded();
    await screenshot(page, 'updates-section');
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('demo --family snapper', () => {
  const session = useDemoSession();

  test('the waiting restart says what it brings, in German and dark; checking is explained, not offered', async () => {
    const { page, errors, context } = await openApp(session.browser, session.server, {
      colorScheme: 'dark',
      locale: 'de-DE',
    });
    await page.goto(`${session.server.url}#/updates`);
    const brings = page.getByTestId('restart-brings');
    await brings.waitFor();
    await expect(brings.locator('h3').textContent()).resolves.toBe('Was der Neustart bringt');
    const restart = await apiCall(session.server, 'restart.get', {});
    expect(restart.brings?.version).toBeTruthy();
    await expect(brings.textContent()).resolves.toContain(
      `Version ${restart.brings?.version ?? ''}`,
    );
    await expect(page.getByTestId('restart-reasons').textContent()).resolves.toContain(
      'Eine installierte Aktualisierung wird wirksam, wenn der Computer neu startet.',
    );
    await expect(page.getByTestId('updates-not-offered').textContent()).resolves.toContain(
      'Kairn kann sie nicht starten',
    );
    await expect(page.getByTestId('update-check').count()).resolves.toBe(0);
    await screenshot(page, 'updates-snapper-de-dark');
    await page.getByTestId('updates-section').scrollIntoViewIfNeeded();
    await screenshot(page, 'updates-section-de-dark');
    expect(errors).toEqual([]);
    await context.close();
  });
});
