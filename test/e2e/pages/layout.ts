import type { Locator, Page } from 'playwright-core';

/** Where something is on screen, in CSS pixels. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The element's box; fails when it is not rendered at all. */
export async function box(locator: Locator): Promise<Box> {
  const found = await locator.boundingBox();
  if (!found) throw new Error(`no box for ${locator.toString()}`);
  return found;
}

/** Text that does not fit its box (cut off or ellipsised), horizontally or vertically. */
export function isCut(locator: Locator): Promise<boolean> {
  return locator.evaluate(
    (el) => el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight + 1,
  );
}

/** Something else is drawn over the middle of the element (a click there would not reach it). */
export function isCovered(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return top === null || !(el === top || el.contains(top));
  });
}

/** The element lies fully inside the visible part of its scrolling container. */
export async function isInView(locator: Locator, container: Locator): Promise<boolean> {
  const outer = await box(container);
  const inner = await box(locator);
  return inner.y >= outer.y - 1 && inner.y + inner.height <= outer.y + outer.height + 1;
}

/** data-testid of the focused element or its nearest marked ancestor (null: nothing, or the body). */
export function focusedTestId(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    return el.closest<HTMLElement>('[data-testid]')?.dataset.testid ?? null;
  });
}

/** Sets the window size and waits until the layout has answered it. */
export async function resize(page: Page, width: number, height: number): Promise<void> {
  await page.setViewportSize({ width, height });
  // Polled inside one evaluate (waitForFunction compiles its predicate, which the page's CSP refuses).
  await page.evaluate(
    ([w, h]) =>
      new Promise<void>((resolve) => {
        const check = (): void => {
          if (window.innerWidth === w && window.innerHeight === h) resolve();
          else requestAnimationFrame(check);
        };
        check();
      }),
    [width, height],
  );
}

/** Clipped away (e.g. a collapsed sidebar's name until hover or focus): in the page, not on screen. */
export function isClippedAway(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => getComputedStyle(el).clipPath !== 'none');
}

/** How many lines of text the element's content takes. */
export function lineCount(locator: Locator): Promise<number> {
  return locator.evaluate((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const tops = new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top)));
    return tops.size;
  });
}

/** The computed value of one CSS property. */
export function cssOf(locator: Locator, property: string): Promise<string> {
  return locator.evaluate((el, p) => getComputedStyle(el).getPropertyValue(p), property);
}
