import type { Locator, Page } from 'playwright-core';

/** Locators for the Editions page: cards, the confirmation, the switch status. */
export class EditionsView {
  constructor(readonly page: Page) {}

  cards(): Locator {
    return this.page.getByTestId('editions-list').getByTestId('edition-card');
  }

  card(id: string): Locator {
    return this.page.locator(`[data-testid="edition-card"][data-edition="${id}"]`);
  }

  switchButton(id: string): Locator {
    return this.card(id).getByTestId('edition-switch');
  }

  confirmDialog(): Locator {
    return this.page.getByTestId('edition-confirm');
  }

  status(state?: string): Locator {
    return this.page.locator(
      state === undefined
        ? '[data-testid="edition-status"]'
        : `[data-testid="edition-status"][data-state="${state}"]`,
    );
  }

  /** Ids of the cards marked "In use" and "Used at next start". */
  async marks(): Promise<{ inUse: string[]; nextStart: string[] }> {
    const ids = (testId: string) =>
      this.page
        .locator(`[data-testid="edition-card"]:has([data-testid="${testId}"])`)
        .evaluateAll((cards) => cards.map((c) => c.getAttribute('data-edition') ?? ''));
    return { inUse: await ids('edition-in-use'), nextStart: await ids('edition-next-start') };
  }
}
