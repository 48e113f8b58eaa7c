import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, expect, test } from 'vitest';

import { openApp, screenshot, useDemoSession } from '../fixtures';
import { RestorePointsView } from '../pages/restore-points-page';
import { Shell } from '../pages/shell';

/**
 * The daemon vanishing mid-transaction, as the person sees it (`demo --family rpm-ostree`): the
 * job fails in plain words, the list is read again (the bus starts rpm-ostreed again) with the
 * marks where they were, and going back works once the daemon behaves. The simulator's fault
 * switch is in its state file, which it re-reads on Sysroot.Reload (Kairn reloads before going
 * back); the demo machine lives under this spec's own TMPDIR.
 */
// Short: the simulator's transaction socket lives in the demo folder, and socket paths end at 108 bytes.
const demoParent = await mkdtemp(join(tmpdir(), 'rpd-'));
const session = useDemoSession({ family: 'rpm-ostree', env: { TMPDIR: demoParent } });
afterAll(() => rm(demoParent, { recursive: true, force: true }));

async function dieMidTransaction(on: boolean): Promise<void> {
  const [demo] = (await readdir(demoParent)).filter((n) => n.startsWith('kairn-demo-'));
  if (demo === undefined) throw new Error(`no demo machine under ${demoParent}`);
  const file = join(demoParent, demo, 'rpm-ostree', 'rpm-ostree.json');
  const state = JSON.parse(await readFile(file, 'utf8')) as { faults?: object };
  state.faults = { ...state.faults, dieMidTransaction: on };
  await writeFile(file, JSON.stringify(state));
}

test('rpm-ostreed dying while going back: a clear failure, the list comes back unchanged, then it works', async () => {
  const { page, errors, context } = await openApp(session.browser, session.server);
  await new Shell(page).open('restore-points');
  const view = new RestorePointsView(page);
  await view.rows().first().waitFor({ timeout: 30_000 });
  const ids = await view
    .rows()
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-point') ?? ''));
  const before = await view.nextStartId();
  const target = ids[1] ?? '';

  await dieMidTransaction(true);
  await view.goBackButton(target).click();
  await view.confirmGo().click();
  const failed = page.locator('[data-testid="rp-status"][data-state="failed"]');
  await failed.waitFor({ timeout: 30_000 });
  await expect(failed.textContent()).resolves.toContain(
    'The system service stopped while going back',
  );
  // Nobody can say what the daemon did before it died: the person is pointed at the list.
  await expect(failed.textContent()).resolves.toContain('The list below shows which system');
  // The list was read again from the daemon the bus started anew: nothing moved.
  await expect.poll(() => view.nextStartId(), { timeout: 15_000 }).toBe(before);
  await expect(view.goBackButton(target).isEnabled()).resolves.toBe(true);
  await screenshot(page, 'restore-points-rpm-ostree-daemon-died');

  await dieMidTransaction(false);
  await failed.getByRole('button', { name: 'Close' }).click();
  await view.goBackButton(target).click();
  await view.confirmGo().click();
  await page.locator('[data-testid="rp-status"][data-state="done"]').waitFor({ timeout: 30_000 });
  await expect.poll(() => view.nextStartId(), { timeout: 15_000 }).toBe(target);
  expect(errors).toEqual([]);
  await context.close();
});
