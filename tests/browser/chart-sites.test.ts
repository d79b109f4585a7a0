import { randomUUID } from 'node:crypto';
import type { FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSandbox } from '../../lib/sandbox';
import { SPY_CREDIT_SPREAD_BOT } from '../../lib/sandbox/account';
import {
  askFromPage,
  type ChromiumSession,
  dwellClick,
  grantedSitesBuild,
  launchChromium,
  sandboxRequests,
  screenshot,
  startLiveSession,
  stopSession,
  type TestServer,
} from './harness';
import { startServer } from './harness/server';

/**
 * The other charting sites in Chromium, on local pages served under each site's host name
 * (tests/browser/harness/site-pages.ts, from the fixtures of tests/unit/chart/sites). The same overlay,
 * frame identity, click integrity and order truth as on TradingView: orders go to the sandbox in Live.
 */

const secret = randomUUID();
const SETTLED_VISIBLE_MS = 900;
const CONFIRM_ARMED_MS = 600;

describe('switching a site on asks the browser from the trader’s click (production build, Chromium)', () => {
  let server: TestServer;
  let browser: ChromiumSession;
  beforeAll(async () => {
    server = await startServer({ sandbox: createSandbox({ secret, timeZone: 'UTC' }) });
    browser = await launchChromium({ serverPort: server.port });
  });
  afterAll(() => stopSession({ server, browser }));

  it('installs with TradingView only; the Settings switch asks for the site, and nothing reads it until granted', async () => {
    const settings = await browser.extensionPage('options.html');
    const granted = () =>
      settings.evaluate(
        async () =>
          (
            await (
              globalThis as unknown as {
                chrome: { permissions: { getAll(): Promise<{ origins?: string[] }> } };
              }
            ).chrome.permissions.getAll()
          ).origins ?? [],
      );
    expect((await granted()).some((o) => o.includes('yahoo'))).toBe(false);
    const yahoo = settings.locator('input[name="site-yahoo"]');
    await yahoo.waitFor();
    expect(await yahoo.isChecked()).toBe(false);
    // The request is made from the trusted click; Chromium then waits on its prompt, browser UI that
    // automation cannot answer: nothing is granted or registered, and the site's pages get nothing.
    await yahoo.click();
    await settings.waitForTimeout(1500);
    expect(await settings.getByRole('alert').count()).toBe(0);
    expect((await granted()).some((o) => o.includes('yahoo'))).toBe(false);
    const worker = await browser.serviceWorker();
    expect(
      await worker.evaluate(() =>
        (
          globalThis as unknown as {
            chrome: { scripting: { getRegisteredContentScripts(): Promise<unknown[]> } };
          }
        ).chrome.scripting.getRegisteredContentScripts(),
      ),
    ).toEqual([]);
    const page = await browser.context.newPage();
    await page.goto('https://finance.yahoo.com/quote/AAPL/');
    await page.waitForTimeout(1500);
    expect(await page.locator('iframe').count()).toBe(0);
    await page.close();
    await settings.close();
  });
});

describe('the overlay on each site (Chromium, the sites granted)', () => {
  let server: TestServer;
  let browser: ChromiumSession;
  let extensionPage: Page;
  let build: ReturnType<typeof grantedSitesBuild>;

  beforeAll(async () => {
    build = grantedSitesBuild();
    ({ server, browser, page: extensionPage } = await startLiveSession(secret, { extensionDir: build.dir }));
  });
  afterAll(async () => {
    await stopSession({ server, browser });
    build.remove();
  });
  beforeEach(() => server.sandbox.control.clearRequests());
  const posts = () => sandboxRequests(server).filter((r) => r.method === 'POST');

  async function open(url: string, state: string): Promise<{ page: Page; overlay: FrameLocator }> {
    const page = await browser.context.newPage();
    await page.goto(url);
    const overlay = page.frameLocator('iframe[src*="/overlay.html"]');
    await overlay.locator('.ct-mode').waitFor({ timeout: 15_000 });
    await expect
      .poll(() => overlay.getByTestId('chart-state').textContent(), { timeout: 10_000 })
      .toBe(state);
    await page.waitForTimeout(SETTLED_VISIBLE_MS);
    return { page, overlay };
  }

  it('registered every site’s reader at start, because their permissions are granted', async () => {
    const worker = await browser.serviceWorker();
    const ids = await worker.evaluate(async () =>
      (
        await (
          globalThis as unknown as {
            chrome: { scripting: { getRegisteredContentScripts(): Promise<{ id: string }[]> } };
          }
        ).chrome.scripting.getRegisteredContentScripts()
      ).map((s) => s.id),
    );
    expect(ids.sort()).toEqual(
      ['barchart', 'finviz', 'stockcharts', 'trendspider', 'yahoo'].map((s) => `chart-site-${s}`),
    );
  });

  it('Yahoo Finance: address and title agree on SPY, and Enter via bot sends once for the bot bound to SPY', async () => {
    const { page, overlay } = await open('https://finance.yahoo.com/chart/SPY', 'ready');
    expect(await overlay.getByTestId('chart-symbol').textContent()).toContain('SPY');
    await dwellClick(page, overlay.getByRole('button', { name: 'Enter via bot' }));
    const dialog = overlay.getByRole('dialog');
    await expect.poll(() => dialog.textContent()).toContain('trades SPY');
    await page.waitForTimeout(CONFIRM_ARMED_MS);
    await dwellClick(page, dialog.getByRole('button', { name: 'Confirm' }));
    await expect.poll(() => posts().length, { timeout: 10_000 }).toBe(1);
    await page.waitForTimeout(800);
    expect(posts()).toEqual([
      expect.objectContaining({ path: `/webhook/{secret}/enter/${SPY_CREDIT_SPREAD_BOT}`, status: 200 }),
    ]);
    await screenshot(page, 'site-yahoo-spy');
    await page.close();
  });

  it('Yahoo Finance: a pushState to another quote is never the old symbol; CL=F is refused with why', async () => {
    const { page, overlay } = await open('https://finance.yahoo.com/quote/AAPL/', 'ready');
    // As the site navigates: the address first, the title a moment later.
    await page.evaluate(() => history.pushState({}, '', '/quote/CL=F/'));
    await page.waitForTimeout(300);
    await page.evaluate(() => {
      document.title = 'Crude Oil Jan 27 (CL=F) Stock Price, News, Quote & History - Yahoo Finance';
    });
    await expect.poll(() => overlay.getByTestId('chart-state').textContent()).toBe('unsupported');
    expect(await overlay.getByTestId('trading-off').textContent()).toContain('futures');
    const enter = overlay.getByRole('button', { name: /^Enter via bot/ });
    expect(
      await enter.evaluateAll((buttons) => buttons.every((b) => (b as HTMLButtonElement).disabled)),
    ).toBe(true);
    // ^GSPC: only through the trader's map.
    await page.evaluate(() => {
      history.pushState({}, '', '/quote/%5EGSPC/');
      document.title = 'S&P 500 (^GSPC) Charts, Data & News - Yahoo Finance';
    });
    await expect.poll(() => overlay.getByTestId('trading-off').textContent()).toContain('map it');
    expect(posts()).toEqual([]);
    await page.close();
  });

  it('Barchart: $SPX trades SPX once the trader maps it', async () => {
    const { page, overlay } = await open(
      'https://www.barchart.com/stocks/quotes/$SPX/interactive-chart',
      'unsupported',
    );
    expect(await overlay.getByTestId('trading-off').textContent()).toContain('$SPX');
    await askFromPage(extensionPage, { type: 'settings.update', patch: { symbolMap: { $SPX: 'SPX' } } });
    await page.reload();
    await expect
      .poll(() => overlay.getByTestId('chart-state').textContent(), { timeout: 10_000 })
      .toBe('ready');
    await expect.poll(() => overlay.getByTestId('traded-as').textContent()).toContain('SPX');
    await askFromPage(extensionPage, { type: 'settings.update', patch: { symbolMap: {} } });
    await page.close();
  });

  it('Finviz: a quote reads ready; a screener is refused with a reason', async () => {
    const quote = await open('https://finviz.com/quote.ashx?t=NVDA&p=d', 'ready');
    expect(await quote.overlay.getByTestId('chart-symbol').textContent()).toContain('NVDA');
    await quote.page.close();
    const screener = await open('https://finviz.com/screener.ashx?v=111&t=AAPL,MSFT,NVDA', 'ambiguous');
    expect(await screener.overlay.getByTestId('trading-off').textContent()).toContain('lists many symbols');
    await screener.page.close();
  });

  it('StockCharts: the address alone is read-only until the trader types the symbol', async () => {
    const { page, overlay } = await open('https://stockcharts.com/h-sc/ui?s=IWM', 'unconfirmed');
    const form = overlay.getByTestId('symbol-confirm');
    await form.getByRole('textbox').fill('iwm');
    await dwellClick(page, form.getByRole('button', { name: 'Confirm symbol' }));
    await expect.poll(() => overlay.getByTestId('chart-state').textContent()).toBe('ready');
    await page.close();
  });

  it('TrendSpider: the title alone; a wrong symbol typed is refused, and a new symbol asks again', async () => {
    const { page, overlay } = await open('https://charts.trendspider.com/workspace/8f2c1a', 'unconfirmed');
    const form = overlay.getByTestId('symbol-confirm');
    await form.getByRole('textbox').fill('SPY');
    await dwellClick(page, form.getByRole('button', { name: 'Confirm symbol' }));
    await expect.poll(() => overlay.locator('body').textContent()).toContain('the page shows QQQ');
    expect(await overlay.getByTestId('chart-state').textContent()).toBe('unconfirmed');
    await form.getByRole('textbox').fill('QQQ');
    await dwellClick(page, form.getByRole('button', { name: 'Confirm symbol' }));
    await expect.poll(() => overlay.getByTestId('chart-state').textContent()).toBe('ready');
    await page.evaluate(() => {
      document.title = 'IWM: 221.10 −0.4% — TrendSpider';
    });
    await expect.poll(() => overlay.getByTestId('chart-state').textContent()).toBe('unconfirmed');
    expect(posts()).toEqual([]);
    await page.close();
  });
});
