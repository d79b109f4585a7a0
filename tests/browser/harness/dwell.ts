import type { Locator, Page } from 'playwright-core';

/**
 * A person's click on the overlay, with Playwright's trusted mouse: the pointer comes over the target,
 * moves a little while aiming (longer than the overlay's 400 ms dwell), then clicks. Playwright's own
 * `locator.click()` jumps there and clicks at once, which the overlay rightly ignores.
 */
export async function dwellClick(page: Page, target: Locator, dwellMs = 500): Promise<void> {
  const box = await target.boundingBox();
  if (!box) throw new Error('the target is not on screen');
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  const steps = 6;
  for (let i = 0; i < steps; i++) {
    await page.mouse.move(x - steps + i * 2, y);
    await page.waitForTimeout(dwellMs / steps);
  }
  await page.mouse.move(x, y);
  await page.mouse.click(x, y);
}
