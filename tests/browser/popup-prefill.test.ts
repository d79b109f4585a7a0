import { randomUUID } from 'node:crypto';
import type { FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QQQ_SHORT_PUT_BOT, SPY_CREDIT_SPREAD_BOT } from '../../lib/sandbox/account';
import {
  type ChromiumSession,
  sandboxRequests,
  screenshot,
  startLiveSession,
  steadyClick,
  stopSession,
  type TestServer,
} from './harness';

/**
 * The popup's Custom entry starts from the chart in the active tab (production build, real Chromium,
 * Live against the sandbox): the SPY demo chart fills in SPY, its title price and the bot bound to
 * SPY, and the one confirmed send is one POST; the chart switched to QQQ fills in QQQ; a tab with no
 * chart fills in nothing and says why. The popup is opened as a tab, as popup.test.ts does, then the
 * chart's tab is brought to the front: the active tab, as behind a toolbar popup.
 */

const secret = randomUUID();
let server: TestServer;
let browser: ChromiumSession;

const CHART = 'https://www.tradingview.com/chart/abc/';

beforeAll(async () => {
  ({ server, browser } = await startLiveSession(secret));
});
afterAll(() => stopSession({ server, browser }));

const posts = () => sandboxRequests(server).filter((r) => r.method === 'POST');

async function openChart(): Promise<{ page: Page; overlay: FrameLocator }> {
  const page = await browser.context.newPage();
  await page.goto(CHART);
  const overlay = page.frameLocator('iframe[src*="/overlay.html"]');
  await overlay.locator('.ct-mode').waitFor({ timeout: 15_000 });
  await expect
    .poll(() => overlay.getByTestId('chart-state').textContent(), { timeout: 10_000 })
    .toBe('ready');
  return { page, overlay };
}

/** The popup page, then `front` made the active tab again, then the Custom entry tab opened. */
async function openCustomEntry(front: Page): Promise<Page> {
  const popup = await browser.extensionPage('popup.html');
  await popup.setViewportSize({ width: 400, height: 600 });
  await popup.locator('.ct-mode').waitFor({ timeout: 15_000 });
  await expect.poll(() => popup.locator('.ct-mode').textContent()).toBe('LIVE');
  await front.bringToFront();
  await popup.getByRole('tab', { name: 'Custom entry' }).click();
  await expect
    .poll(() => popup.getByTestId('ticket-prefill').textContent(), { timeout: 10_000 })
    .not.toBe('Reading the chart in the active tab…');
  return popup;
}

const underlying = (popup: Page) => popup.getByLabel('Underlying', { exact: true });
const price = (popup: Page) => popup.getByLabel('Underlying price');
const bot = (popup: Page) => popup.getByLabel('Bot', { exact: true });

describe('the popup ticket starts from the chart in the active tab (Chromium)', () => {
  it('fills in SPY, its price and its bot from the SPY chart; one confirmed send is one POST', async () => {
    const chart = await openChart();
    const popup = await openCustomEntry(chart.page);
    expect(await popup.getByTestId('ticket-prefill').textContent()).toMatch(
      /^From the chart in the active tab: SPY \(NYSE Arca\) at \d+\.\d+\./,
    );
    expect(await underlying(popup).inputValue()).toBe('SPY');
    // The demo's SPY trades near 585.12 and ticks; the ticket holds the title's price of the moment.
    const shownPrice = Number(await price(popup).inputValue());
    expect(Math.abs(shownPrice - 585.12)).toBeLessThan(10);
    expect(await popup.getByTestId('symbol-from-chart').textContent()).toBe(
      'from the chart in the active tab',
    );
    expect(await popup.getByTestId('price-from-chart').count()).toBe(1);
    expect(await bot(popup).inputValue()).toBe(String(SPY_CREDIT_SPREAD_BOT));
    await screenshot(popup, 'popup-ticket-from-chart');

    await popup.getByRole('button', { name: 'Put credit spread' }).click();
    const shown = JSON.parse((await popup.getByTestId('request-body').textContent()) ?? 'null');
    const atm = Math.round(shownPrice);
    expect(shown).toEqual({
      bot: SPY_CREDIT_SPREAD_BOT,
      legs: [
        expect.objectContaining({ symbol: 'SPY', quantity: -1, type: 'put', strike: atm - 5 }),
        expect.objectContaining({ symbol: 'SPY', quantity: 1, type: 'put', strike: atm - 10 }),
      ],
    });
    server.sandbox.control.clearRequests();
    await steadyClick(popup, popup.getByRole('button', { name: 'Send legs' }));
    // Live: nothing goes before the same confirmation as any popup order.
    const dialog = popup.getByRole('dialog');
    await dialog.waitFor({ timeout: 10_000 });
    expect(posts()).toEqual([]);
    expect(JSON.parse((await dialog.getByTestId('request-body').textContent()) ?? 'null')).toEqual(shown);
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => popup.getByTestId('request-id').count(), { timeout: 10_000 }).toBe(1);
    await popup.waitForTimeout(500);
    expect(posts()).toEqual([
      expect.objectContaining({ path: '/webhook/{secret}/enter', body: shown, status: 200 }),
    ]);
    await popup.close();

    // The chart moves to QQQ: the popup opened again follows it.
    await chart.page.evaluate(() =>
      (window as unknown as { demo: { setSymbol(s: string): void } }).demo.setSymbol('QQQ'),
    );
    await expect
      .poll(() => chart.overlay.getByTestId('chart-symbol').textContent(), { timeout: 10_000 })
      .toContain('QQQ');
    await expect
      .poll(() => chart.overlay.getByTestId('chart-state').textContent(), { timeout: 10_000 })
      .toBe('ready');
    const again = await openCustomEntry(chart.page);
    expect(await again.getByTestId('ticket-prefill').textContent()).toMatch(
      /^From the chart in the active tab: QQQ \(NASDAQ\) at \d+\.\d+\./,
    );
    expect(await underlying(again).inputValue()).toBe('QQQ');
    expect(Math.abs(Number(await price(again).inputValue()) - 512.3)).toBeLessThan(10);
    expect(await bot(again).inputValue()).toBe(String(QQQ_SHORT_PUT_BOT));
    await again.close();
    await chart.page.close();
  });

  it('fills in nothing when the active tab shows no chart, and says why', async () => {
    const plain = await browser.context.newPage();
    await plain.goto('https://www.tradingview.com/plain');
    const popup = await openCustomEntry(plain);
    expect(await popup.getByTestId('ticket-prefill').textContent()).toBe(
      'No prefill: no chart in the active tab.',
    );
    expect(await underlying(popup).inputValue()).toBe('');
    expect(await price(popup).inputValue()).toBe('');
    expect(await popup.locator('.ct-prefill-mark').count()).toBe(0);
    await popup.close();
    await plain.close();
  });

  it('fills in nothing while the chart symbol settles, and says so', async () => {
    const chart = await openChart();
    // The legend follows late: until it agrees with the header and title, the symbol is not settled.
    await chart.page.evaluate(() =>
      (window as unknown as { demo: { setSymbol(s: string, o: object): void } }).demo.setSymbol('QQQ', {
        exchangeDelayMs: 60_000,
        labelDelayMs: 60_000,
      }),
    );
    await expect
      .poll(() => chart.overlay.getByTestId('chart-state').textContent(), { timeout: 10_000 })
      .not.toBe('ready');
    const popup = await openCustomEntry(chart.page);
    expect(await popup.getByTestId('ticket-prefill').textContent()).toMatch(
      /^No prefill: the chart's symbol is not settled\./,
    );
    expect(await underlying(popup).inputValue()).toBe('');
    await popup.close();
    await chart.page.close();
  });
});
