import type { Page } from 'playwright-core';

/** What the page shows of its theme: the chosen palette and the colours actually painted. */
export class ThemeView {
  constructor(readonly page: Page) {}

  /** 'light' or 'dark' as the app chose it (`<html data-theme>`). */
  theme(): Promise<string | undefined> {
    return this.page.evaluate(() => document.documentElement.dataset.theme);
  }

  /** The painted window background and text colour, as computed (rgb(...)). */
  colours(): Promise<{ background: string; text: string }> {
    return this.page.evaluate(() => {
      const style = getComputedStyle(document.body);
      return { background: style.backgroundColor, text: style.color };
    });
  }

  /** Waits (bounded) until the app has applied `theme`. */
  async waitFor(theme: 'light' | 'dark'): Promise<void> {
    await this.page
      .locator(`html[data-theme="${theme}"]`)
      .waitFor({ state: 'attached', timeout: 10_000 });
  }

  /**
   * Switches Chromium's own preference and returns once the page has seen it: its media query
   * says so, and a frame has run (media-query change events fire before animation frames).
   */
  async switchBrowserScheme(scheme: 'light' | 'dark'): Promise<void> {
    await this.page.emulateMedia({ colorScheme: scheme });
    await this.page.waitForFunction(
      (dark) => window.matchMedia('(prefers-color-scheme: dark)').matches === dark,
      scheme === 'dark',
      { timeout: 10_000 },
    );
    await this.page.evaluate(
      () =>
        new Promise<void>((done) =>
          requestAnimationFrame(() => requestAnimationFrame(() => done())),
        ),
    );
  }
}
