import { expect, test } from 'vitest';

import { openApp, useDemoSession } from '../fixtures';
import { seriousViolations } from '../pages/axe';
import { HistoryBrowser, RecoverFilesPage } from '../pages/recover-files-page';
import { AREAS, Shell, type Area } from '../pages/shell';

const session = useDemoSession();

for (const colorScheme of ['light', 'dark'] as const) {
  test(`axe-core finds no serious or critical problem in any state of Recover files (${colorScheme})`, async () => {
    const { page, errors, context } = await openApp(session.browser, session.server, {
      colorScheme,
    });
    await new Shell(page).open('recover');
    const history = new HistoryBrowser(page);
    const recover = new RecoverFilesPage(page);
    const found: Record<string, string[]> = {};

    await history.nowPoint().waitFor();
    found.fresh = await seriousViolations(page);

    await history.openFolder('Documents');
    await history.openFolder('Recipes');
    await history.select("Grandma's soup.txt");
    await history.tab('versions');
    await history.versions().first().click();
    await expect.poll(() => history.selectedPoint().getAttribute('data-snapshot')).not.toBe('0');
    found.selected = await seriousViolations(page);

    await history.openReplaceDialog();
    found.replaceDialog = await seriousViolations(page);
    await history.cancelDialog();

    await recover.restoreKeepingBoth();
    await recover.confirmation().waitFor({ timeout: 30_000 });
    found.confirmation = await seriousViolations(page);
    await history.dismissConfirmation();

    await recover.search('soup');
    await recover.searchResults().first().waitFor({ timeout: 30_000 });
    found.searchResults = await seriousViolations(page);

    expect(found).toEqual({
      fresh: [],
      selected: [],
      replaceDialog: [],
      confirmation: [],
      searchResults: [],
    });
    expect(errors).toEqual([]);
    await context.close();
  });
}

/** Each area, opened from the navigation, once what it shows first has loaded. */
const AREA_READY: Record<Area, string> = {
  recover: 'timeline',
  'restore-points': 'rp-row',
  editions: 'page-editions',
  updates: 'restart-needed',
  help: 'report-create',
};

for (const colorScheme of ['light', 'dark'] as const) {
  test(`axe-core finds no serious or critical problem on the hub or any area (${colorScheme})`, async () => {
    const { page, errors, context } = await openApp(session.browser, session.server, {
      colorScheme,
    });
    const shell = new Shell(page);
    const found: Record<string, string[]> = {};
    await page.locator('[data-testid^="check-"][data-state]').first().waitFor({ timeout: 30_000 });
    found.hub = await seriousViolations(page);
    for (const area of AREAS) {
      await shell.open(area);
      await page.getByTestId(AREA_READY[area]).first().waitFor({ timeout: 30_000 });
      found[area] = await seriousViolations(page);
    }
    // Get help with its report shown, as a person sees it before saving.
    await page.getByTestId('report-create').click();
    await page.getByTestId('report-preview').waitFor({ timeout: 30_000 });
    found.helpReport = await seriousViolations(page);
    expect(found).toEqual({
      hub: [],
      recover: [],
      'restore-points': [],
      editions: [],
      updates: [],
      help: [],
      helpReport: [],
    });
    expect(errors).toEqual([]);
    await context.close();
  });
}
