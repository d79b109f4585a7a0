import { randomUUID } from 'node:crypto';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox } from '../../lib/sandbox';
import { DEMO_BINDINGS, QQQ_SHORT_PUT_BOT, SPY_CREDIT_SPREAD_BOT } from '../../lib/sandbox/account';
import {
  type FirefoxSession,
  firefoxClick,
  firefoxConfirmWindow,
  firefoxOverlayFrame,
  firefoxUnavailable,
  launchFirefox,
  sandboxRequests,
  startServer,
  type TestServer,
  until,
} from './harness';

/**
 * The other charting sites end to end in Firefox ESR with the production build: the trader switches
 * Yahoo Finance on in Settings with a trusted click, which asks Firefox for the optional host
 * permission. Firefox's own preference `extensions.webextOptionalPermissionPrompts` (false) answers
 * that prompt "Allow", as Firefox's own extension tests do: everything else is the real flow (the
 * request from the click's gesture, the grant event, the background registering the script, the page
 * read, the order sent once). Then "off" gives the permission back and the page gets nothing. Barchart,
 * Finviz, StockCharts and TrendSpider are each switched on the same way and checked as
 * chart-sites.test.ts checks them in Chromium, one page (tab) per site, in the one Firefox session.
 */

const unavailable = await firefoxUnavailable();
if (unavailable && process.env.CI) throw new Error(`The Firefox site test cannot run on CI: ${unavailable}.`);
if (unavailable) console.warn(`Skipping the Firefox site test: ${unavailable}.`);

const secret = randomUUID();
const CONFIRM_ARMED_MS = 600;
let server: TestServer;
let firefox: FirefoxSession;
const posts = () => sandboxRequests(server).filter((r) => r.method === 'POST');

interface BrowserGlobal {
  browser: {
    runtime: { sendMessage(message: unknown): Promise<unknown> };
    permissions: { getAll(): Promise<{ origins?: string[] }> };
  };
}
const ask = (page: Page, message: unknown) =>
  page.evaluate((m) => (globalThis as unknown as BrowserGlobal).browser.runtime.sendMessage(m), message);
const granted = (page: Page) =>
  page.evaluate(
    async () => (await (globalThis as unknown as BrowserGlobal).browser.permissions.getAll()).origins ?? [],
  );
/** Switches a site on with the trader's click in Settings and waits for Firefox's grant. */
async function switchOn(options: Page, site: string, origin: string): Promise<void> {
  expect((await granted(options)).includes(origin)).toBe(false);
  await firefoxClick(options, null, { selector: `input[name="site-${site}"]` });
  await until(
    () => granted(options),
    (origins) => origins.includes(origin),
    { what: `the ${site} permission` },
  );
}
/** Whether the overlay has an "Enter via bot" button the trader could press. */
const canEnter = (overlay: Awaited<ReturnType<typeof firefoxOverlayFrame>>) =>
  overlay.evaluate(() =>
    [...document.querySelectorAll('button')].some(
      (b) => (b.textContent ?? '').startsWith('Enter via bot') && !b.disabled,
    ),
  );
const text = (where: Page | Awaited<ReturnType<typeof firefoxOverlayFrame>>, selector: string) =>
  where.evaluate((s) => document.querySelector(s)?.textContent ?? null, selector);

describe.skipIf(unavailable !== null)('Charting sites in Firefox ESR, each switched on in Settings', () => {
  beforeAll(async () => {
    server = await startServer({ sandbox: createSandbox({ secret, timeZone: 'UTC' }) });
    firefox = await launchFirefox({
      serverPort: server.port,
      extraPrefs: { 'extensions.webextOptionalPermissionPrompts': false },
    });
    const options = await firefox.extensionPage('options.html');
    for (const [bot, binding] of Object.entries(DEMO_BINDINGS)) {
      await ask(options, { type: 'bindings.set', bot: Number(bot), binding });
    }
    await ask(options, { type: 'connection.saveSecret', secret, sessionOnly: false });
    await ask(options, { type: 'connection.setMode', mode: 'live' });
    await options.close();
  });
  afterAll(async () => {
    await firefox?.close();
    await server?.close();
  });

  it('off at install: a Yahoo page gets no overlay', async () => {
    const page = await firefox.browser.newPage();
    await page.goto('https://finance.yahoo.com/chart/SPY');
    await new Promise((ok) => setTimeout(ok, 1500));
    expect(await page.evaluate(() => document.querySelectorAll('iframe').length)).toBe(0);
    await page.close();
  });

  it('on from the Settings click: the overlay reads SPY from address and title and enters once; off takes it away', async () => {
    const options = await firefox.extensionPage('options.html');
    expect((await granted(options)).includes('https://finance.yahoo.com/*')).toBe(false);
    await firefoxClick(options, null, { selector: 'input[name="site-yahoo"]' });
    await until(
      () => granted(options),
      (origins) => origins.includes('https://finance.yahoo.com/*'),
      { what: 'the Yahoo permission' },
    );

    const page = await firefox.browser.newPage();
    await page.goto('https://finance.yahoo.com/chart/SPY');
    const overlay = await firefoxOverlayFrame(page);
    await until(
      () => text(overlay, '[data-testid="chart-state"]'),
      (state) => state === 'ready',
      { what: 'SPY ready', timeout: 20_000 },
    );
    expect(await text(overlay, '[data-testid="chart-symbol"]')).toContain('SPY');
    await until(
      () => text(overlay, '.ct-mode'),
      (mode) => mode === 'LIVE',
      { what: 'Live on the overlay' },
    );
    await overlay.evaluate((bot) => {
      const select = document.querySelector('select.ct-select');
      if (!(select instanceof HTMLSelectElement)) throw new Error('no bot picker');
      select.value = bot;
      select.dispatchEvent(new Event('change', { bubbles: true }));
    }, String(SPY_CREDIT_SPREAD_BOT));
    await new Promise((ok) => setTimeout(ok, 900));
    server.sandbox.control.clearRequests();
    // Live in Firefox: confirmed in the extension's own window, never in the panel (issue 11).
    await firefoxClick(page, overlay, { selector: 'button', text: 'Enter via bot' });
    const win = await firefoxConfirmWindow(firefox.browser);
    expect((await text(win, 'main')) ?? '').toContain('trades SPY');
    await new Promise((ok) => setTimeout(ok, CONFIRM_ARMED_MS));
    await firefoxClick(win, null, { selector: 'main button', text: 'Confirm' });
    await until(
      () => Promise.resolve(posts().length),
      (n) => n === 1,
      { what: 'one POST' },
    );
    await new Promise((ok) => setTimeout(ok, 800));
    expect(posts()).toEqual([
      expect.objectContaining({ path: `/webhook/{secret}/enter/${SPY_CREDIT_SPREAD_BOT}`, status: 200 }),
    ]);
    await win.close();

    // Off: the permission goes back, and the open tab's overlay no longer has a chart.
    await options.bringToFront();
    await firefoxClick(options, null, { selector: 'input[name="site-yahoo"]' });
    await until(
      () => granted(options),
      (origins) => !origins.includes('https://finance.yahoo.com/*'),
      { what: 'the Yahoo permission removed' },
    );
    await until(
      () => text(overlay, '[data-testid="chart-state"]'),
      (state) => state !== 'ready',
      { what: 'the overlay without a chart' },
    );
    const again = await firefox.browser.newPage();
    await again.goto('https://finance.yahoo.com/chart/SPY');
    await new Promise((ok) => setTimeout(ok, 1500));
    expect(await again.evaluate(() => document.querySelectorAll('iframe').length)).toBe(0);
    await again.close();
    await page.close();
    await options.close();
  });
  it('TrendSpider, switched on: the title alone is read-only until the trader types the symbol', async () => {
    const options = await firefox.extensionPage('options.html');
    await firefoxClick(options, null, { selector: 'input[name="site-trendspider"]' });
    await until(
      () => granted(options),
      (origins) => origins.includes('https://charts.trendspider.com/*'),
      { what: 'the TrendSpider permission' },
    );
    const page = await firefox.browser.newPage();
    await page.goto('https://charts.trendspider.com/workspace/8f2c1a');
    const overlay = await firefoxOverlayFrame(page);
    await until(
      () => text(overlay, '[data-testid="chart-state"]'),
      (state) => state === 'unconfirmed',
      { what: 'QQQ unconfirmed', timeout: 20_000 },
    );
    await new Promise((ok) => setTimeout(ok, 900));
    await firefoxClick(page, overlay, { selector: '[data-testid="symbol-confirm"] input' });
    await page.keyboard.type('qqq');
    await firefoxClick(page, overlay, {
      selector: '[data-testid="symbol-confirm"] button',
      text: 'Confirm symbol',
    });
    await until(
      () => text(overlay, '[data-testid="chart-state"]'),
      (state) => state === 'ready',
      { what: 'QQQ confirmed' },
    );
    expect(await text(overlay, '[data-testid="chart-symbol"]')).toContain('QQQ');
    await page.close();
    await options.close();
  });
  it('Barchart, switched on: $SPX is refused with the reason until the trader maps it, then trades SPX', async () => {
    const options = await firefox.extensionPage('options.html');
    await switchOn(options, 'barchart', 'https://www.barchart.com/*');
    server.sandbox.control.clearRequests();
    const page = await firefox.browser.newPage();
    await page.goto('https://www.barchart.com/stocks/quotes/$SPX/interactive-chart');
    let overlay = await firefoxOverlayFrame(page);
    await until(
      () => text(overlay, '[data-testid="chart-state"]'),
      (state) => state === 'unsupported',
      { what: '$SPX refused', timeout: 20_000 },
    );
    expect(await text(overlay, '[data-testid="trading-off"]')).toContain('$SPX');
    expect(await canEnter(overlay)).toBe(false);
    await ask(options, { type: 'settings.update', patch: { symbolMap: { $SPX: 'SPX' } } });
    await page.reload();
    overlay = await firefoxOverlayFrame(page);
    await until(
      () => text(overlay, '[data-testid="chart-state"]'),
      (state) => state === 'ready',
      { what: '$SPX mapped to SPX', timeout: 20_000 },
    );
    await until(
      () => text(overlay, '[data-testid="traded-as"]'),
      (tradedAs) => (tradedAs ?? '').includes('SPX'),
      { what: 'traded as SPX' },
    );
    // Mapped, the bot bound to SPX is offered.
    await until(
      () => canEnter(overlay),
      (can) => can,
      { what: 'Enter via bot offered for SPX' },
    );
    expect(posts()).toEqual([]);
    await ask(options, { type: 'settings.update', patch: { symbolMap: {} } });
    await page.close();
    await options.close();
  });

  it('Finviz, switched on: a quote reads NVDA and enters once through the bot bound to it; a screener is refused with why', async () => {
    const options = await firefox.extensionPage('options.html');
    await switchOn(options, 'finviz', 'https://finviz.com/*');
    // The trader says this bot's own settings trade NVDA (no demo bot does): "Enter via bot" offers only it.
    await ask(options, {
      type: 'bindings.set',
      bot: QQQ_SHORT_PUT_BOT,
      binding: { kind: 'symbol', underlying: 'NVDA' },
    });
    const page = await firefox.browser.newPage();
    await page.goto('https://finviz.com/quote.ashx?t=NVDA&p=d');
    let overlay = await firefoxOverlayFrame(page);
    await until(
      () => text(overlay, '[data-testid="chart-state"]'),
      (state) => state === 'ready',
      { what: 'NVDA ready', timeout: 20_000 },
    );
    expect(await text(overlay, '[data-testid="chart-symbol"]')).toContain('NVDA');
    await until(
      () => text(overlay, '.ct-mode'),
      (mode) => mode === 'LIVE',
      { what: 'Live on the overlay' },
    );
    await overlay.evaluate((bot) => {
      const select = document.querySelector('select.ct-select');
      if (!(select instanceof HTMLSelectElement)) throw new Error('no bot picker');
      select.value = bot;
      select.dispatchEvent(new Event('change', { bubbles: true }));
    }, String(QQQ_SHORT_PUT_BOT));
    await new Promise((ok) => setTimeout(ok, 900));
    server.sandbox.control.clearRequests();
    await firefoxClick(page, overlay, { selector: 'button', text: 'Enter via bot' });
    const win = await firefoxConfirmWindow(firefox.browser);
    expect((await text(win, 'main')) ?? '').toContain('trades NVDA');
    await new Promise((ok) => setTimeout(ok, CONFIRM_ARMED_MS));
    await firefoxClick(win, null, { selector: 'main button', text: 'Confirm' });
    await until(
      () => Promise.resolve(posts().length),
      (n) => n === 1,
      { what: 'one POST' },
    );
    await new Promise((ok) => setTimeout(ok, 800));
    expect(posts()).toEqual([
      expect.objectContaining({ path: `/webhook/{secret}/enter/${QQQ_SHORT_PUT_BOT}`, status: 200 }),
    ]);
    await win.close();

    // The same tab goes to a screener: many symbols, so no symbol, and nothing can be sent.
    await page.bringToFront();
    await page.goto('https://finviz.com/screener.ashx?v=111&t=AAPL,MSFT,NVDA');
    overlay = await firefoxOverlayFrame(page);
    await until(
      () => text(overlay, '[data-testid="chart-state"]'),
      (state) => state === 'ambiguous',
      { what: 'the screener refused', timeout: 20_000 },
    );
    expect(await text(overlay, '[data-testid="trading-off"]')).toContain('lists many symbols');
    expect(posts()).toHaveLength(1);
    await ask(options, {
      type: 'bindings.set',
      bot: QQQ_SHORT_PUT_BOT,
      binding: DEMO_BINDINGS[QQQ_SHORT_PUT_BOT],
    });
    await page.close();
    await options.close();
  });

  it('StockCharts, switched on: the address alone is read-only until the trader types the symbol', async () => {
    const options = await firefox.extensionPage('options.html');
    await switchOn(options, 'stockcharts', 'https://stockcharts.com/*');
    const page = await firefox.browser.newPage();
    await page.goto('https://stockcharts.com/h-sc/ui?s=IWM');
    const overlay = await firefoxOverlayFrame(page);
    await until(
      () => text(overlay, '[data-testid="chart-state"]'),
      (state) => state === 'unconfirmed',
      { what: 'IWM unconfirmed', timeout: 20_000 },
    );
    expect(await canEnter(overlay)).toBe(false);
    await new Promise((ok) => setTimeout(ok, 900));
    server.sandbox.control.clearRequests();
    await firefoxClick(page, overlay, { selector: '[data-testid="symbol-confirm"] input' });
    await page.keyboard.type('iwm');
    await firefoxClick(page, overlay, {
      selector: '[data-testid="symbol-confirm"] button',
      text: 'Confirm symbol',
    });
    await until(
      () => text(overlay, '[data-testid="chart-state"]'),
      (state) => state === 'ready',
      { what: 'IWM confirmed' },
    );
    expect(await text(overlay, '[data-testid="chart-symbol"]')).toContain('IWM');
    expect(posts()).toEqual([]);
    await page.close();
    await options.close();
  });
});
