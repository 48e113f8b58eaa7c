import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, expect, test } from 'vitest';

import { openApp, screenshot, useDemoSession } from '../fixtures';
import { RestorePointsView } from '../pages/restore-points-page';
import { Shell } from '../pages/shell';

/**
 * Going back ends with *Restart now* / *Later*. Restart now is restart.now, as on Updates &
 * Restart: an app that asked to delay the restart (here the demo's "Writer") is listed first,
 * and restarting over it is a second, explicit choice. The demo's logind simulator records the
 * reboot instead of doing it; the demo machine lives under this spec's own TMPDIR.
 */
const demoParent = await mkdtemp(join(tmpdir(), 'kairn-e2e-rp-restart-'));
const session = useDemoSession({
  env: { TMPDIR: demoParent, KAIRN_DEMO_INHIBITOR: 'Writer: Unsaved document “Letter.odt”' },
});
afterAll(() => rm(demoParent, { recursive: true, force: true }));

/** The reboots the demo's logind simulator received. */
async function reboots(): Promise<unknown[]> {
  const [demo] = (await readdir(demoParent)).filter((n) => n.startsWith('kairn-demo-'));
  if (demo === undefined) throw new Error(`no demo machine under ${demoParent}`);
  const text = await readFile(join(demoParent, demo, 'logind', 'logind.json'), 'utf8');
  return (JSON.parse(text) as { reboots: unknown[] }).reboots;
}

test('after going back: the app that asked to wait is listed, Restart now asks again, then restarts', async () => {
  const { page, errors, context } = await openApp(session.browser, session.server);
  await new Shell(page).open('restore-points');
  const view = new RestorePointsView(page);
  await view.rows().first().waitFor({ timeout: 30_000 });
  await view.goBackButton('46').click();
  await view.confirmGo().click();
  await page.locator('[data-testid="rp-status"][data-state="done"]').waitFor({ timeout: 30_000 });

  // Before restarting, the person sees who asked to wait.
  const inhibitors = view.status().getByTestId('restart-inhibitors');
  await inhibitors.waitFor();
  await expect(inhibitors.textContent()).resolves.toContain(
    'Writer: Unsaved document “Letter.odt”',
  );
  await expect(view.laterButton().textContent()).resolves.toBe('Later');
  await screenshot(page, 'restore-points-restart-en');

  await view.restartNowButton().click();
  const refusal = view.status().getByTestId('error-notice');
  await refusal.waitFor();
  await expect(refusal.textContent()).resolves.toContain('Some apps asked to delay the restart');
  expect(await reboots()).toEqual([]);
  await screenshot(page, 'restore-points-restart-inhibited-en');

  await refusal.getByRole('button', { name: 'Restart anyway' }).click();
  await view.status().getByTestId('rp-restarting').waitFor();
  await expect(view.status().textContent()).resolves.toContain('Restarting the computer now');
  await expect.poll(reboots, { timeout: 10_000 }).toHaveLength(1);
  expect(errors).toEqual([]);
  await context.close();
});

test('Later closes the notice and restarts nothing (German)', async () => {
  const { page, errors, context } = await openApp(session.browser, session.server, {
    locale: 'de-DE',
    colorScheme: 'dark',
  });
  await new Shell(page).open('restore-points');
  const view = new RestorePointsView(page);
  await view.rows().first().waitFor({ timeout: 30_000 });
  // The first test left 46 as the next start: going back to 45 ends the same way.
  await view.goBackButton('45').click();
  await view.confirmGo().click();
  await page.locator('[data-testid="rp-status"][data-state="done"]').waitFor({ timeout: 30_000 });
  await expect(view.restartNowButton().textContent()).resolves.toBe('Jetzt neu starten');
  await screenshot(page, 'restore-points-restart-de-dark');
  const before = (await reboots()).length;
  await view.laterButton().click();
  await expect(view.status().count()).resolves.toBe(0);
  expect(await reboots()).toHaveLength(before);
  expect(errors).toEqual([]);
  await context.close();
});
