import { expect, test } from 'vitest';

import { openApp, screenshot, useDemoSession } from '../fixtures';
import { box, focusedTestId, isClippedAway, isCovered, isCut, resize } from '../pages/layout';
import { HistoryBrowser, RecoverFilesPage } from '../pages/recover-files-page';
import { AREAS, Shell } from '../pages/shell';

const session = useDemoSession();

test('at 800x600 the sidebar is icons with names, the timeline keeps its height, and the file is a second step', async () => {
  const { page, errors, context } = await openApp(session.browser, session.server);
  await resize(page, 800, 600);
  const shell = new Shell(page);
  await shell.open('recover');
  const history = new HistoryBrowser(page);

  // Icons only, each link still named (and the name shows as a tooltip on keyboard focus).
  expect((await box(shell.sidebar())).width).toBeLessThanOrEqual(72);
  for (const area of AREAS) await expect(shell.navLink(area).innerText()).resolves.not.toBe('');
  expect(await isClippedAway(shell.navName('editions'))).toBe(true);
  await shell.navLink('editions').focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  expect(await isClippedAway(shell.navName('editions'))).toBe(false);
  const tip = await box(shell.navName('editions'));
  expect(tip.x).toBeGreaterThanOrEqual((await box(shell.sidebar())).width);
  expect(tip.x + tip.width).toBeLessThanOrEqual(800);

  // The timeline is a usable list, not four rows.
  expect((await box(history.timeline())).height).toBeGreaterThanOrEqual(280);

  await history.chooseOldestPoint();
  await history.openFolder('Documents');
  await history.pick('Old CV.txt');
  // A deleted, selected file: its whole name shows, with the badge under it (not over it).
  expect(await isCut(history.fileName('Old CV.txt'))).toBe(false);
  const name = await box(history.fileName('Old CV.txt'));
  const badge = await box(history.deletedBadge('Old CV.txt'));
  expect(badge.y).toBeGreaterThanOrEqual(name.y + name.height - 1);
  await expect(history.selectionBar().innerText()).resolves.toContain('Old CV.txt');
  await screenshot(page, 'layout-800-selected');

  // The details are a second step over the folder: nothing covers the Restore button.
  await history.openDetails();
  expect(await focusedTestId(page)).toBe('item-name');
  expect(await isCovered(history.restoreButton())).toBe(false);
  expect(await isCut(history.itemName())).toBe(false);
  for (const tab of await history.tabs().all()) expect(await isCut(tab)).toBe(false);
  expect((await box(history.timeline())).height).toBeGreaterThanOrEqual(280);
  await screenshot(page, 'layout-800-details');

  // Back to the folder: the list is there again and focus is on the button that opened the step.
  await history.back().click();
  await history.fileList().waitFor();
  expect(await isCovered(history.fileName('Old CV.txt'))).toBe(false);
  expect(await focusedTestId(page)).toBe('item-open');
  expect(errors).toEqual([]);
  await context.close();
});

test('names, tabs and "Compare with now" are never cut from 1280 to 1920 px, and nothing covers Restore', async () => {
  const { page, errors, context } = await openApp(session.browser, session.server);
  const recover = new RecoverFilesPage(page);
  const history = new HistoryBrowser(page);
  await new Shell(page).open('recover');
  for (const [width, height] of [
    [1280, 800],
    [1920, 1080],
    [1024, 700],
  ] as const) {
    await resize(page, width, height);
    await history.chooseOldestPoint();
    if ((await recover.rows().filter({ hasText: 'Old CV.txt' }).count()) === 0)
      await history.openFolder('Documents');
    await history.select('Old CV.txt');
    expect(await isCut(history.fileName('Old CV.txt'))).toBe(false);
    expect(await isCovered(history.restoreButton())).toBe(false);
    const list = await box(history.tabList());
    for (const tab of await history.tabs().all()) {
      expect(await isCut(tab)).toBe(false);
      const b = await box(tab);
      expect(b.x + b.width).toBeLessThanOrEqual(list.x + list.width + 1);
    }
    await expect(history.tabs().last().innerText()).resolves.toMatch(/compare with now/i);
  }
  expect(errors).toEqual([]);
  await context.close();
});

test('a restore, its undo and "Saved" move nothing on the page: tabs stay above their content', async () => {
  const { page, errors, context } = await openApp(session.browser, session.server);
  const recover = new RecoverFilesPage(page);
  const history = new HistoryBrowser(page);
  await new Shell(page).open('recover');
  await history.openFolder('Documents');
  await history.openFolder('Recipes');
  await history.select("Grandma's soup.txt");
  await history.tab('versions');
  await history.versions().first().click();
  await expect.poll(() => history.selectedPoint().getAttribute('data-snapshot')).not.toBe('0');
  await history.tab('preview');

  const parts = () => [
    history.timeline(),
    history.fileList(),
    history.itemName(),
    history.restoreButton(),
    history.tabList(),
    history.tabPanel(),
  ];
  const before = await Promise.all(parts().map(box));
  await history.replace();
  await recover.confirmation().waitFor({ timeout: 30_000 });
  expect(await Promise.all(parts().map(box))).toEqual(before);
  const tabs = await box(history.tabList());
  const panel = await box(history.tabPanel());
  expect(panel.y).toBeGreaterThanOrEqual(tabs.y + tabs.height - 1);
  await screenshot(page, 'layout-replaced');
  await history.undo();
  expect(await Promise.all(parts().map(box))).toEqual(before);
  await history.dismissConfirmation();
  expect(await Promise.all(parts().map(box))).toEqual(before);

  // Saving a point in time: the "Saved" line has its place already.
  const header = () => [new Shell(page).heading(), history.fileList(), history.itemName()];
  const beforeSave = await Promise.all(header().map(box));
  const timelineBox = await box(history.timeline());
  await history.savePoint('Layout check');
  expect(await Promise.all(header().map(box))).toEqual(beforeSave);
  expect(await box(history.timeline())).toEqual(timelineBox);
  expect(errors).toEqual([]);
  await context.close();
});
