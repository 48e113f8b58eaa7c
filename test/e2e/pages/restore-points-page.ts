import type { Locator, Page } from 'playwright-core';

/** The Restore points area: the list, a row's marks and button, the confirmation and the job's outcome. */
export class RestorePointsView {
  constructor(readonly page: Page) {}

  rows(): Locator {
    return this.page.getByTestId('rp-row');
  }

  row(id: string): Locator {
    return this.page.locator(`[data-testid="rp-row"][data-point="${id}"]`);
  }

  /** The id of the row marked "Used at next start" (null when none is). */
  async nextStartId(): Promise<string | null> {
    const row = this.rows().filter({ has: this.page.getByTestId('rp-next') });
    return (await row.count()) === 1 ? row.getAttribute('data-point') : null;
  }

  async runningId(): Promise<string | null> {
    const row = this.rows().filter({ has: this.page.getByTestId('rp-running') });
    return (await row.count()) === 1 ? row.getAttribute('data-point') : null;
  }

  goBackButton(id: string): Locator {
    return this.row(id).getByTestId('rp-go-back');
  }

  confirmDialog(): Locator {
    return this.page.getByTestId('rp-confirm');
  }

  confirmGo(): Locator {
    return this.page.getByTestId('rp-confirm-go');
  }

  status(): Locator {
    return this.page.getByTestId('rp-status');
  }

  undoButton(): Locator {
    return this.page.getByTestId('rp-undo');
  }

  /** Why undo is not offered now (in place of the Undo button). */
  undoBlocked(): Locator {
    return this.page.getByTestId('rp-undo-blocked');
  }

  restartNowButton(): Locator {
    return this.page.getByTestId('rp-restart-now');
  }

  laterButton(): Locator {
    return this.page.getByTestId('rp-later');
  }

  async openChanges(id: string): Promise<Locator> {
    await this.row(id).locator('summary').first().click();
    const changes = this.row(id).getByTestId('rp-changes');
    await changes.waitFor({ timeout: 15_000 });
    return changes;
  }
}
