import { expect, test } from 'vitest';

import { openApp, useDemoSession } from '../fixtures';
import { Shell } from '../pages/shell';

const session = useDemoSession();

test('the token leaves the address bar, is never a cookie, and a reload still connects', async () => {
  const { page, errors, context } = await openApp(session.browser, session.server);
  expect(page.url()).not.toContain('token');
  expect(await page.evaluate(() => document.cookie)).toBe('');
  expect(await context.cookies()).toEqual([]);
  await page.reload();
  await page.locator('body[data-kairn-ready="true"]').waitFor({ timeout: 30_000 });
  // Connected again with the token from this tab's session: the hub shows the demo system
  // (status.get answered; without the token the page would show the missing-key error).
  await new Shell(page).hub().getByText('openSUSE Kalpa').first().waitFor({ timeout: 30_000 });
  expect(page.url()).not.toContain('token');
  expect(errors).toEqual([]);
  await context.close();
});
