import { randomUUID } from 'node:crypto';
import type { Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANVAS_LABEL, HEADER_SYMBOL, LEGEND } from '../../lib/chart/selectors';
import { createSandbox } from '../../lib/sandbox';
import {
  type FirefoxSession,
  firefoxClick,
  firefoxOverlayFrame,
  firefoxUnavailable,
  launchFirefox,
  sandboxRequests,
  startServer,
  type TestServer,
  until,
} from './harness';

/**
 * The Firefox build on the demo chart in both TradingView markups (`?markup=current|legacy`): the
 * overlay reads the symbol on each, follows a switch, and names the landmark a page lost (the same
 * flows as chart-markups.test.ts in Chromium). Paper mode: no POST reaches the sandbox.
 */

const unavailable = await firefoxUnavailable();
// As in firefox-flows.test.ts: CI installs firefox-esr itself, so there a missing Firefox is a failure.
if (unavailable && process.env.CI)
  throw new Error(`The Firefox markup tests cannot run on CI: ${unavailable}.`);
if (unavailable) console.warn(`Skipping the Firefox markup tests: ${unavailable}.`);

const CHART = 'https://www.tradingview.com/chart/markups/';
let server: TestServer;
let firefox: FirefoxSession;

const posts = () => sandboxRequests(server).filter((r) => r.method === 'POST');
const text = (where: Page | Frame, selector: string) =>
  where.evaluate((s) => document.querySelector(s)?.textContent ?? null, selector);

async function openChart(markup: string): Promise<{ page: Page; overlay: Frame }> {
  const page = await firefox.browser.newPage();
  await page.goto(`${CHART}?markup=${markup}`);
  const overlay = await firefoxOverlayFrame(page);
  await until(
    () => text(overlay, '[data-testid="chart-state"]'),
    (state) => state === 'ready',
    { what: `the overlay to read the ${markup} chart` },
  );
  return { page, overlay };
}

describe.skipIf(unavailable !== null)('both chart markups in Firefox ESR', () => {
  beforeAll(async () => {
    server = await startServer({ sandbox: createSandbox({ secret: randomUUID(), timeZone: 'UTC' }) });
    firefox = await launchFirefox({ serverPort: server.port });
  });

  afterAll(async () => {
    await firefox?.close();
    await server?.close();
  });

  it.each(['current', 'legacy'])(
    'reads the %s markup, follows a switch, and names a lost landmark',
    async (markup) => {
      const { page, overlay } = await openChart(markup);
      expect(await page.evaluate(() => document.documentElement.dataset.markup)).toBe(markup);
      expect(await page.evaluate((s) => document.querySelectorAll(s).length, CANVAS_LABEL)).toBe(
        markup === 'current' ? 1 : 0,
      );
      expect(await text(overlay, '[data-testid="chart-symbol"]')).toContain('SPY');

      await page.evaluate(() =>
        (window as unknown as { demo: { setSymbol(s: string): void } }).demo.setSymbol('QQQ'),
      );
      await until(
        async () => [
          await text(overlay, '[data-testid="chart-state"]'),
          await text(overlay, '[data-testid="chart-symbol"]'),
        ],
        ([state, symbol]) => state === 'ready' && (symbol ?? '').includes('QQQ'),
        { what: 'QQQ ready after the switch' },
      );

      // The symbol button goes: the chart still reads, and the overlay says what went.
      await page.evaluate((s) => document.querySelector(s)?.remove(), HEADER_SYMBOL);
      const summary = await until(
        () => text(overlay, '[data-testid="chart-diagnostic"] summary'),
        (shown) => shown !== null,
        { what: 'the diagnostic' },
      );
      expect(summary).toContain('symbol button');

      // Every symbol landmark goes: unreadable, the list says so, trading is off.
      await page.evaluate((s) => {
        for (const el of document.querySelectorAll(s)) el.remove();
      }, `${LEGEND},${CANVAS_LABEL}`);
      await until(
        () => text(overlay, '[data-testid="chart-state"]'),
        (state) => state === 'unreadable',
        { what: 'the chart to read as unreadable' },
      );
      const lines = await overlay.evaluate(() =>
        [...document.querySelectorAll('[data-testid="chart-diagnostic"] li')].map((li) => li.textContent),
      );
      expect(lines).toEqual([
        'Chart title: found (QQQ)',
        'Symbol button: missing',
        'Legend: missing',
        'Chart pane: found (active)',
        'Canvas label: missing',
      ]);
      await firefoxClick(page, overlay, {
        selector: '[data-testid="chart-diagnostic"] button',
        text: 'Copy report',
      });
      await until(
        () =>
          overlay.evaluate(
            () =>
              document.querySelector<HTMLTextAreaElement>('[data-testid="diagnostic-report"]')?.value ??
              (document.querySelector('[data-testid="chart-diagnostic"]')?.textContent?.includes('Copied.')
                ? 'copied'
                : null),
          ),
        (shown) => shown === 'copied' || (shown ?? '').includes('Extension version:'),
        { what: 'the report copied or shown' },
      );
      expect(posts()).toEqual([]);
      await page.close();
    },
  );
});
