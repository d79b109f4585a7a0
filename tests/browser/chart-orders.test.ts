import { randomUUID } from 'node:crypto';
import type { FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DISABLED_BOT, GENERIC_BOT, SPY_CREDIT_SPREAD_BOT } from '../../lib/sandbox/account';
import {
  askFromPage,
  type ChromiumSession,
  dwellClick,
  sandboxRequests,
  screenshot,
  startLiveSession,
  stopSession,
  type TestServer,
} from './harness';

/**
 * Order truth on the demo chart, in Live against the sandbox (every order the overlay lets through
 * is a POST there): a chart no bot is bound to offers nothing to enter or close, a bound bot enters
 * once and the confirmation names what it trades, the ticket sends the legs it shows once, and the
 * confirmation fits a short panel.
 */

const secret = randomUUID();
let server: TestServer;
let browser: ChromiumSession;
let extensionPage: Page;

const CHART = 'https://www.tradingview.com/chart/abc/';
const SETTLED_VISIBLE_MS = 900;
const CONFIRM_ARMED_MS = 600;

beforeAll(async () => {
  ({ server, browser, page: extensionPage } = await startLiveSession(secret));
});
afterAll(() => stopSession({ server, browser }));
beforeEach(() => server.sandbox.control.clearRequests());

const posts = () => sandboxRequests(server).filter((r) => r.method === 'POST');

async function openChart(query = ''): Promise<{ page: Page; overlay: FrameLocator }> {
  const page = await browser.context.newPage();
  await page.goto(`${CHART}${query}`);
  const overlay = page.frameLocator('iframe[src*="/overlay.html"]');
  await overlay.locator('.ct-mode').waitFor({ timeout: 15_000 });
  await expect
    .poll(() => overlay.getByTestId('chart-state').textContent(), { timeout: 10_000 })
    .toBe('ready');
  await expect.poll(() => overlay.locator('.ct-mode').textContent()).toBe('LIVE');
  await page.waitForTimeout(SETTLED_VISIBLE_MS);
  return { page, overlay };
}

const orderButtons = (overlay: FrameLocator) =>
  overlay.getByRole('button', { name: /^(Enter via bot|Close )/ });

describe('orders on the chart trade the chart underlying (Chromium)', () => {
  it('on AAPL, with no bot bound to it, offers nothing to enter or close', async () => {
    const { page, overlay } = await openChart('?symbol=AAPL');
    await expect.poll(() => overlay.getByTestId('no-bot').textContent()).toContain('No bot trades AAPL.');
    expect(await orderButtons(overlay).count()).toBe(0);
    // The background refuses what a view might still send: the SPY bot from the AAPL chart.
    expect(posts()).toEqual([]);
    await screenshot(page, 'overlay-no-bot');
    await page.close();
  });

  it('on SPY, enters through the bot bound to SPY once, and the confirmation names the underlying', async () => {
    const { page, overlay } = await openChart();
    const picker = overlay.locator('select.ct-select').first();
    expect(await picker.locator('option').evaluateAll((o) => o.map((x) => x.getAttribute('value')))).toEqual([
      String(SPY_CREDIT_SPREAD_BOT),
    ]);
    await expect
      .poll(() => overlay.getByRole('button', { name: /^Close all \d+ SPY trades?$/ }).count())
      .toBe(1);
    await dwellClick(page, overlay.getByRole('button', { name: 'Enter via bot' }));
    const dialog = overlay.getByRole('dialog');
    await expect.poll(() => dialog.textContent()).toContain('SPY Put Credit Spread');
    expect(await dialog.textContent()).toContain('trades SPY');
    expect(posts()).toEqual([]);
    await page.waitForTimeout(CONFIRM_ARMED_MS);
    await dwellClick(page, dialog.getByRole('button', { name: 'Confirm' }));
    await expect.poll(() => posts().length, { timeout: 10_000 }).toBe(1);
    await page.waitForTimeout(800);
    expect(posts()).toEqual([
      expect.objectContaining({ path: `/webhook/{secret}/enter/${SPY_CREDIT_SPREAD_BOT}`, status: 200 }),
    ]);
    await page.close();
  });

  it('builds a put credit spread from the chart price and sends exactly the legs shown, once', async () => {
    const { page, overlay } = await openChart();
    await dwellClick(page, overlay.getByRole('button', { name: 'Build order' }));
    const ticket = overlay.getByTestId('order-ticket');
    await ticket.waitFor({ timeout: 10_000 });
    expect(await ticket.getByTestId('ticket-symbol').textContent()).toBe('SPY');
    // The demo chart's SPY trades near 585.12; the ticket starts from the price in its title.
    const price = Number(await ticket.getByLabel('Underlying price').inputValue());
    expect(Math.abs(price - 585.12)).toBeLessThan(10);
    await dwellClick(page, ticket.getByRole('button', { name: 'Put credit spread' }));
    const shown = JSON.parse((await ticket.getByTestId('request-body').textContent()) ?? 'null');
    const atm = Math.round(price);
    expect(shown).toEqual({
      bot: GENERIC_BOT,
      legs: [
        {
          symbol: 'SPY',
          quantity: -1,
          expiration: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
          type: 'put',
          strike: atm - 5,
        },
        { symbol: 'SPY', quantity: 1, expiration: shown.legs[0].expiration, type: 'put', strike: atm - 10 },
      ],
    });
    expect(await ticket.getByTestId('net-direction').textContent()).toContain('Net credit');
    expect(await ticket.getByTestId('nearest-note').textContent()).toContain('nearest listed');
    await screenshot(page, 'overlay-ticket');
    // A trader scrolls the ticket to Send, then clicks: the guard wants the panel still a moment first.
    const send = ticket.getByRole('button', { name: 'Send legs' });
    await send.scrollIntoViewIfNeeded();
    await page.waitForTimeout(SETTLED_VISIBLE_MS);
    await dwellClick(page, send);
    const dialog = overlay.getByRole('dialog');
    await dialog.waitFor();
    expect(JSON.parse((await dialog.getByTestId('request-body').textContent()) ?? 'null')).toEqual(shown);
    expect(await dialog.textContent()).toContain('any symbol, custom orders only');
    await page.waitForTimeout(CONFIRM_ARMED_MS);
    await dwellClick(page, dialog.getByRole('button', { name: 'Confirm' }));
    await expect.poll(() => posts().length, { timeout: 10_000 }).toBe(1);
    await page.waitForTimeout(800);
    expect(posts()).toEqual([
      expect.objectContaining({ path: '/webhook/{secret}/enter', body: shown, status: 200 }),
    ]);
    await page.close();
  });

  it('fits the confirmation in the frame when the panel held little (a bot just bound on a chart with no trades)', async () => {
    await askFromPage(extensionPage, { type: 'bindings.set', bot: DISABLED_BOT, binding: null });
    const { page, overlay } = await openChart('?symbol=AAPL');
    await dwellClick(page, overlay.getByRole('button', { name: 'Bind to AAPL' }));
    const enter = overlay.getByRole('button', { name: 'Enter via bot' });
    await enter.waitFor();
    const frame = page.locator('iframe[src*="/overlay.html"]');
    const short = await frame.boundingBox();
    await page.waitForTimeout(SETTLED_VISIBLE_MS);
    await dwellClick(page, enter);
    const dialog = overlay.getByRole('dialog');
    await dialog.waitFor();
    // The frame grows to the dialog: its title, the bot and what it trades, and Confirm are all inside it.
    await expect
      .poll(async () => (await frame.boundingBox())?.height ?? 0, { timeout: 5_000 })
      .toBeGreaterThan(short?.height ?? 0);
    const box = await frame.boundingBox();
    for (const part of [dialog.getByRole('heading'), dialog.getByRole('button', { name: 'Confirm' })]) {
      const b = await part.boundingBox();
      if (!box || !b) throw new Error('not on screen');
      expect(b.y).toBeGreaterThanOrEqual(box.y);
      expect(b.y + b.height).toBeLessThanOrEqual(box.y + box.height + 1);
    }
    expect(await dialog.textContent()).toMatch(/LIVE[\s\S]*AAPL[\s\S]*trades AAPL/);
    await screenshot(page, 'overlay-confirm-fits');
    await dwellClick(page, dialog.getByRole('button', { name: 'Cancel' }));
    expect(posts()).toEqual([]);
    await askFromPage(extensionPage, {
      type: 'bindings.set',
      bot: DISABLED_BOT,
      binding: { kind: 'symbol', underlying: 'IWM' },
    });
    await page.close();
  });
});
