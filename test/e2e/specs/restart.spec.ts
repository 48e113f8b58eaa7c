import { expect, test } from 'vitest';

import { apiCall, openApp, screenshot, useDemoSession } from '../fixtures';

const session = useDemoSession();

test('Updates & Restart: schedule Tonight by keyboard, see it read back from logind, cancel it', async () => {
  const { page, errors, context } = await openApp(session.browser, session.server);
  await page.goto(`${session.server.url}#/updates`);
  await page.getByTestId('restart-needed').waitFor();
  // The demo machine flags a waiting update (its /run/reboot-needed).
  await expect(page.getByTestId('restart-needed').locator('h2').textContent()).resolves.toBe(
    'A restart is needed',
  );
  await page.getByTestId('restart-not-scheduled').waitFor();

  // Keyboard: from the time field, Tab (through its hour and minute parts) reaches the button.
  await page.locator('#restart-tonight-time').focus();
  let focused: string | null = null;
  for (let i = 0; i < 6 && focused !== 'restart-tonight'; i += 1) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(
      () => document.activeElement?.getAttribute('data-testid') ?? null,
    );
  }
  expect(focused).toBe('restart-tonight');
  await page.keyboard.press('Enter');
  await page.getByTestId('restart-scheduled').waitFor();

  // What the page shows is what logind holds (the simulator behind the demo's system bus).
  const held = await apiCall(session.server, 'restart.get', {});
  expect(held.scheduled).toMatchObject({ type: 'reboot', byKairn: true });
  const at = new Date(held.scheduled?.at ?? '');
  expect([at.getHours(), at.getMinutes()]).toEqual([3, 0]);
  expect(at.getTime()).toBeGreaterThan(Date.now());
  await expect(page.getByTestId('restart-scheduled').textContent()).resolves.toMatch(/\b0?3:00\b/);
  await screenshot(page, 'restart-scheduled');

  await page.getByTestId('restart-cancel').click();
  await page.getByTestId('restart-not-scheduled').waitFor();
  expect((await apiCall(session.server, 'restart.get', {})).scheduled).toBeNull();
  expect(errors).toEqual([]);
  await context.close();
});

test('Updates & Restart in German and dark', async () => {
  const { page, errors, context } = await openApp(session.browser, session.server, {
    colorScheme: 'dark',
    locale: 'de-DE',
  });
  await page.goto(`${session.server.url}#/updates`);
  await page.getByTestId('restart-needed').waitFor();
  await expect(page.getByTestId('restart-needed').locator('h2').textContent()).resolves.toBe(
    'Ein Neustart ist erforderlich',
  );
  await expect(page.getByTestId('restart-tonight').textContent()).resolves.toBe(
    'Heute Nacht neu starten',
  );
  await screenshot(page, 'restart-de-dark');
  expect(errors).toEqual([]);
  await context.close();
});
