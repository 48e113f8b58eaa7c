import type { Locator, Page } from 'playwright-core';

import type { Area } from './shell';

/** The troubleshooting hub's checks and area cards. */
export class HubPage {
  constructor(readonly page: Page) {}

  restartCard(): Locator {
    return this.page.getByTestId('hub-restart');
  }

  restartValue(): Locator {
    return this.page.getByTestId('hub-restart-value');
  }

  areaCard(area: Area): Locator {
    return this.page.getByTestId(`hub-area-${area}`);
  }

  /** The "not available yet" mark on an area's card (absent for areas that work). */
  notYetMark(area: Area): Locator {
    return this.areaCard(area).getByTestId('hub-area-not-yet');
  }
}
