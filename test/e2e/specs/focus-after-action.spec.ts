import { expect, test } from 'vitest';

import { openApp, useDemoSession } from '../fixtures';
import { focusedTestId } from '../pages/layout';
import { HistoryBrowser, RecoverFilesPage } from '../pages/recover-files-page';
import { Shell } from '../pages/shell';

const session = useDemoSession();

/** Role of the live region around the focused element (how a screen reader announces it). */
const announcedBy = (history: HistoryBrowser) =>
  history.page.evaluate(
    () =>
      document.activeElement?.closest('[role="status"], [role="alert"]')?.getAttribute('role') ??
      null,
  );

test('after Restore, Replace and Undo the keyboard focus is on the confirmation, never the page body', async () => {
  const { page, errors, context } = await openApp(session.browser, session.server);
  await new Shell(page).open('recover');
  const history = new HistoryBrowser(page);
  const recover = new RecoverFilesPage(page);
  await history.chooseOldestPoint();
  await history.openFolder('Documents');
  await history.select('Old CV.txt');

  await history.restoreButton().focus();
  await page.keyboard.press('Enter');
  await recover.confirmation().waitFor({ timeout: 30_000 });
  await expect.poll(() => focusedTestId(page)).toBe('restore-title');
  expect(await announcedBy(history)).toBe('status');
  // Closing it gives focus back to where the person was.
  await history.dismissConfirmation();
  expect(await focusedTestId(page)).toBe('restore-keep-both');

  await history.nowPoint().click();
  await history.openFolder('Recipes');
  await history.select("Grandma's soup.txt");
  await history.tab('versions');
  await history.versions().first().click();
  await expect.poll(() => history.selectedPoint().getAttribute('data-snapshot')).not.toBe('0');
  await history.openReplaceDialog();
  await page.getByTestId('replace-confirm').press('Enter');
  await recover.confirmation().waitFor({ timeout: 30_000 });
  await expect.poll(() => focusedTestId(page)).toBe('restore-title');
  await expect(recover.confirmation().getAttribute('data-mode')).resolves.toBe('replace');

  await page.getByTestId('restore-undo').press('Enter');
  await history.undoDone().waitFor({ timeout: 30_000 });
  await expect.poll(() => focusedTestId(page)).toBe('undo-done');
  expect(await announcedBy(history)).toBe('status');
  expect(errors).toEqual([]);
  await context.close();
});
