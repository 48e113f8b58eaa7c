import type { Locator, Page } from 'playwright-core';

/** Locators and actions for Recover files (Journey 1). */
export class RecoverFilesPage {
  constructor(readonly page: Page) {}

  root(): Locator {
    return this.page.getByTestId('page-recover');
  }

  timelineItems(): Locator {
    return this.page.getByTestId('timeline-item');
  }

  rows(): Locator {
    return this.page.getByTestId('file-row');
  }

  row(name: string): Locator {
    return this.rows().filter({ hasText: name }).first();
  }

  async search(text: string): Promise<void> {
    await this.page.getByTestId('search-box').fill(text);
    await this.page.getByTestId('search-submit').click();
  }

  searchResults(): Locator {
    return this.page.getByTestId('search-result');
  }

  searchSummary(): Locator {
    return this.page.getByTestId('search-summary');
  }

  itemPanel(): Locator {
    return this.page.getByTestId('item-panel');
  }

  async restoreKeepingBoth(): Promise<void> {
    await this.page.getByTestId('restore-keep-both').click();
  }

  confirmation(): Locator {
    return this.page.getByTestId('restore-confirmation');
  }

  restoredPaths(): Locator {
    return this.page.getByTestId('restore-path');
  }
}

/** Folder navigation, the item panel's tabs, and the timeline's keyboard handling. */
export class HistoryBrowser {
  constructor(readonly page: Page) {}

  timeline(): Locator {
    return this.page.getByTestId('timeline');
  }

  selectedPoint(): Locator {
    return this.page.locator('[data-testid="timeline-item"][aria-selected="true"]');
  }

  pointLabel(): Locator {
    return this.page.getByTestId('point-label');
  }

  async openFolder(name: string): Promise<void> {
    await this.page.locator(`[data-testid="file-row"][data-name="${name}"]`).dblclick();
    await this.page
      .locator('[data-testid="breadcrumb-item"]')
      .filter({ hasText: name })
      .first()
      .waitFor();
  }

  async select(name: string): Promise<void> {
    await this.page.locator(`[data-testid="file-row"][data-name="${name}"]`).click();
    await this.page.getByTestId('item-name').filter({ hasText: name }).waitFor();
  }

  async tab(name: 'preview' | 'versions' | 'diff'): Promise<void> {
    await this.page.getByTestId(`item-tab-${name}`).click();
  }

  versions(): Locator {
    return this.page.getByTestId('version-item');
  }

  async replace(): Promise<void> {
    await this.page.getByTestId('restore-replace').click();
    await this.page.getByTestId('replace-confirm').click();
  }

  timelineItems(): Locator {
    return this.page.getByTestId('timeline-item');
  }

  nowPoint(): Locator {
    return this.page.locator('[data-testid="timeline-item"][data-snapshot="0"]');
  }

  /** The oldest point in time (the first row of the timeline). */
  async chooseOldestPoint(): Promise<void> {
    await this.page
      .locator('[data-testid="timeline-item"]:not([data-snapshot="0"])')
      .first()
      .click();
    await this.page
      .locator('[data-testid="timeline-item"][aria-selected="true"]:not([data-snapshot="0"])')
      .waitFor();
  }

  /** The option the keyboard is on (aria-activedescendant of the timeline). */
  activePoint(): Locator {
    return this.page.locator('[data-testid="timeline"] .timeline-row.active');
  }

  groups(): Locator {
    return this.page.getByTestId('timeline-group');
  }

  /** Names of points, shown in the timeline (also on closed groups). */
  pointNames(): Locator {
    return this.page.getByTestId('timeline-name');
  }

  keptMarks(): Locator {
    return this.page.getByTestId('timeline-kept');
  }

  async savePoint(name: string): Promise<void> {
    await this.page.getByTestId('take-snapshot').click();
    await this.page.getByTestId('take-snapshot-name').fill(name);
    await this.page.getByTestId('take-snapshot-save').click();
    await this.page
      .getByTestId('take-snapshot-status')
      .filter({ hasText: /\S/ })
      .waitFor({ timeout: 30_000 });
  }

  saveStatus(): Locator {
    return this.page.getByTestId('take-snapshot-status');
  }

  /** The words of "Save a point in time now" (without its icon). */
  savePointLabel(): Locator {
    return this.page.getByTestId('take-snapshot').locator('span');
  }

  /** Whether the folder list shows the row `name` as selected (highlighted). */
  rowSelected(name: string): Promise<boolean> {
    return this.page
      .locator(`[data-testid="file-row"][data-name="${name}"]`)
      .getAttribute('aria-selected')
      .then((v) => v === 'true');
  }

  /** Goes one folder up with the breadcrumb (the last but one crumb). */
  async openParent(): Promise<void> {
    const crumbs = this.page.getByTestId('breadcrumb-item');
    const count = await crumbs.count();
    await crumbs.nth(count - 2).click();
    await crumbs.nth(count - 1).waitFor({ state: 'detached' });
  }

  /** "This folder holds N items" in the preview of a selected folder. */
  folderPreview(): Locator {
    return this.page.getByTestId('preview-folder');
  }

  /** The page's lead sentence under the title (ordinary running text). */
  lead(): Locator {
    return this.page.locator('.page-recover .page-lead');
  }

  fileName(name: string): Locator {
    return this.page.locator(
      `[data-testid="file-row"][data-name="${name}"] [data-testid="file-name"]`,
    );
  }

  deletedBadge(name: string): Locator {
    return this.page.locator(
      `[data-testid="file-row"][data-name="${name}"] [data-testid="deleted-badge"]`,
    );
  }

  /** Selects a file by a single click (in a narrow window the details are a second step). */
  async pick(name: string): Promise<void> {
    await this.page.locator(`[data-testid="file-row"][data-name="${name}"]`).click();
    await this.page
      .locator(`[data-testid="file-row"][data-name="${name}"][aria-selected="true"]`)
      .waitFor();
  }

  selectionBar(): Locator {
    return this.page.getByTestId('selection-bar');
  }

  async openDetails(): Promise<void> {
    await this.page.getByTestId('item-open').click();
    await this.page.getByTestId('item-name').waitFor();
  }

  back(): Locator {
    return this.page.getByTestId('item-back');
  }

  fileList(): Locator {
    return this.page.getByTestId('file-list');
  }

  itemName(): Locator {
    return this.page.getByTestId('item-name');
  }

  restoreButton(): Locator {
    return this.page.getByTestId('restore-keep-both');
  }

  tabs(): Locator {
    return this.page.getByRole('tab');
  }

  tabList(): Locator {
    return this.page.getByRole('tablist');
  }

  tabPanel(): Locator {
    return this.page.getByRole('tabpanel');
  }

  restoreTitle(): Locator {
    return this.page.getByTestId('restore-title');
  }

  undoDone(): Locator {
    return this.page.getByTestId('undo-done');
  }

  async undo(): Promise<void> {
    await this.page.getByTestId('restore-undo').click();
    await this.undoDone().waitFor({ timeout: 30_000 });
  }

  async dismissConfirmation(): Promise<void> {
    await this.page.getByTestId('restore-dismiss').click();
    await this.page.getByTestId('restore-confirmation').waitFor({ state: 'detached' });
  }

  async openReplaceDialog(): Promise<void> {
    await this.page.getByTestId('restore-replace').click();
    await this.page.getByTestId('replace-dialog').waitFor();
  }

  async cancelDialog(): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.page.locator('dialog[open]').waitFor({ state: 'detached' });
  }
}

type Modifier = 'ControlOrMeta' | 'Shift';

/** Several items at once in the folder list, and what the panel offers for them. */
export class Selection {
  constructor(readonly page: Page) {}

  list(): Locator {
    return this.page.getByTestId('file-list');
  }

  row(name: string): Locator {
    return this.page.getByTestId('file-row').and(this.page.locator(`[data-name="${name}"]`));
  }

  selectedRows(): Locator {
    return this.page.getByTestId('file-row').and(this.page.locator('[aria-selected="true"]'));
  }

  async click(name: string, modifiers: Modifier[] = []): Promise<void> {
    await this.row(name).click({ modifiers });
  }

  /** "3 items selected" in the side panel. */
  count(): Locator {
    return this.page.getByTestId('selection-count');
  }

  async restoreAll(): Promise<void> {
    await this.page.getByTestId('restore-keep-both').click();
  }

  async restoreTo(): Promise<void> {
    await this.page.getByTestId('restore-to').click();
  }
}

/** The in-app folder chooser of "Restore to…" (browser host). */
export class FolderChooserDialog {
  constructor(readonly page: Page) {}

  dialog(): Locator {
    return this.page.getByTestId('folder-chooser');
  }

  place(): Locator {
    return this.page.getByTestId('folder-chooser-place');
  }

  list(): Locator {
    return this.page.getByTestId('folder-chooser-list');
  }

  option(name: string): Locator {
    return this.page.getByTestId('folder-option').and(this.page.locator(`[data-name="${name}"]`));
  }

  async open(name: string): Promise<void> {
    await this.option(name).click();
    await this.place().filter({ hasText: name }).waitFor();
  }

  async choose(): Promise<void> {
    await this.page.getByTestId('folder-chooser-choose').click();
  }
}

/** Choosing a point in time and what the preview shows. */
export class PointAndPreview {
  constructor(readonly page: Page) {}

  async choosePoint(snapshot: number): Promise<void> {
    const item = this.page
      .getByTestId('timeline-item')
      .and(this.page.locator(`[data-snapshot="${snapshot}"]`));
    await item.click();
    await this.page
      .getByTestId('timeline-item')
      .and(this.page.locator(`[data-snapshot="${snapshot}"][aria-selected="true"]`))
      .waitFor();
  }

  document(): Locator {
    return this.page.getByTestId('preview-document');
  }

  thumbnail(): Locator {
    return this.page.getByTestId('preview-thumbnail');
  }

  /** The red value of one pixel of the decoded thumbnail (a broken picture cannot be drawn). */
  async thumbnailRed(x: number, y: number): Promise<number> {
    return this.thumbnail().evaluate(
      async (img: HTMLImageElement, [px, py]) => {
        await img.decode();
        const canvas = document.createElement('canvas');
        canvas.width = img.naturalWidth;
        canvas.height = img.naturalHeight;
        const g = canvas.getContext('2d');
        if (!g) return -1;
        g.drawImage(img, 0, 0);
        return g.getImageData(px, py, 1, 1).data[0] ?? -1;
      },
      [x, y] as const,
    );
  }

  documentText(): Locator {
    return this.page.getByTestId('preview-document-text');
  }

  versionsTab(): Locator {
    return this.page.getByTestId('item-tab-versions');
  }

  versions(): Locator {
    return this.page.getByTestId('version-item');
  }
}
