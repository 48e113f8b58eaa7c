import type { Locator, Page } from 'playwright-core';

/** The five areas a person can open, in the order of the navigation. */
export const AREAS = ['recover', 'restore-points', 'editions', 'updates', 'help'] as const;
export type Area = (typeof AREAS)[number];

/** Locators and actions for the app shell (navigation, pages, readiness). */
export class Shell {
  constructor(readonly page: Page) {}

  navLink(area: Area | 'home'): Locator {
    return this.page.getByTestId(`nav-${area}`);
  }

  pageFor(area: Area): Locator {
    return this.page.getByTestId(`page-${area}`);
  }

  hub(): Locator {
    return this.page.getByTestId('hub');
  }

  async open(area: Area): Promise<void> {
    await this.navLink(area).click();
    await this.pageFor(area).waitFor();
  }

  heading(): Locator {
    return this.page.locator('main h1').first();
  }

  sidebar(): Locator {
    return this.page.getByTestId('sidebar');
  }

  /** The visible tooltip-style name of a navigation link (shown on hover or focus when collapsed). */
  navName(area: Area | 'home'): Locator {
    return this.navLink(area).locator('span');
  }
}
