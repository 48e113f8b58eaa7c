import { expect, test } from 'vitest';

import { apiCall, openApp, screenshot, useDemoSession } from '../fixtures';
import { seriousViolations } from '../pages/axe';
import { EditionsView } from '../pages/editions-page';
import { Shell } from '../pages/shell';

/**
 * Cancel halfway through an edition switch on the demo (Aurora on stable): the demo's download is
 * slowed (KAIRN_DEMO_DOWNLOAD_STEP_MS: five seconds per tenth, almost a minute in all), so Cancel
 * is clicked as soon as the first bytes show, with the download far from its end; the system
 * stays on its edition.
 */
const session = useDemoSession({
  family: 'rpm-ostree',
  env: { KAIRN_DEMO_DOWNLOAD_STEP_MS: '5000' },
});

test('Cancel while the new edition downloads: the switch stops and the system stays on Stable', async () => {
  const { page, errors, context } = await openApp(session.browser, session.server);
  await new Shell(page).open('editions');
  const view = new EditionsView(page);
  await view.cards().first().waitFor({ timeout: 30_000 });
  expect(await view.marks()).toEqual({ inUse: ['stable'], nextStart: [] });

  await view.switchButton('latest').click();
  await page.getByTestId('edition-changes').waitFor({ timeout: 30_000 });
  await page.getByTestId('edition-confirm-go').click();
  await view.status('running').waitFor({ timeout: 30_000 });
  // The first tenth arrived: the download is under way, nine tenths still to come.
  await expect
    .poll(() => page.getByTestId('edition-downloaded').textContent(), { timeout: 30_000 })
    .toMatch(/downloaded so far/);
  await screenshot(page, 'editions-cancel-progress-en');
  await page.getByTestId('edition-cancel').click();

  const ended = view.status('cancelled');
  await ended.waitFor({ timeout: 30_000 });
  await expect(ended.textContent()).resolves.toContain('Your system stays as it is.');
  const found = await seriousViolations(page);
  await screenshot(page, 'editions-cancelled-en');
  expect(await view.marks()).toEqual({ inUse: ['stable'], nextStart: [] });
  const editions = await apiCall(session.server, 'editions.get', {});
  expect([editions.current?.id, editions.nextStart?.id]).toEqual(['stable', 'stable']);
  const status = await apiCall(session.server, 'status.get', {});
  expect(status.restart.required).toBe(false);
  expect(found).toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
});

test('the same in German and dark: stopped as asked, calmly, and nothing changed', async () => {
  const { page, errors, context } = await openApp(session.browser, session.server, {
    locale: 'de-DE',
    colorScheme: 'dark',
  });
  await new Shell(page).open('editions');
  const view = new EditionsView(page);
  await view.cards().first().waitFor({ timeout: 30_000 });
  await view.switchButton('testing').click();
  await page.getByTestId('edition-changes').waitFor({ timeout: 30_000 });
  await page.getByTestId('edition-confirm-go').click();
  await expect
    .poll(() => page.getByTestId('edition-downloaded').textContent(), { timeout: 30_000 })
    .toMatch(/\d/);
  await screenshot(page, 'editions-cancel-progress-de-dark');
  await page.getByTestId('edition-cancel').click();
  const ended = view.status('cancelled');
  await ended.waitFor({ timeout: 30_000 });
  const notice = ended.getByTestId('error-notice');
  await expect(notice.textContent()).resolves.toContain(
    'Wie gewünscht angehalten. Es wurde nichts geändert.',
  );
  // Asked for, so told as news (role status), not raised as an alarm.
  await expect(notice.getAttribute('role')).resolves.toBe('status');
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'editions-cancelled-de-dark');
  expect(await view.marks()).toEqual({ inUse: ['stable'], nextStart: [] });
  expect(errors).toEqual([]);
  await context.close();
});
