/**
 * Updates & Restart on an openSUSE machine that runs rebootmgr 3.x (the demo's Varlink simulator
 * with rebootmgr's default settings: best-effort, window 03:30 for 1 h 30 min): the page says how
 * the system restarts by itself, Tonight starts at the window, and a restart Kairn schedules is
 * described honestly (logind holds it; it does not wait for the window).
 */
import { expect, test } from 'vitest';

import { apiCall, openApp, screenshot, useDemoSession } from '../fixtures';

const session = useDemoSession({ family: 'snapper', env: { KAIRN_DEMO_REBOOTMGR: '1' } });

test('rebootmgr: its window is shown, Tonight starts there, our schedule is described honestly', async () => {
  const { page, errors, context } = await openApp(session.browser, session.server);
  await page.goto(`${session.server.url}#/updates`);
  const note = page.getByTestId('rebootmgr');
  await note.waitFor();
  await expect(note.locator('p').first().textContent()).resolves.toBe(
    'After an update, the system restarts by itself in its maintenance window (every day from 03:30, for 1\u00a0h 30\u00a0min).',
  );
  await expect(page.locator('#restart-tonight-time').inputValue()).resolves.toBe('03:30');
  await page.getByTestId('tonight-from-window').waitFor();
  await screenshot(page, 'restart-rebootmgr-en-light');

  await page.getByTestId('restart-tonight').click();
  await page.getByTestId('restart-scheduled').waitFor();
  const held = await apiCall(session.server, 'restart.get', {});
  const at = new Date(held.scheduled?.at ?? '');
  expect([at.getHours(), at.getMinutes()]).toEqual([3, 30]);
  expect(held.rebootManager).toMatchObject({ api: 'varlink', strategy: 'best-effort' });
  await page.getByTestId('rebootmgr-ours-outside').waitFor();
  await screenshot(page, 'restart-rebootmgr-scheduled-en-light');
  await page.getByTestId('restart-cancel').click();
  await page.getByTestId('restart-not-scheduled').waitFor();
  expect(errors).toEqual([]);
  await context.close();
});

test('rebootmgr in German and dark', async () => {
  const { page, errors, context } = await openApp(session.browser, session.server, {
    colorScheme: 'dark',
    locale: 'de-DE',
  });
  await page.goto(`${session.server.url}#/updates`);
  const note = page.getByTestId('rebootmgr');
  await note.waitFor();
  await expect(note.locator('p').first().textContent()).resolves.toBe(
    'Nach einem Update startet das System von selbst neu, und zwar im Wartungsfenster (täglich ab 03:30 Uhr, für 1\u00a0Std. 30\u00a0Min.).',
  );
  // Scheduling Tonight at the suggested time did not make it "theirs": it still follows the window.
  await page.getByTestId('tonight-from-window').waitFor();
  await note.locator('summary').click();
  await screenshot(page, 'restart-rebootmgr-de-dark');
  expect(errors).toEqual([]);
  await context.close();
});
