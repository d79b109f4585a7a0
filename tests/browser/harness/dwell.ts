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
