import type { Locator, Page } from 'playwright-core';

/**
 * A person's click on the overlay, with Playwright's trusted mouse: the pointer comes over the target,
 * moves a little while aiming (longer than the overlay's 400 ms dwell), then clicks. Playwright's own
 * `locator.click()` jumps there and clicks at once, which the overlay rightly ignores. Points are
 * found by Playwright itself, so they hold when the page zooms or moves the frame.
 */
/** The pointer over `target` for a while, moving a little, as before a person's click; no click. */
export async function dwellOn(
  page: Page,
  target: Locator,
  { dwellMs = 500, force = false } = {},
): Promise<void> {
  const [width, height] = await target.evaluate((el) => [
    (el as HTMLElement).offsetWidth,
    (el as HTMLElement).offsetHeight,
  ]);
  const steps = 6;
  for (let i = 0; i < steps; i++) {
    await target.hover({ position: { x: Math.max(1, width / 2 - steps + i * 2), y: height / 2 }, force });
    await page.waitForTimeout(dwellMs / steps);
  }
}

export async function dwellClick(
  page: Page,
  target: Locator,
  { dwellMs = 500, force = false }: { dwellMs?: number; force?: boolean } = {},
): Promise<void> {
  const [width, height] = await target.evaluate((el) => [
    (el as HTMLElement).offsetWidth,
    (el as HTMLElement).offsetHeight,
  ]);
  const center = { x: width / 2, y: height / 2 };
  const steps = 6;
  for (let i = 0; i < steps; i++) {
    await target.hover({ position: { x: Math.max(1, center.x - steps + i * 2), y: center.y }, force });
    await page.waitForTimeout(dwellMs / steps);
  }
  await target.click({ position: center, force });
}

interface StillWatch {
  ctStill?: { moved: boolean; observer: MutationObserver };
}

/** From now on, notes whether anything in the document is added, removed or resized (steady-layout.ts's rule). */
export function watchStill(): void {
  const w = globalThis as unknown as StillWatch;
  w.ctStill?.observer.disconnect();
  const observer = new MutationObserver((records) => {
    if (records.some((r) => [...r.addedNodes, ...r.removedNodes].some((n) => n.nodeType === 1))) {
      const watch = (globalThis as unknown as StillWatch).ctStill;
      if (watch) watch.moved = true;
    }
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });
  w.ctStill = { moved: false, observer };
}

/** Whether the document moved since `watchStill`; ends the watch. */
export function movedSinceWatch(): boolean {
  const w = globalThis as unknown as StillWatch;
  const moved = w.ctStill?.moved ?? true;
  w.ctStill?.observer.disconnect();
  delete w.ctStill;
  return moved;
}

/**
 * A person aiming in a view that may still be drawing (the popup's saved rows giving way to the live
 * ones, a read adding a trade): the pointer rests on the target, and the click comes only once
 * nothing in the view moved while it rested. A person re-aims when the rows jump, and the popup
 * rightly refuses a click that lands just after they did (components/steady-layout.ts). Returns
 * with the pointer on the target; the caller clicks.
 */
export async function aimAt(page: Page, target: Locator, { restMs = 500, tries = 20 } = {}): Promise<void> {
  for (let i = 0; i < tries; i++) {
    const box = await target.boundingBox();
    await target.evaluate(watchStill);
    await dwellOn(page, target, { dwellMs: restMs });
    const moved = await target.evaluate(movedSinceWatch);
    const after = await target.boundingBox();
    if (!moved && box && after && box.x === after.x && box.y === after.y) return;
  }
  throw new Error('the view never held still long enough to click');
}

/** `aimAt`, then a click in the middle of the target. */
export async function steadyClick(page: Page, target: Locator): Promise<void> {
  await aimAt(page, target);
  await target.click();
}
