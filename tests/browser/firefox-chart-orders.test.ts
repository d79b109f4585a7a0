import { randomUUID } from 'node:crypto';
import type { Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSandbox } from '../../lib/sandbox';
import { DEMO_BINDINGS, DISABLED_BOT, GENERIC_BOT, SPY_CREDIT_SPREAD_BOT } from '../../lib/sandbox/account';
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
 * Order truth on the demo chart in Firefox ESR, Live against the sandbox (the Chromium twin is
 * chart-orders.test.ts): a chart no bot is bound to offers nothing to enter or close, a bound bot
 * enters once and the confirmation names what it trades, the ticket sends the legs it shows once,
 * and the confirmation fits a short panel. Firefox cannot prove the panel is visible, so a Live
 * overlay order is confirmed in the extension's own window (issue 11), and a Paper one in the panel;
 * the frame's box in the page must grow with what the overlay shows, or a real click cannot reach
 * the ticket's Send or the panel confirmation's Confirm.
 */

const unavailable = await firefoxUnavailable();
if (unavailable && process.env.CI)
  throw new Error(`The Firefox chart orders cannot run on CI: ${unavailable}.`);
if (unavailable) console.warn(`Skipping the Firefox chart orders: ${unavailable}.`);

const secret = randomUUID();
const CHART = 'https://www.tradingview.com/chart/demo/';
/** The overlay's confirmation ignores clicks for its first 500 ms (click-guard.ts CONFIRM_ARM_MS). */
const CONFIRM_ARMED_MS = 600;
/** The click guard wants the panel still a moment after it moved or changed size. */
const SETTLED_MS = 900;

let server: TestServer;
let firefox: FirefoxSession;
let options: Page;

const posts = () => sandboxRequests(server).filter((r) => r.method === 'POST');
const pause = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

interface BrowserGlobal {
  browser: { runtime: { sendMessage(message: unknown): Promise<unknown> } };
}

function ask(page: Page, message: unknown): Promise<unknown> {
  return page.evaluate(
    (m) => (globalThis as unknown as BrowserGlobal).browser.runtime.sendMessage(m),
    message,
  );
}

const text = (where: Page | Frame, selector: string) =>
  where.evaluate((s) => document.querySelector(s)?.textContent ?? null, selector);

/** The frame element's box in the page, and the overlay document's own height inside it. */
async function frameFit(page: Page, overlay: Frame): Promise<{ box: number; content: number }> {
  const box = await page.evaluate(
    () => document.querySelector('iframe[src*="/overlay.html"]')?.getBoundingClientRect().height ?? 0,
  );
  const content = await overlay.evaluate(() =>
    Math.ceil(document.getElementById('app')?.getBoundingClientRect().height ?? 0),
  );
  return { box, content };
}

/** Where `selector` sits in the page's viewport, and whether all of it is inside the frame's box. */
async function insideFrame(page: Page, overlay: Frame, selector: string, label?: string): Promise<boolean> {
  const inner = await overlay.evaluate(
    ({ s, t }) => {
      const el = [...document.querySelectorAll(s)].find(
        (e) => t === undefined || (e.textContent ?? '').trim().startsWith(t),
      );
      if (!el) return null;
      const b = el.getBoundingClientRect();
      return { top: b.top, bottom: b.bottom, height: document.documentElement.clientHeight };
    },
    { s: selector, t: label },
  );
  if (inner === null) return false;
  // Not scrolled into view: the element must already sit within the frame's visible height.
  const box = await page.evaluate(
    () => document.querySelector('iframe[src*="/overlay.html"]')?.getBoundingClientRect().height ?? 0,
  );
  return inner.top >= 0 && inner.bottom <= Math.min(box, inner.height) + 1;
}

async function openChart(
  query = '',
  mode: 'LIVE' | 'PAPER' = 'LIVE',
): Promise<{ page: Page; overlay: Frame }> {
  const page = await firefox.browser.newPage();
  await page.goto(`${CHART}${query}`);
  const overlay = await firefoxOverlayFrame(page);
  await until(
    () => text(overlay, '[data-testid="chart-state"]'),
    (state) => state === 'ready',
    { what: 'the overlay to read the chart' },
  );
  await until(
    () => text(overlay, '.ct-mode'),
    (shown) => shown === mode,
    { what: `${mode} on the overlay` },
  );
  await pause(SETTLED_MS);
  return { page, overlay };
}

const orderButtonCount = (overlay: Frame) =>
  overlay.evaluate(
    () =>
      [...document.querySelectorAll('button')].filter((b) =>
        /^(Enter via bot|Close )/.test((b.textContent ?? '').trim()),
      ).length,
  );

describe.skipIf(unavailable !== null)('orders on the chart trade the chart underlying (Firefox ESR)', () => {
  beforeAll(async () => {
    server = await startServer({ sandbox: createSandbox({ secret, timeZone: 'UTC' }) });
    firefox = await launchFirefox({ serverPort: server.port });
    options = await firefox.extensionPage('options.html');
    for (const [bot, binding] of Object.entries(DEMO_BINDINGS)) {
      await ask(options, { type: 'bindings.set', bot: Number(bot), binding });
    }
    expect(await ask(options, { type: 'connection.saveSecret', secret, sessionOnly: false })).toMatchObject({
      ok: true,
    });
    expect(await ask(options, { type: 'connection.setMode', mode: 'live' })).toMatchObject({ ok: true });
  });

  afterAll(async () => {
    await firefox?.close();
    await server?.close();
  });

  beforeEach(() => server.sandbox.control.clearRequests());

  it('on AAPL, with no bot bound to it, offers nothing to enter or close', async () => {
    const { page, overlay } = await openChart('?symbol=AAPL');
    await until(
      () => text(overlay, '[data-testid="no-bot"]'),
      (shown) => shown?.includes('No bot trades AAPL.') === true,
      { what: 'the no-bot line' },
    );
    expect(await orderButtonCount(overlay)).toBe(0);
    expect(posts()).toEqual([]);
    await page.close();
  });

  it('on SPY, enters through the bot bound to SPY once, and the confirmation names the underlying', async () => {
    const { page, overlay } = await openChart();
    const offered = await overlay.evaluate(() =>
      [...document.querySelectorAll('select.ct-select option')].map((o) => o.getAttribute('value')),
    );
    expect(offered).toEqual([String(SPY_CREDIT_SPREAD_BOT)]);
    await until(
      () => orderButtonCount(overlay),
      (n) => n === 4,
      { what: 'Enter via bot and the three closers' },
    );
    await firefoxClick(page, overlay, { selector: 'button', text: 'Enter via bot' });
    const win = await firefoxConfirmWindow(firefox.browser);
    const shown = (await text(win, 'main')) ?? '';
    expect(shown).toContain('SPY Put Credit Spread');
    expect(shown).toContain('trades SPY');
    expect(shown).toContain('LIVE');
    expect(posts()).toEqual([]);
    await pause(CONFIRM_ARMED_MS);
    await firefoxClick(win, null, { selector: 'main button', text: 'Confirm' });
    await until(
      async () => posts().length,
      (n) => n > 0,
      { what: 'the order to reach the sandbox' },
    );
    await pause(1000);
    expect(posts()).toEqual([
      expect.objectContaining({ path: `/webhook/{secret}/enter/${SPY_CREDIT_SPREAD_BOT}`, status: 200 }),
    ]);
    await page.close();
  });

  it('builds an iron condor from the chart price and sends exactly the legs shown, once', async () => {
    const { page, overlay } = await openChart();
    await firefoxClick(page, overlay, { selector: 'button', text: 'Build order' });
    const price = await until(
      () =>
        overlay.evaluate(() =>
          Number(
            (
              document.querySelector(
                '[data-testid="order-ticket"] input[type="number"]',
              ) as HTMLInputElement | null
            )?.value ?? '',
          ),
        ),
      (value) => value > 0,
      { what: 'the ticket with the chart price' },
    );
    // The demo chart's SPY trades near 585.12; the ticket starts from the price in its title.
    expect(Math.abs(price - 585.12)).toBeLessThan(10);
    await pause(SETTLED_MS);
    await firefoxClick(page, overlay, {
      selector: '[data-testid="order-ticket"] button',
      text: 'Iron condor',
    });
    const shown = JSON.parse(
      (await until(
        () => text(overlay, '[data-testid="request-body"]'),
        (body) => body !== null,
        { what: 'the exact request' },
      )) ?? 'null',
    ) as { bot: number; legs: { symbol: string; strike: number; type: string; quantity: number }[] };
    expect(shown.bot).toBe(GENERIC_BOT);
    expect(shown.legs.map((l) => [l.type, l.quantity])).toEqual([
      ['put', 1],
      ['put', -1],
      ['call', -1],
      ['call', 1],
    ]);
    expect(new Set(shown.legs.map((l) => l.symbol))).toEqual(new Set(['SPY']));
    // The frame's box grew with the ticket, and the whole panel is inside it: in Firefox's 800×600
    // window the ticket gives up what the frame cannot (the panel's own document never scrolls).
    const fitted = await until(
      () => frameFit(page, overlay),
      ({ box, content }) => box > 400 && content <= box + 1,
      { what: 'the panel to fit the frame with the ticket open' },
    );
    expect(fitted.content).toBeLessThanOrEqual(fitted.box + 1);
    // A trader scrolls the ticket to Send: the ticket's box scrolls, the panel stays put, and Send is
    // then inside the frame's box (before the fix the panel's document overflowed the frame).
    const reach = await overlay.evaluate(() => {
      const send = [...document.querySelectorAll('[data-testid="order-ticket"] button')].find(
        (b) => b.textContent?.trim() === 'Send legs',
      );
      send?.scrollIntoView({ block: 'nearest' });
      const b = send?.getBoundingClientRect();
      return { page: document.scrollingElement?.scrollTop ?? -1, bottom: b?.bottom ?? Infinity };
    });
    expect(reach.page).toBe(0);
    expect(reach.bottom).toBeLessThanOrEqual((await frameFit(page, overlay)).box);
    await pause(SETTLED_MS);
    await firefoxClick(page, overlay, { selector: '[data-testid="order-ticket"] button', text: 'Send legs' });
    const win = await firefoxConfirmWindow(firefox.browser);
    const confirmed = JSON.parse((await text(win, '[data-testid="request-body"]')) ?? 'null') as unknown;
    expect(confirmed).toEqual(shown);
    expect(await text(win, 'main')).toContain('any symbol, custom orders only');
    expect(posts()).toEqual([]);
    await pause(CONFIRM_ARMED_MS);
    await firefoxClick(win, null, { selector: 'main button', text: 'Confirm' });
    await until(
      async () => posts().length,
      (n) => n > 0,
      { what: 'the legs to reach the sandbox' },
    );
    await pause(1000);
    expect(posts()).toEqual([
      expect.objectContaining({ path: '/webhook/{secret}/enter', body: shown, status: 200 }),
    ]);
    await page.close();
  });

  it('fits the confirmation in the frame when the panel held little (a bot just bound on a chart with no trades)', async () => {
    // In Paper, where Firefox still confirms in the panel (a Live order goes to the window).
    await ask(options, { type: 'connection.setMode', mode: 'paper' });
    await ask(options, { type: 'bindings.set', bot: DISABLED_BOT, binding: null });
    const { page, overlay } = await openChart('?symbol=AAPL', 'PAPER');
    await firefoxClick(page, overlay, { selector: '[data-testid="no-bot"] button', text: 'Bind to AAPL' });
    await until(
      () => orderButtonCount(overlay),
      (n) => n > 0,
      { what: 'Enter via bot' },
    );
    await pause(SETTLED_MS);
    const short = await frameFit(page, overlay);
    await firefoxClick(page, overlay, { selector: 'button', text: 'Enter via bot' });
    await until(
      () => text(overlay, '[role="dialog"]'),
      (shown) => shown !== null,
      { what: 'the confirmation' },
    );
    await until(
      async () => (await frameFit(page, overlay)).box,
      (box) => box > short.box,
      { what: 'the frame to grow to the dialog' },
    );
    // Its title and Confirm are inside the frame's box without scrolling anything.
    await until(
      async () =>
        (await insideFrame(
          page,
          overlay,
          '[role="dialog"] h2, [role="dialog"] [role="heading"], [role="dialog"] h1, [role="dialog"] h3',
        )) && (await insideFrame(page, overlay, '[role="dialog"] button', 'Confirm')),
      (inside) => inside,
      { what: 'the dialog to fit the frame' },
    );
    expect(await text(overlay, '[role="dialog"]')).toMatch(/PAPER[\s\S]*AAPL[\s\S]*trades AAPL/);
    await firefoxClick(page, overlay, { selector: '[role="dialog"] button', text: 'Cancel' });
    await pause(500);
    expect(posts()).toEqual([]);
    await ask(options, {
      type: 'bindings.set',
      bot: DISABLED_BOT,
      binding: { kind: 'symbol', underlying: 'IWM' },
    });
    await ask(options, { type: 'connection.setMode', mode: 'live' });
    await page.close();
  });
});
