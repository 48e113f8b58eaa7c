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
