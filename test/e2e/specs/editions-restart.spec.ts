import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, expect, test } from 'vitest';

import { openApp, screenshot, useDemoSession } from '../fixtures';
import { EditionsView } from '../pages/editions-page';
import { Shell } from '../pages/shell';

/**
 * An edition switch ends with *Restart now*: clicking it asks logind to restart. The demo's
 * logind simulator records the reboot instead of doing it; the demo machine lives under this
 * spec's own TMPDIR so the record can be read.
 */
// A short name: the simulated rpm-ostree transaction socket lives below it (unix paths end at 107 bytes).
const demoParent = await mkdtemp(join(tmpdir(), 'kairn-e2e-er-'));
const session = useDemoSession({ family: 'rpm-ostree', env: { TMPDIR: demoParent } });
afterAll(() => rm(demoParent, { recursive: true, force: true }));

/** The reboots the demo's logind simulator received (none before logind was first asked). */
async function reboots(): Promise<unknown[]> {
  const [demo] = (await readdir(demoParent)).filter((n) => n.startsWith('kairn-demo-'));
  if (demo === undefined) throw new Error(`no demo machine under ${demoParent}`);
  const text = await readFile(join(demoParent, demo, 'logind', 'logind.json'), 'utf8').catch(
    () => null,
  );
  return text === null ? [] : (JSON.parse(text) as { reboots: unknown[] }).reboots;
}

test('after switching Aurora to Latest, Restart now restarts the computer', async () => {
  const { page, errors, context } = await openApp(session.browser, session.server);
  await new Shell(page).open('editions');
  const view = new EditionsView(page);
  await view.cards().first().waitFor({ timeout: 30_000 });
  await view.switchButton('latest').click();
  await page.getByTestId('edition-changes').waitFor({ timeout: 30_000 });
  await page.getByTestId('edition-confirm-go').click();
  await view.status('done').waitFor({ timeout: 60_000 });
  await expect
    .poll(() => view.marks(), { timeout: 15_000 })
    .toEqual({ inUse: ['stable'], nextStart: ['latest'] });
  expect(await reboots()).toEqual([]);

  await page.getByTestId('edition-restart-now').click();
  await expect.poll(reboots, { timeout: 10_000 }).toHaveLength(1);
  await screenshot(page, 'editions-restart-now-en');
  expect(errors).toEqual([]);
  await context.close();
});
