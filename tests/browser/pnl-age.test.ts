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
 * Issue 15: the P&L a view shows is kept under 15 s old while the trader can see it, and nothing is
 * read on a schedule while no view is on screen. The production build in Chromium, Live against the
 * sandbox, counting the GET /trades that reach it.
 */

const secret = randomUUID();
let server: TestServer;
let browser: ChromiumSession;

const CHART = 'https://www.tradingview.com/chart/abc/';
const OURS = 'iframe[src*="/overlay.html"]';

beforeAll(async () => {
  ({ server, browser } = await startLiveSession(secret));
});
afterAll(() => stopSession({ server, browser }));

const tradeReads = () =>
  sandboxRequests(server).filter((r) => r.method === 'GET' && r.path.endsWith('/trades'));

/** "P&L as of 8 s ago" → 8; minutes and more as seconds; null when it says none was read. */
function ageSeconds(text: string | null): number | null {
  const m = /P&L as of (\d+) (s|min) ago/.exec(text ?? '');
  if (!m) return /\bago\b/.test(text ?? '') ? Number.POSITIVE_INFINITY : null;
  return Number(m[1]) * (m[2] === 'min' ? 60 : 1);
}

async function openChart(): Promise<{ page: Page; overlay: FrameLocator }> {
  const page = await browser.context.newPage();
  await page.goto(CHART);
  await page.bringToFront();
  const overlay = page.frameLocator(OURS);
  await overlay.locator('.ct-mode').waitFor({ timeout: 15_000 });
  await expect.poll(() => overlay.getByTestId('chart-state').textContent()).toBe('ready');
  return { page, overlay };
}

/**
 * The trader switches the chart's tab away (false) or back (true). Playwright keeps every page it
 * drives "visible" whatever tab is in front (microsoft/playwright#2286), so the switch is made where
 * the browser would report it to the overlay: its document's visibilityState, and the
 * visibilitychange event, in the overlay frame itself.
 */
async function switchTab(page: Page, shown: boolean): Promise<void> {
  const frame = page.frames().find((f) => f.url().includes('/overlay.html'));
  if (!frame) throw new Error('no overlay frame on the chart');
  await frame.evaluate((visible) => {
    Object.defineProperty(document, 'visibilityState', {
      configurable: true,
      get: () => (visible ? 'visible' : 'hidden'),
    });
    document.dispatchEvent(new Event('visibilitychange'));
  }, shown);
}

describe('P&L age while a view is seen (Chromium, Live)', () => {
  /** The chart tab the first case opens and the second hides. */
  let page: Page;
  let overlay: FrameLocator;

  it('the overlay on the chart in front shows an age that stays ≤ 15 s over 40 s', async () => {
    ({ page, overlay } = await openChart());
    const age = overlay.getByTestId('trades-refreshed');
    await expect.poll(async () => ageSeconds(await age.textContent()), { timeout: 15_000 }).not.toBeNull();
    server.sandbox.control.clearRequests();
    const seen: number[] = [];
    const started = Date.now();
    while (Date.now() - started < 40_000) {
      const shown = ageSeconds(await age.textContent());
      if (shown === null) throw new Error(`no age on the overlay: ${await age.textContent()}`);
      seen.push(shown);
      await page.waitForTimeout(1_000);
    }
    expect(seen.length).toBeGreaterThan(20);
    expect(Math.max(...seen), `ages seen: ${seen.join(' ')}`).toBeLessThanOrEqual(15);
    // One read about every 10 s, for the one view on screen: no more, no fewer.
    expect(tradeReads().length).toBeGreaterThanOrEqual(3);
    expect(tradeReads().length).toBeLessThanOrEqual(6);
  });

  it('switching to another tab stops the reads; coming back reads at once', async () => {
    const age = overlay.getByTestId('trades-refreshed');
    // The trader switches to another tab: the chart (and its overlay) is no longer on screen.
    await switchTab(page, false);
    // A read already under way may still land.
    await page.waitForTimeout(2_000);
    server.sandbox.control.clearRequests();
    // Longer than the 30 s the views were polled at before.
    await page.waitForTimeout(32_000);
    expect(tradeReads()).toEqual([]);
    // The age says how old the P&L has grown meanwhile.
    expect(ageSeconds(await age.textContent())).toBeGreaterThan(30);

    // Back on the chart: trades are read at once, and the age is small again.
    await switchTab(page, true);
    await expect.poll(() => tradeReads().length, { timeout: 10_000 }).toBeGreaterThan(0);
    await expect
      .poll(async () => ageSeconds(await age.textContent()), { timeout: 10_000 })
      .toBeLessThanOrEqual(5);
    await page.close();
  });

  it('the popup shows the same fresh age while it is open', async () => {
    const popup = await browser.extensionPage('popup.html');
    await popup.bringToFront();
    const age = popup.getByTestId('trades-refreshed');
    await expect.poll(async () => ageSeconds(await age.textContent()), { timeout: 15_000 }).not.toBeNull();
    const seen: number[] = [];
    for (let i = 0; i < 15; i++) {
      seen.push(ageSeconds(await age.textContent()) ?? Number.POSITIVE_INFINITY);
      await popup.waitForTimeout(1_000);
    }
    expect(Math.max(...seen), `ages seen: ${seen.join(' ')}`).toBeLessThanOrEqual(15);
    await popup.close();
  });
});
