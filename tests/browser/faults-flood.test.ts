import { randomUUID } from 'node:crypto';
import type { FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ChromiumSession,
  sandboxRequests,
  startLiveSession,
  stopSession,
  type TestServer,
} from './harness';

/**
 * A hostile page flooding the content script with DOM mutations and title changes, in real Chromium,
 * Live against the sandbox: no order, and the overlay keeps answering. It times the overlay's answers,
 * so it runs alone, after the other browser files (the `browser-alone` project in vitest.config.ts):
 * a second browser on the same 2 cores would be measured too.
 */

const secret = randomUUID();
const CHART = 'https://www.tradingview.com/chart/demo/';

let server: TestServer;
let browser: ChromiumSession;

const posts = () => sandboxRequests(server).filter((r) => r.method === 'POST');

beforeAll(async () => {
  // HTTP/2, as the real service and as the storms in faults-storms.test.ts.
  ({ server, browser } = await startLiveSession(secret, { http2: true }));
});

afterAll(() => stopSession({ server, browser }));

async function openChart(query = ''): Promise<{ page: Page; overlay: FrameLocator }> {
  const page = await browser.context.newPage();
  await page.goto(`${CHART}${query}`);
  const overlay = page.frameLocator('iframe[src*="/overlay.html"]');
  await overlay.locator('.ct-mode').waitFor({ timeout: 15_000 });
  await expect.poll(() => overlay.getByTestId('chart-state').textContent()).toBe('ready');
  await expect.poll(() => overlay.locator('.ct-mode').textContent()).toBe('LIVE');
  return { page, overlay };
}

const enterButton = (overlay: FrameLocator) => overlay.getByRole('button', { name: /^Enter via bot/ });

describe('a hostile page flooding the content script (Chromium)', () => {
  it('places no order and keeps the overlay responsive through 5 s of DOM and title floods', async () => {
    const { page, overlay } = await openChart('?hostile=1');
    server.sandbox.control.clearRequests();
    const attack = (name: string) =>
      page.evaluate(
        (n) => (window as unknown as { demo: { attack(n: string): unknown } }).demo.attack(n),
        name,
      );
    const started = Date.now();
    // Each flood runs 2-3 s: start them again halfway to keep ~5 s of flooding.
    await attack('flood');
    await attack('floodTitle');
    const rounds: number[] = [];
    const toggle = overlay.locator('button.toggle');
    while (Date.now() - started < 5_000) {
      if (Date.now() - started > 2_000 && rounds.length === 2) {
        await attack('flood');
        await attack('floodTitle');
      }
      const expanded = (await toggle.getAttribute('aria-expanded')) === 'true';
      const clickedAt = Date.now();
      await toggle.click({ timeout: 5_000 });
      await expect
        .poll(() => toggle.getAttribute('aria-expanded'), { timeout: 5_000, interval: 20 })
        .toBe(String(!expanded));
      rounds.push(Date.now() - clickedAt);
    }
    await page.evaluate(() => (window as unknown as { demo: { stopAttacks(): void } }).demo.stopAttacks());
    const log = await page.evaluate(
      () =>
        (window as unknown as { demo: { state(): { attackLog: { name: string }[] } } }).demo.state()
          .attackLog,
    );
    expect(log.map((a) => a.name)).toEqual(expect.arrayContaining(['flood', 'floodTitle']));
    expect(rounds.length).toBeGreaterThanOrEqual(3);
    // Generous: a responsive panel answers in well under 100 ms; a starved one in seconds.
    expect(Math.max(...rounds)).toBeLessThan(2_000);
    // The flood over, the overlay still reads the chart and can trade.
    if ((await toggle.getAttribute('aria-expanded')) === 'false') await toggle.click();
    await expect
      .poll(() => overlay.getByTestId('chart-state').textContent(), { timeout: 10_000 })
      .toBe('ready');
    await expect.poll(() => enterButton(overlay).isDisabled()).toBe(false);
    expect(posts()).toEqual([]);
    console.info(`Overlay collapse/expand during the flood: ${rounds.join(', ')} ms`);
    await page.close();
  });
});
