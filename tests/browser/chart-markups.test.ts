import { randomUUID } from 'node:crypto';
import type { FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Markup } from '../../demo/chart/markup.js';
import { CANVAS_LABEL, HEADER_SYMBOL, LEGEND } from '../../lib/chart/selectors';
import {
  type ChromiumSession,
  sandboxRequests,
  screenshot,
  startSession,
  stopSession,
  type TestServer,
} from './harness';

/**
 * The production build on the demo chart in both TradingView markups it serves (`?markup=`): the
 * current one (what 2025-2026 scripts read on the live site) and the older one of the chart-page doc.
 * The overlay shows the right symbol or refuses with its reason on both, and names a landmark the page
 * lost. Paper mode: nothing here may reach the sandbox as a POST either way.
 */

const secret = randomUUID();
let server: TestServer;
let browser: ChromiumSession;

const CHART = 'https://www.tradingview.com/chart/markups/';

beforeAll(async () => {
  ({ server, browser } = await startSession(secret));
});

afterAll(() => stopSession({ server, browser }));

beforeEach(() => {
  server.sandbox.control.clearRequests();
});

const posts = () => sandboxRequests(server).filter((r) => r.method === 'POST');

async function openChart(markup: Markup, query = ''): Promise<{ page: Page; overlay: FrameLocator }> {
  const page = await browser.context.newPage();
  await page.goto(`${CHART}?markup=${markup}${query}`);
  const overlay = page.frameLocator('iframe[src*="/overlay.html"]');
  await overlay.locator('.ct-mode').waitFor({ timeout: 15_000 });
  return { page, overlay };
}

const chartSymbol = (overlay: FrameLocator) => overlay.getByTestId('chart-symbol').textContent();
const chartState = (overlay: FrameLocator) => overlay.getByTestId('chart-state').textContent();
const enterButton = (overlay: FrameLocator) => overlay.getByRole('button', { name: /^Enter via bot/ });
const demoState = (page: Page) =>
  page.evaluate(() => (window as unknown as { demo: { state(): { markup: string } } }).demo.state());

describe.each(['current', 'legacy'] as const)('the overlay on the %s markup (Chromium)', (markup) => {
  it('shows the symbol, then the next one after a switch, trading only once it settled', async () => {
    const { page, overlay } = await openChart(markup);
    expect((await demoState(page)).markup).toBe(markup);
    // The markup is what it says: the current one has labelled canvases and no symbol-search id.
    expect(await page.locator(CANVAS_LABEL).count()).toBe(markup === 'current' ? 1 : 0);
    expect(await page.locator('#header-toolbar-symbol-search').count()).toBe(markup === 'current' ? 0 : 1);
    await expect.poll(() => chartState(overlay), { timeout: 10_000 }).toBe('ready');
    expect(await chartSymbol(overlay)).toContain('SPY');
    expect(await enterButton(overlay).isDisabled()).toBe(false);
    await screenshot(page, `markup-${markup}-ready`);

    await page.evaluate(() =>
      (window as unknown as { demo: { setSymbol(s: string, o: object): void } }).demo.setSymbol('QQQ', {
        exchangeDelayMs: 1200,
      }),
    );
    await expect.poll(() => enterButton(overlay).isDisabled(), { timeout: 1000, interval: 50 }).toBe(true);
    await expect.poll(() => chartState(overlay), { timeout: 10_000 }).toBe('ready');
    expect(await chartSymbol(overlay)).toContain('QQQ');
    expect(await overlay.getByTestId('chart-diagnostic').count()).toBe(0);
    expect(posts()).toEqual([]);
    await page.close();
  });

  it.runIf(markup === 'current')(
    'holds trading off while the canvas label lags a switch, and trades once it names the new symbol',
    async () => {
      const { page, overlay } = await openChart(markup);
      await expect.poll(() => chartState(overlay), { timeout: 10_000 }).toBe('ready');
      // Title, button and legend on QQQ at once; the canvas still labelled SPY for 2.5 s.
      await page.evaluate(() =>
        (window as unknown as { demo: { setSymbol(s: string, o: object): void } }).demo.setSymbol('QQQ', {
          exchangeDelayMs: 0,
          labelDelayMs: 2500,
          loading: false,
        }),
      );
      await page.waitForTimeout(1500);
      // Past the settle time of the legend's change, the label's disagreement still holds it off.
      expect(await chartState(overlay)).toBe('ambiguous');
      expect(await overlay.getByTestId('trading-off').textContent()).toMatch(/canvas shows AMEX:SPY/);
      expect(await enterButton(overlay).isDisabled()).toBe(true);
      await expect.poll(() => chartState(overlay), { timeout: 10_000 }).toBe('ready');
      expect(await chartSymbol(overlay)).toContain('QQQ');
      expect(posts()).toEqual([]);
      await page.close();
    },
  );

  it('refuses, with its reason, a chart whose symbol button disagrees with the title', async () => {
    const { page, overlay } = await openChart(markup, '&disagree=1');
    await expect.poll(() => chartState(overlay), { timeout: 10_000 }).toBe('ambiguous');
    expect(await overlay.getByTestId('trading-off').textContent()).toMatch(/symbol button shows QQQ/);
    expect(await enterButton(overlay).isDisabled()).toBe(true);
    await page.close();
  });

  it('trades the active pane of a two-chart layout, and refuses one with no active pane', async () => {
    const active = await openChart(markup, '&layout=2&activePane=1');
    await expect.poll(() => chartState(active.overlay), { timeout: 10_000 }).toBe('ready');
    expect(await chartSymbol(active.overlay)).toContain('QQQ');
    await active.page.close();

    const none = await openChart(markup, '&layout=2&activePane=none');
    await expect.poll(() => chartState(none.overlay), { timeout: 10_000 }).toBe('ambiguous');
    expect(await none.overlay.getByTestId('trading-off').textContent()).toMatch(/2 charts/);
    await none.page.close();
  });

  it('names a landmark the page lost, and the ones missing when the chart can no longer be read', async () => {
    const { page, overlay } = await openChart(markup);
    await expect.poll(() => chartState(overlay), { timeout: 10_000 }).toBe('ready');
    const diagnostic = overlay.getByTestId('chart-diagnostic');

    // One landmark gone: the chart still reads from the others, and the overlay says which went.
    await page.evaluate((selector) => document.querySelector(selector)?.remove(), HEADER_SYMBOL);
    await expect
      .poll(() => diagnostic.locator('summary').textContent(), { timeout: 10_000 })
      .toBe(
        markup === 'current'
          ? 'Not found on this page: symbol button'
          : 'Not found on this page: symbol button, canvas label',
      );
    await expect.poll(() => chartState(overlay), { timeout: 10_000 }).toBe('ready');

    // Every symbol landmark gone: unreadable, the list open, and a report to copy.
    await page.evaluate((selector) => {
      for (const el of document.querySelectorAll(selector)) el.remove();
    }, `${LEGEND},${CANVAS_LABEL}`);
    await expect.poll(() => chartState(overlay), { timeout: 10_000 }).toBe('unreadable');
    await expect.poll(() => diagnostic.getAttribute('open')).not.toBeNull();
    expect(await diagnostic.locator('li').allTextContents()).toEqual([
      'Chart title: found (SPY)',
      'Symbol button: missing',
      'Legend: missing',
      'Chart pane: found (active)',
      'Canvas label: missing',
    ]);
    expect(await enterButton(overlay).isDisabled()).toBe(true);
    await screenshot(page, `markup-${markup}-diagnostic`);

    await diagnostic.getByRole('button', { name: 'Copy report' }).click();
    // The frame may or may not be let to copy; either way the report is the short one.
    await expect
      .poll(async () =>
        (await diagnostic.getByText('Copied.').count()) > 0
          ? 'copied'
          : await diagnostic.getByTestId('diagnostic-report').inputValue(),
      )
      .toMatch(/^copied$|^Options Auto Trader: Chart Trader, chart reader report\nExtension version: \d/);
    expect(posts()).toEqual([]);
    await page.close();
  });
});
