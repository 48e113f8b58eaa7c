import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { expect, test } from 'vitest';

import { apiCall, openApp, screenshot, useDemoSession } from '../fixtures';
import { HistoryBrowser, RecoverFilesPage } from '../pages/recover-files-page';
import { Shell } from '../pages/shell';

const session = useDemoSession();

test('the timeline moves in time with the arrow keys', async () => {
  const { page, errors, context } = await openApp(session.browser, session.server);
  await new Shell(page).open('recover');
  const history = new HistoryBrowser(page);
  // The listbox exists only once the points are in (keys pressed on a list holding only "Now"
  // used to do nothing: the cause of this test's old flakiness), and it takes focus itself.
  await history.timeline().focus();
  const start = await history.selectedPoint().getAttribute('data-snapshot');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await expect.poll(() => history.selectedPoint().getAttribute('data-snapshot')).not.toBe(start);
  const older = await history.selectedPoint().getAttribute('data-snapshot');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect.poll(() => history.selectedPoint().getAttribute('data-snapshot')).not.toBe(older);
  expect(errors).toEqual([]);
  await context.close();
});

test('versions, a diff against now, a PDF preview and what changed', async () => {
  const { page, errors, context } = await openApp(session.browser, session.server);
  await new Shell(page).open('recover');
  const history = new HistoryBrowser(page);
  await history.openFolder('Documents');
  await history.openFolder('Recipes');
  await history.select("Grandma's soup.txt");
  await history.tab('versions');
  // Five edits, so five distinct versions; the newest is the one in the home now.
  await expect.poll(() => history.versions().count()).toBeGreaterThanOrEqual(5);
  await history.versions().first().click();
  await history.tab('diff');
  await page.getByTestId('diff-view').waitFor();
  await expect(page.getByTestId('diff-view').textContent()).resolves.toMatch(/\S/);
  await screenshot(page, 'recover-diff');

  // The oldest soup is from before the report existed: back to now, then to the report.
  await page.locator('[data-testid="timeline-item"][data-snapshot="0"]').click();
  await page.getByTestId('breadcrumb-item').filter({ hasText: 'Documents' }).first().click();
  await history.select('Report 2026.pdf');
  await page
    .locator('[data-testid="preview-pdf"][data-state="ready"]')
    .waitFor({ timeout: 20_000 });
  await screenshot(page, 'recover-pdf');

  // "What changed since then" is offered for a point in the past.
  await page.locator('[data-testid="timeline-item"]:not([data-snapshot="0"])').first().click();
  await page.getByTestId('view-changes').click();
  await page.getByTestId('changes-view').waitFor();
  await expect.poll(() => page.getByTestId('changes-item').count()).toBeGreaterThan(0);
  await screenshot(page, 'recover-changes');
  expect(errors).toEqual([]);
  await context.close();
});

test('replace an old version, then undo: the file is back byte for byte', async () => {
  const status = await apiCall(session.server, 'status.get', {});
  const home = status.home.path;
  const soup = join(home, 'Documents', 'Recipes', "Grandma's soup.txt");
  const current = await readFile(soup);
  const versions = await apiCall(session.server, 'files.versions', {
    config: status.home.config!,
    path: soup,
  });
  const oldest = versions.versions[0]!;
  const old = await readFile(
    join(
      home,
      '.snapshots',
      String(oldest.snapshot),
      'snapshot',
      'Documents',
      'Recipes',
      "Grandma's soup.txt",
    ),
  );
  expect(old.equals(current)).toBe(false);

  const { page, errors, context } = await openApp(session.browser, session.server);
  await new Shell(page).open('recover');
  const history = new HistoryBrowser(page);
  const recover = new RecoverFilesPage(page);
  await history.openFolder('Documents');
  await history.openFolder('Recipes');
  await history.select("Grandma's soup.txt");
  await history.tab('versions');
  await history.versions().first().click();
  await expect
    .poll(() => history.selectedPoint().getAttribute('data-snapshot'))
    .toBe(String(oldest.snapshot));
  await history.replace();
  await recover.confirmation().waitFor({ timeout: 30_000 });
  expect(await readFile(soup)).toEqual(old);
  await screenshot(page, 'recover-replaced');
  await page.getByTestId('restore-undo').click();
  await page.getByTestId('undo-done').waitFor({ timeout: 30_000 });
  expect(await readFile(soup)).toEqual(current);
  expect(errors).toEqual([]);
  await context.close();
});
