import type { Locator, Page } from 'playwright-core';

/** What a person reads in Recover files: the history line, places, copy names, and whether text fits. */
export class RecoverWords {
  constructor(readonly page: Page) {}

  historyFacts(): Locator {
    return this.page.getByTestId('history-facts');
  }

  /** The history line once the points in time are in (it starts with the last point). */
  async historyFactsText(): Promise<string> {
    const line = this.historyFacts().filter({ hasText: /·.*·/ });
    await line.waitFor();
    return (await line.textContent()) ?? '';
  }

  rowNames(): Promise<string[]> {
    return this.page
      .getByTestId('file-row')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name') ?? ''));
  }

  /** Waits until the list shows the row `name`. */
  async waitForRow(name: string): Promise<void> {
    await this.page.locator(`[data-testid="file-row"][data-name="${name}"]`).waitFor();
  }

  async setShowHidden(on: boolean): Promise<void> {
    await this.page.getByTestId('show-hidden').locator('input').setChecked(on);
  }

  showHiddenSwitch(): Locator {
    return this.page.getByTestId('show-hidden').first();
  }

  /** Chooses the oldest point in time on the timeline. */
  async chooseOldestPoint(): Promise<void> {
    // The timeline holds only "now" until the points in time are in.
    await this.page.getByTestId('timeline-item').nth(1).waitFor();
    await this.page.getByTestId('timeline-item').first().click();
    await this.page.waitForFunction(
      () =>
        document.querySelector('[data-testid="timeline-item"]')?.getAttribute('aria-selected') ===
        'true',
      undefined,
      { timeout: 10_000 },
    );
    await this.page.locator('[data-testid="file-list"][aria-busy="false"]').waitFor();
  }

  /** Switches to "What changed since then" and waits for its lists. */
  async openChanges(): Promise<void> {
    await this.page.getByTestId('view-changes').click();
    await this.page.getByTestId('changes-modified').waitFor();
  }

  /** Paths listed under "what changed" (all groups). */
  changedPaths(): Promise<string[]> {
    return this.page
      .getByTestId('changes-item')
      .evaluateAll((items) => items.map((i) => i.getAttribute('data-path') ?? ''));
  }

  /** Waits until "what changed" lists `path`. */
  async waitForChanged(path: string): Promise<void> {
    await this.page
      .locator(`[data-testid="changes-item"][data-path=${JSON.stringify(path)}]`)
      .waitFor();
  }

  /** Restore (keep both): there once an earlier point is chosen. */
  restoreButton(): Locator {
    return this.page.getByTestId('restore-keep-both');
  }

  confirmationTitle(): Locator {
    return this.page.getByTestId('restore-title');
  }

  /** Full paths, kept under the confirmation's Details. */
  detailPaths(): Promise<string[]> {
    return this.page.getByTestId('restore-path').allTextContents();
  }

  async detailsOpen(): Promise<boolean> {
    return this.page
      .getByTestId('restore-details')
      .evaluate((el) => (el as HTMLDetailsElement).open);
  }

  itemWhere(): Locator {
    return this.page.getByTestId('item-where');
  }

  /** "newest copy: …" of the search result for `name`. */
  resultNewest(name: string): Locator {
    return this.page
      .getByTestId('search-result')
      .filter({ hasText: name })
      .first()
      .getByTestId('search-result-newest');
  }

  /** Navigation links, buttons and tabs whose text is wider than their own box (what a person sees cut or spilling). */
  async overflowingText(): Promise<string[]> {
    return this.page.evaluate(() =>
      Array.from(
        document.querySelectorAll<HTMLElement>(
          'nav a, button, [role="tab"], label, h1, h2, h3, .badge',
        ),
      )
        .filter((el) => el.getBoundingClientRect().width > 0 && el.scrollWidth > el.clientWidth + 1)
        // A collapsed sidebar's link shows its name as a tooltip sized to the text, outside the
        // icon-wide link: that is by design, not text cut by its box.
        .filter((el) => {
          const label = el.matches('nav a') ? el.querySelector('span') : null;
          return !(label && getComputedStyle(label).position === 'absolute');
        })
        .map(
          (el) =>
            `${el.dataset.testid ?? el.tagName}: "${el.textContent.trim()}" ${el.scrollWidth}px in ${el.clientWidth}px`,
        ),
    );
  }

  /** Where a word of `testId`'s text breaks: the line (top offset in px) on which `part` starts. */
  async lineOf(testId: string, part: string): Promise<number> {
    return this.page.getByTestId(testId).evaluate((el, wanted) => {
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        const at = text.indexOf(wanted);
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + 1);
        return Math.round(range.getBoundingClientRect().top);
      }
      throw new Error(`"${wanted}" not in the text`);
    }, part);
  }
}
