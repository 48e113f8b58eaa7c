/**
 * Issue 7, second pass: what was still off after the first — German words that break where they
 * should, a confirmation that covers nothing a person needs at 800x600, "Back to the folder"
 * keeping the chosen row, and a folder's item count that agrees with the list.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { expect, test } from 'vitest';

import { apiCall, openApp, screenshot, useDemoSession } from '../fixtures';
import { cssOf, lineCount, resize } from '../pages/layout';
import { HistoryBrowser } from '../pages/recover-files-page';
import { RecoverWords } from '../pages/recover-words';
import { Shell } from '../pages/shell';

const session = useDemoSession();

test('German: running text is hyphenated in German, and "Zeitpunkt jetzt speichern" takes at most two lines at 800 px', async () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    const { page, errors, context } = await openApp(session.browser, session.server, {
      locale: 'de-DE',
      colorScheme,
    });
    const history = new HistoryBrowser(page);
    await new Shell(page).open('recover');
    await history.savePointLabel().waitFor();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('de');
    await expect(cssOf(history.lead(), 'hyphens')).resolves.toBe('auto');
    // A file's name is shown as it is: no hyphen that is not in it.
    await new RecoverWords(page).waitForRow('Documents');
    await expect(cssOf(history.fileName('Documents'), 'hyphens')).resolves.toBe('manual');
    for (const [width, height] of [
      [800, 600],
      [1280, 800],
    ] as const) {
      await resize(page, width, height);
      await expect(history.savePointLabel().textContent()).resolves.toBe(
        'Zeitpunkt jetzt speichern',
      );
      expect(await lineCount(history.savePointLabel())).toBeLessThanOrEqual(2);
      await screenshot(page, `polish-${width}-de-${colorScheme}`);
    }
    expect(errors).toEqual([]);
    await context.close();
  }
});

test("a folder's preview counts what the list shows: hidden items only while they are shown", async () => {
  const status = await apiCall(session.server, 'status.get', {});
  await writeFile(join(status.home.path, 'Documents', 'Recipes', '.draft-notes'), 'x');
  const { page, errors, context } = await openApp(session.browser, session.server);
  const words = new RecoverWords(page);
  const history = new HistoryBrowser(page);
  await new Shell(page).open('recover');
  await words.waitForRow('Documents');
  await history.openFolder('Documents');
  await history.openFolder('Recipes');
  const visible = await words.rowNames();
  await history.openParent();
  await history.select('Recipes');
  const holds = (n: number) => `This folder holds ${n} ${n === 1 ? 'item' : 'items'}.`;
  await expect(history.folderPreview().textContent()).resolves.toBe(holds(visible.length));
  await words.setShowHidden(true);
  await expect.poll(() => history.folderPreview().textContent()).toBe(holds(visible.length + 1));
  expect(errors).toEqual([]);
  await context.close();
});
