/**
 * Issue 7, "words a person understands" and "honest hub": what the screen says, in English and
 * German — places instead of paths, copy names in the user's language, dates and counts that
 * make sense, what File history keeps, and a hub that says only what it checked.
 */
import { access, readdir } from 'node:fs/promises';
import { join } from 'node:path';

import { expect, test } from 'vitest';

import { apiCall, openApp, screenshot, useDemoSession } from '../fixtures';
import { HubPage } from '../pages/hub-page';
import { HistoryBrowser, RecoverFilesPage } from '../pages/recover-files-page';
import { RecoverWords } from '../pages/recover-words';
import { Shell } from '../pages/shell';

const session = useDemoSession();

test('the hub says a restart is waiting because the demo machine flags one, and marks no built area as not available', async () => {
  const { page, errors, context } = await openApp(session.browser, session.server);
  const hub = new HubPage(page);
  await expect(hub.restartValue().textContent()).resolves.toBe('A restart is waiting');
  // Editions is built: on openSUSE its page says plainly that there is one edition.
  await expect(hub.notYetMark('editions').count()).resolves.toBe(0);
  await expect(hub.notYetMark('recover').count()).resolves.toBe(0);
  await expect(hub.notYetMark('help').count()).resolves.toBe(0);
  await expect(hub.notYetMark('updates').count()).resolves.toBe(0);
  // The demo's family (snapper + tukit) offers restore points.
  await expect(hub.notYetMark('restore-points').count()).resolves.toBe(0);
  await screenshot(page, 'words-hub-en');
  expect(errors).toEqual([]);
  await context.close();
});

test('German: a restored copy is named in German, the confirmation names a place, full paths only under Details', async () => {
  const status = await apiCall(session.server, 'status.get', {});
  const home = status.home.path;
  const { page, errors, context } = await openApp(session.browser, session.server, {
    locale: 'de-DE',
  });
  await new Shell(page).open('recover');
  const words = new RecoverWords(page);
  const browser = new HistoryBrowser(page);
  await words.waitForRow('Documents');
  await browser.openFolder('Documents');
  await browser.openFolder('Recipes');
  // It exists now too, so the restored copy needs a name of its own; its first version is restored.
  await browser.select("Grandma's soup.txt");
  await browser.tab('versions');
  await browser.versions().first().click();
  await words.restoreButton().waitFor();
  await expect(words.itemWhere().textContent()).resolves.toMatch(
    /^Im Ordner Documents › Recipes · /,
  );
  await new RecoverFilesPage(page).restoreKeepingBoth();
  await words.confirmationTitle().waitFor({ timeout: 30_000 });
  const title = (await words.confirmationTitle().textContent()) ?? '';
  // „Grandma's soup (wiederhergestellt vom Mo., 2. Nov. 18.00).txt“ wurde im Ordner Documents › Recipes wiederhergestellt.
  expect(title).toMatch(
    /^„Grandma's soup \(wiederhergestellt vom [A-Z][a-z]\., \d{1,2}\. [A-Z][a-zä]+\.? \d\d\.\d\d\)\.txt“ wurde im Ordner Documents › Recipes wiederhergestellt\.$/,
  );
  expect(title).not.toContain('/');
  expect(title).not.toContain(home);
  const name = /„(.+)“/.exec(title)?.[1] ?? '';
  await expect(words.detailsOpen()).resolves.toBe(false);
  await expect(words.detailPaths()).resolves.toEqual([join(home, 'Documents', 'Recipes', name)]);
  await access(join(home, 'Documents', 'Recipes', name)); // the copy is on disk under the name shown
  await screenshot(page, 'words-restored-de');
  expect(errors).toEqual([]);
  await context.close();
});

test('Recover files says what File history keeps, hides dot folders until asked, and calls the current file "now"', async () => {
  const status = await apiCall(session.server, 'status.get', {});
  const { page, errors, context } = await openApp(session.browser, session.server);
  await new Shell(page).open('recover');
  const words = new RecoverWords(page);
  // The demo's config keeps snapper's defaults: 10 hourly, daily, monthly and yearly points.
  await expect(words.historyFactsText()).resolves.toBe(
    'Last point: Today 23:00 · points kept up to 10 years, older ones more sparsely · stored on this disk, so no protection if the disk breaks'.replace(
      'Today 23:00',
      await lastPointLabel(),
    ),
  );
  await words.waitForRow('Documents');
  expect((await readdir(status.home.path)).includes('.config')).toBe(true);
  expect(await words.rowNames()).not.toContain('.config');
  await words.setShowHidden(true);
  await words.waitForRow('.config');
  await words.setShowHidden(false);
  await words.waitForRow('Documents');
  expect(await words.rowNames()).not.toContain('.config');

  // "What changed" since the oldest point: the editor's settings changed, but stay out of sight until asked.
  const settings = join(status.home.path, '.config', 'demo-editor', 'settings.ini');
  await words.chooseOldestPoint();
  await words.openChanges();
  expect((await words.changedPaths()).length).toBeGreaterThan(0);
  expect(await words.changedPaths()).not.toContain(settings);
  await words.setShowHidden(true);
  await words.waitForChanged(settings);
  await words.setShowHidden(false);

  const recover = new RecoverFilesPage(page);
  await recover.search('soup');
  await recover.searchResults().first().waitFor({ timeout: 30_000 });
  await recover.searchSummary().filter({ hasText: /Found/ }).waitFor({ timeout: 30_000 });
  await expect(words.resultNewest("Grandma's soup.txt").textContent()).resolves.toBe(
    'still there now',
  );
  await screenshot(page, 'words-search-en');
  expect(errors).toEqual([]);
  await context.close();

  /** "Today 23:00" as the timeline writes the newest point (the demo's points follow the clock). */
  async function lastPointLabel(): Promise<string> {
    const snaps = await apiCall(session.server, 'snapshots.list', { config: status.home.config! });
    const newest = new Date(snaps.at(-1)!.date);
    const time = new Intl.DateTimeFormat('en-GB', { timeStyle: 'short' }).format(newest);
    return newest.toDateString() === new Date().toDateString()
      ? `Today ${time}`
      : `Yesterday ${time}`;
  }
});

test('German: long words fit their boxes at 800 px, and "Wiederherstellungspunkte" breaks only at its hyphen', async () => {
  const { page, errors, context } = await openApp(session.browser, session.server, {
    locale: 'de-DE',
  });
  const words = new RecoverWords(page);
  await new HubPage(page).restartCard().waitFor();
  // At full width the sidebar label may wrap; if it does, then as "Wiederherstellungs-/punkte".
  const first = await words.lineOf('nav-restore-points', 'Wieder');
  expect(await words.lineOf('nav-restore-points', 'ungs')).toBe(first);
  await page.setViewportSize({ width: 800, height: 600 });
  await expect(words.overflowingText()).resolves.toEqual([]);
  await new Shell(page).open('recover');
  await words.chooseOldestPoint();
  await words.waitForRow('Documents');
  // At 800 px the item's details are a second step, opened from the selection bar.
  const layout = new HistoryBrowser(page);
  await layout.pick('Documents');
  await layout.openDetails();
  await screenshot(page, 'words-800-de');
  await expect(words.overflowingText()).resolves.toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
});
