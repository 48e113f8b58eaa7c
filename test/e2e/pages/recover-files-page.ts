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
    await this.page.locator('[data-testid="breadcrumb-item"]').filter({ hasText: name }).first().waitFor();
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
}
