import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

import { expect, test } from 'vitest';

import { apiCall, openApp, screenshot, useDemoSession } from '../fixtures';
import {
  FolderChooserDialog,
  HistoryBrowser,
  PointAndPreview,
  RecoverFilesPage,
  Selection,
} from '../pages/recover-files-page';
import { Shell } from '../pages/shell';

const session = useDemoSession();

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** The home, its config and the newest point in time before now. */
async function demoFacts(): Promise<{ home: string; config: string; newest: number }> {
  const status = await apiCall(session.server, 'status.get', {});
  const config = status.home.config;
  if (!config) throw new Error('the demo has no file history');
  const snapshots = await apiCall(session.server, 'snapshots.list', { config });
  const newest = snapshots.at(-1);
  if (!newest) throw new Error('the demo has no points in time');
  return { home: status.home.path, config, newest: newest.number };
}

const snapshotCopy = (home: string, snapshot: number, ...parts: string[]): string =>
  join(home, '.snapshots', String(snapshot), 'snapshot', ...parts);

test('three files chosen with Ctrl-click and the keyboard are restored together, with the saved bytes', async () => {
  const { home, newest } = await demoFacts();
  const { page, errors, context } = await openApp(session.browser, session.server);
  await new Shell(page).open('recover');
  const history = new HistoryBrowser(page);
  const point = new PointAndPreview(page);
  const selection = new Selection(page);
  const recover = new RecoverFilesPage(page);
  await history.openFolder('Documents');
  await point.choosePoint(newest);

  // Shift-click selects a range, Ctrl+A everything, a plain click one item again.
  await selection.click('Café Menü.txt');
  await selection.click('Letter to landlord.odt', ['Shift']);
  await expect.poll(() => selection.selectedRows().count()).toBeGreaterThanOrEqual(2);
  await selection.list().press('ControlOrMeta+a');
  await expect.poll(() => selection.count().textContent()).toMatch(/^\d+ items selected$/);
  const total = Number(await selection.list().getAttribute('data-total'));
  await expect(selection.count().textContent()).resolves.toBe(`${total} items selected`);

  // Shift+Arrow extends from the row the keyboard is on.
  await selection.click('Café Menü.txt');
  await selection.list().press('Shift+ArrowDown');
  await selection.list().press('Shift+ArrowDown');
  await expect.poll(() => selection.count().textContent()).toBe('3 items selected');

  // Ctrl-click toggles: three files, then Space takes the focused one out and back in.
  await selection.click('Café Menü.txt');
  await selection.click('Letter to landlord.odt', ['ControlOrMeta']);
  await selection.click('Report 2026.pdf', ['ControlOrMeta']);
  await expect(selection.count().textContent()).resolves.toBe('3 items selected');
  await selection.list().press('Space');
  await expect.poll(() => selection.count().textContent()).toBe('2 items selected');
  await selection.list().press('Space');
  await expect(selection.count().textContent()).resolves.toBe('3 items selected');
  await screenshot(page, 'recover-three-selected');

  await selection.restoreAll();
  await recover.confirmation().waitFor({ timeout: 30_000 });
  await expect(recover.confirmation().textContent()).resolves.toContain('3 items are back');
  const restored = await recover.restoredPaths().allTextContents();
  expect(restored).toHaveLength(3);
  await screenshot(page, 'recover-three-restored');
  const originals = ['Café Menü.txt', 'Letter to landlord.odt', 'Report 2026.pdf'];
  for (const name of originals) {
    const stem = name.slice(0, name.lastIndexOf('.'));
    const copy = restored.find((p) => p.startsWith(join(home, 'Documents', `${stem} (`)));
    expect(copy, `restored copy of ${name}`).toBeDefined();
    const saved = await readFile(snapshotCopy(home, newest, 'Documents', name));
    expect(sha256(await readFile(copy ?? ''))).toBe(sha256(saved));
    // The current file is untouched.
    expect(sha256(await readFile(join(home, 'Documents', name)))).toBe(sha256(saved));
  }
  expect(errors).toEqual([]);
  await context.close();
});

test('Restore to… offers a folder chooser over the home, usable with the keyboard', async () => {
  const { home, newest } = await demoFacts();
  const { page, errors, context } = await openApp(session.browser, session.server);
  await new Shell(page).open('recover');
  const history = new HistoryBrowser(page);
  const point = new PointAndPreview(page);
  const selection = new Selection(page);
  const chooser = new FolderChooserDialog(page);
  const recover = new RecoverFilesPage(page);
  await history.openFolder('Documents');
  await point.choosePoint(newest);
  await history.select('Café Menü.txt');
  await selection.restoreTo();
  await chooser.dialog().waitFor();
  await expect(chooser.place().textContent()).resolves.toContain('Home');
  // Live folders of the home, no hidden ones; typing a path is not needed anywhere.
  await chooser.option('Documents').waitFor();
  expect(await chooser.option('.config').count()).toBe(0);
  await chooser.open('Documents');
  // Keyboard: the list takes arrows and Enter, Backspace goes back up and down again.
  await chooser.list().focus();
  await chooser.list().press('Backspace');
  await chooser.option('Documents').waitFor();
  // Folders sorted by name: Desktop, Documents, …; Home, one down, Enter opens Documents.
  await chooser.list().press('Home');
  await chooser.list().press('ArrowDown');
  await chooser.list().press('Enter');
  await chooser.place().filter({ hasText: 'Documents' }).waitFor();
  await chooser.open('Notes');
  await expect(chooser.place().textContent()).resolves.toMatch(/Home folder › Documents › Notes/);
  await screenshot(page, 'recover-folder-chooser');
  await chooser.choose();
  await recover.confirmation().waitFor({ timeout: 30_000 });
  const target = join(home, 'Documents', 'Notes', 'Café Menü.txt');
  await expect(recover.restoredPaths().first().textContent()).resolves.toBe(target);
  const saved = await readFile(snapshotCopy(home, newest, 'Documents', 'Café Menü.txt'));
  expect(sha256(await readFile(target))).toBe(sha256(saved));
  expect(errors).toEqual([]);
  await context.close();
});

test('an OpenDocument text shows its thumbnail and its first lines', async () => {
  const { page, errors, context } = await openApp(session.browser, session.server);
  await new Shell(page).open('recover');
  const history = new HistoryBrowser(page);
  const point = new PointAndPreview(page);
  await history.openFolder('Documents');
  await history.select('Letter to landlord.odt');
  await point.document().waitFor();
  await expect(point.documentText().textContent()).resolves.toMatch(
    /^Dear Mr\. Keller,\nthe heating in the living room/,
  );
  await point.thumbnail().waitFor();
  // The picture really decodes: a grey "line of text" on the white page of the demo thumbnail.
  await expect.poll(() => point.thumbnailRed(32, 11)).toBe(0x70);
  await expect(point.thumbnailRed(32, 60)).resolves.toBe(0xff);
  await screenshot(page, 'recover-odt-preview');
  expect(errors).toEqual([]);
  await context.close();
});

test("`kairn open PATH --print-url` leads the browser host to that file's versions", async () => {
  const { home } = await demoFacts();
  const file = join(home, 'Documents', 'Letter to landlord.odt');
  const bin = resolve(import.meta.dirname, '../../../electron/cli/bin.mjs');
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [bin, 'open', file, '--url', session.server.url, '--print-url'],
    { timeout: 30_000 },
  );
  const url = stdout.trim();
  expect(url.startsWith(session.server.origin)).toBe(true);

  const { page, errors, context } = await openApp(session.browser, session.server);
  await page.goto(url);
  const point = new PointAndPreview(page);
  const recover = new RecoverFilesPage(page);
  await recover
    .itemPanel()
    .and(page.locator(`[data-path="${file}"]`))
    .waitFor({ timeout: 30_000 });
  await expect(point.versionsTab().getAttribute('aria-selected')).resolves.toBe('true');
  // The letter was written 25 days ago and changed the day after: its versions are listed.
  await expect.poll(() => point.versions().count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
  await expect(new Selection(page).selectedRows().getAttribute('data-name')).resolves.toBe(
    'Letter to landlord.odt',
  );
  await screenshot(page, 'recover-opened-from-file-manager');
  expect(errors).toEqual([]);
  await context.close();
});
