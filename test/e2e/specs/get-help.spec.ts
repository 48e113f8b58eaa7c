import { expect, test } from 'vitest';

import { apiCall, openApp, screenshot, useDemoSession } from '../fixtures';
import { seriousViolations } from '../pages/axe';
import { Shell } from '../pages/shell';

const session = useDemoSession();
const CHECK_IDS = [
  'restart-pending',
  'started-older',
  'free-space-system',
  'free-space-home',
  'history-space',
  'file-history',
  'history-schedule',
  'failed-services',
  'last-update',
];

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the hub shows every check with its state in words and Details, by keyboard too (${colorScheme})`, async () => {
    const { page, errors, context } = await openApp(session.browser, session.server, {
      colorScheme,
    });
    const cards = page.locator('[data-testid^="check-"][data-state]');
    await expect.poll(() => cards.count(), { timeout: 30_000 }).toBe(CHECK_IDS.length);
    expect(await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')))).toEqual(
      CHECK_IDS.map((id) => `check-${id}`),
    );
    // The demo's private bus has no systemd: that check cannot look, and says so instead of "ok".
    const services = page.getByTestId('check-failed-services');
    expect(await services.getAttribute('data-state')).toBe('unknown');
    expect(await services.getByTestId('check-summary').textContent()).toBe(
      'Kairn cannot ask the system about its services here.',
    );
    // Free space is measured for real.
    expect(
      await page.getByTestId('check-free-space-home').getByTestId('check-summary').textContent(),
    ).toMatch(/free of/);

    // Keyboard: Tab reaches the Details of a card, Enter opens it.
    const summary = services.locator('summary');
    await summary.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => services.getByTestId('check-details').isVisible()).toBe(true);
    expect(await services.getByTestId('check-details').textContent()).toContain(
      'org.freedesktop.systemd1',
    );

    await screenshot(page, `hub-checks-${colorScheme}`);
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
}

test('a fix runs as a job with a labelled progress, and the card is read again', async () => {
  // An old newest point in time: the file history check offers "Take a point in time now".
  const before = await apiCall(session.server, 'checks.run', {});
  const history = before.checks.find((c) => c.id === 'file-history');
  const { page, errors, context } = await openApp(session.browser, session.server);
  const card = page.getByTestId('check-file-history');
  await card.waitFor({ timeout: 30_000 });
  if (history?.fix) {
    await card.getByTestId('check-fix').click();
    await card
      .getByRole('status')
      .filter({ hasText: 'Done. The check was run again.' })
      .waitFor({ timeout: 30_000 });
    expect(await card.getAttribute('data-state')).toBe('ok');
  } else {
    // A fresh demo history: nothing to fix, so no button is offered.
    expect(history?.state).toBe('ok');
    expect(await card.getByTestId('check-fix').count()).toBe(0);
  }
  expect(errors).toEqual([]);
  await context.close();
});

test('the restart card offers Restart tonight; the fix plans it with logind and the card says when (German, dark)', async () => {
  const { page, errors, context } = await openApp(session.browser, session.server, {
    locale: 'de-DE',
    colorScheme: 'dark',
  });
  // The demo's update tool left its "restart needed" flag, and nothing is planned yet.
  const card = page.getByTestId('check-restart-pending');
  await card.waitFor({ timeout: 30_000 });
  expect(await card.getAttribute('data-state')).toBe('attention');
  expect(await card.getByTestId('check-summary').textContent()).toMatch(/Neustart|neu starten/);
  await screenshot(page, 'hub-restart-check-de-dark');
  const fix = card.getByTestId('check-fix');
  expect(await fix.textContent()).toBe('Heute Nacht neu starten');
  await fix.click();
  await card.getByRole('status').filter({ hasText: 'Erledigt' }).waitFor({ timeout: 30_000 });
  expect(await card.getAttribute('data-state')).toBe('ok');
  const held = await apiCall(session.server, 'restart.get', {});
  expect(held.scheduled).toMatchObject({ type: 'reboot', byKairn: true });
  const at = new Date(held.scheduled?.at ?? '');
  expect([at.getHours(), at.getMinutes()]).toEqual([3, 0]);
  // The date and time in German words, as the person reads them.
  expect(await card.getByTestId('check-summary').textContent()).toMatch(
    /^Ein Update wird beim nächsten Neustart wirksam\. Dieser ist für \d{2}\.\d{2}\.\d{4}, 03:00 geplant\.$/,
  );
  expect(await card.getByTestId('check-fix').count()).toBe(0);
  expect(await seriousViolations(page)).toEqual([]);
  await apiCall(session.server, 'restart.cancel', {});
  expect(errors).toEqual([]);
  await context.close();
});

test('Get help shows the whole redacted report before saving, offers it as a download, and the SSH steps', async () => {
  const { page, errors, context } = await openApp(session.browser, session.server, {
    locale: 'de-DE',
  });
  const shell = new Shell(page);
  await shell.open('help');
  await page.getByTestId('report-create').click();
  const preview = page.getByTestId('report-preview');
  await preview.waitFor({ timeout: 30_000 });
  const text = await preview.inputValue();
  expect(text).toContain('Kairn support report');
  expect(text).toContain('== Checks ==');
  expect(text).toContain('~');
  const status = await apiCall(session.server, 'status.get', {});
  const userName = status.home.path.split('/').filter(Boolean).at(-1) ?? '';
  expect(text).not.toContain(status.home.path);
  if (userName.length >= 2)
    expect(text).not.toMatch(new RegExp(`(?<![A-Za-z0-9_])${userName}(?![A-Za-z0-9_])`));
  expect(await seriousViolations(page)).toEqual([]);

  // The browser host has no save dialog: the page offers the file as a download.
  const download = page.waitForEvent('download');
  await page.getByTestId('report-save').click();
  expect((await download).suggestedFilename()).toMatch(/^kairn-report-\d{8}-\d{4}\.txt$/);
  await page.getByTestId('report-saved').waitFor();

  expect(await page.getByTestId('help-ssh-command').textContent()).toBe(
    'ssh -L 8723:127.0.0.1:8723 USER@COMPUTER',
  );
  expect(await page.getByTestId('help-serve-command').textContent()).toBe(
    'kairn serve --port 8723',
  );
  await screenshot(page, 'get-help-de');
  expect(errors).toEqual([]);
  await context.close();
});
