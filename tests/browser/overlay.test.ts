import { randomUUID } from 'node:crypto';
import type { FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HEADER_SYMBOL } from '../../lib/chart/selectors';
import { SPY_CREDIT_SPREAD_BOT } from '../../lib/sandbox/account';
import {
  type ChromiumSession,
  dwellClick,
  sandboxRequests,
  screenshot,
  startLiveSession,
  stopSession,
  type TestServer,
} from './harness';

/**
 * The overlay on the demo chart, in the production build, in Live mode against the sandbox: every
 * order the overlay lets through reaches the sandbox as a POST, so "zero POSTs" means zero orders.
 */

const secret = randomUUID();
let server: TestServer;
let browser: ChromiumSession;

const CHART = 'https://www.tradingview.com/chart/abc/';
/** The click guard's visible-for time plus IntersectionObserver's own delay, with room to spare. */
const SETTLED_VISIBLE_MS = 900;

beforeAll(async () => {
  let page: Page;
  ({ server, browser, page } = await startLiveSession(secret));
  await page.close();
});

afterAll(() => stopSession({ server, browser }));

beforeEach(() => {
  server.sandbox.control.clearRequests();
});

const posts = () => sandboxRequests(server).filter((r) => r.method === 'POST');

async function openChart(query = ''): Promise<{ page: Page; overlay: FrameLocator }> {
  const page = await browser.context.newPage();
  await page.goto(`${CHART}${query}`);
  const overlay = page.frameLocator('iframe[src*="/overlay.html"]');
  await overlay.locator('.ct-mode').waitFor({ timeout: 15_000 });
  return { page, overlay };
}

const chartSymbol = (overlay: FrameLocator) => overlay.getByTestId('chart-symbol').textContent();
const chartState = (overlay: FrameLocator) => overlay.getByTestId('chart-state').textContent();
const enterButton = (overlay: FrameLocator) => overlay.getByRole('button', { name: /^Enter via bot/ });

describe('the overlay on a TradingView chart (Chromium)', () => {
  it('shows the symbol, enters via the bot once, lists the trade, and exits it', async () => {
    const { page, overlay } = await openChart();
    await expect.poll(() => chartState(overlay)).toBe('ready');
    expect(await chartSymbol(overlay)).toContain('SPY');
    await expect.poll(() => overlay.locator('.ct-mode').textContent()).toBe('LIVE');

    await overlay.locator('select.ct-select').selectOption(String(SPY_CREDIT_SPREAD_BOT));
    const before = await overlay
      .getByTestId('trade-row')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-trade-id')));
    await page.waitForTimeout(SETTLED_VISIBLE_MS);
    server.sandbox.control.clearRequests();

    await dwellClick(page, enterButton(overlay));
    // Live without one-click: the confirmation names the mode, the chart's symbol and the bot.
    const dialog = overlay.getByRole('dialog');
    await expect.poll(() => dialog.textContent()).toMatch(/LIVE/);
    const shown = (await dialog.textContent()) ?? '';
    expect(shown).toContain('SPY');
    expect(shown).toContain('SPY Put Credit Spread');
    await screenshot(page, 'overlay-confirm');
    expect(posts()).toEqual([]);
    await page.waitForTimeout(600);
    await dialog.getByRole('button', { name: 'Confirm' }).click();

    await expect.poll(() => overlay.getByTestId('request-id').count(), { timeout: 10_000 }).toBe(1);
    expect(posts()).toEqual([
      expect.objectContaining({ path: `/webhook/{secret}/enter/${SPY_CREDIT_SPREAD_BOT}`, status: 200 }),
    ]);

    // The new trade shows on this symbol's list.
    let added: string | null = null;
    await expect
      .poll(
        async () => {
          const now = await overlay
            .getByTestId('trade-row')
            .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-trade-id')));
          added = now.find((id) => !before.includes(id)) ?? null;
          return added;
        },
        { timeout: 20_000 },
      )
      .not.toBeNull();
    await screenshot(page, 'overlay-trade-listed');

    server.sandbox.control.clearRequests();
    await page.waitForTimeout(SETTLED_VISIBLE_MS);
    await dwellClick(
      page,
      overlay.locator(`[data-trade-id="${added}"]`).getByRole('button', { name: 'Exit' }),
    );
    await page.waitForTimeout(600);
    await overlay.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => posts().length, { timeout: 10_000 }).toBe(1);
    expect(posts()).toEqual([expect.objectContaining({ path: `/webhook/{secret}/exit/${added}` })]);
    await page.close();
  });

  it('disables trading while a new symbol settles, then shows it', async () => {
    const { page, overlay } = await openChart();
    await expect.poll(() => chartState(overlay)).toBe('ready');
    // The legend (and its exchange) follows late, as on TradingView.
    await page.evaluate(() =>
      (window as unknown as { demo: { setSymbol(s: string, o: object): void } }).demo.setSymbol('QQQ', {
        exchangeDelayMs: 1500,
      }),
    );
    await expect.poll(() => enterButton(overlay).isDisabled(), { timeout: 1000, interval: 50 }).toBe(true);
    expect(await chartState(overlay)).not.toBe('ready');
    await expect.poll(() => chartState(overlay), { timeout: 10_000 }).toBe('ready');
    expect(await chartSymbol(overlay)).toContain('QQQ');
    expect(await enterButton(overlay).isDisabled()).toBe(false);
    expect(posts()).toEqual([]);
    await page.close();
  });

  it('keeps the chart after Chrome stops and restarts the worker (the new worker asks the tab)', async () => {
    const { page, overlay } = await openChart();
    await expect.poll(() => chartState(overlay), { timeout: 10_000 }).toBe('ready');
    await browser.stopServiceWorker();
    // The overlay reconnects about a second later; a fresh worker has never heard from this tab.
    await page.waitForTimeout(2_500);
    await expect.poll(() => chartState(overlay), { timeout: 3_000 }).toBe('ready');
    expect(await enterButton(overlay).isDisabled()).toBe(false);
    expect(posts()).toEqual([]);
    await page.close();
  });

  it('disables trading with its reason on a layout whose active pane cannot be told', async () => {
    const { page, overlay } = await openChart('?layout=2&activePane=none');
    await expect.poll(() => chartState(overlay), { timeout: 10_000 }).toBe('ambiguous');
    expect(await overlay.getByTestId('trading-off').textContent()).toMatch(/Trading off: \S+/);
    expect(await enterButton(overlay).isDisabled()).toBe(true);
    await screenshot(page, 'overlay-ambiguous');
    await page.close();
  });

  it('lets no hostile page trick it into an order', async () => {
    const { page, overlay } = await openChart('?hostile=1');
    await expect.poll(() => chartState(overlay)).toBe('ready');
    const attacks = await page.evaluate(
      () => (window as unknown as { demo: { attacks: string[] } }).demo.attacks,
    );
    expect(attacks.length).toBeGreaterThan(0);
    for (const name of attacks) {
      await page.evaluate(
        (n) => (window as unknown as { demo: { attack(n: string): unknown } }).demo.attack(n),
        name,
      );
      await page.waitForTimeout(300);
    }
    // Let the timed attacks (re-insertion, floods) run out.
    await page.waitForTimeout(3500);
    await page.evaluate(() => (window as unknown as { demo: { stopAttacks(): void } }).demo.stopAttacks());
    expect(posts()).toEqual([]);
    await page.close();
  });

  it('ignores a real click through a decoy the page lays over the frame', async () => {
    const { page, overlay } = await openChart();
    await expect.poll(() => chartState(overlay)).toBe('ready');
    await page.waitForTimeout(SETTLED_VISIBLE_MS);
    const box = await enterButton(overlay).boundingBox();
    if (!box) throw new Error('no Enter via bot button on screen');
    // Classic clickjacking: something else on show, clicks passing through to the frame beneath. The
    // frame sits in the top layer, so the decoy must be there too, opened after it.
    await page.evaluate((b) => {
      const decoy = document.createElement('div');
      decoy.id = 'decoy';
      decoy.popover = 'manual';
      Object.assign(decoy.style, {
        position: 'fixed',
        inset: 'auto',
        margin: '0',
        left: `${b.x - 20}px`,
        top: `${b.y - 20}px`,
        width: `${b.width + 40}px`,
        height: `${b.height + 40}px`,
        background: 'white',
        opacity: '0.9',
        pointerEvents: 'none',
        zIndex: '2147483647',
      });
      decoy.textContent = 'Claim your prize';
      document.body.append(decoy);
      decoy.showPopover();
    }, box);
    await page.waitForTimeout(SETTLED_VISIBLE_MS);
    await dwellClick(page, enterButton(overlay));
    await expect.poll(() => overlay.getByTestId('overlay-notice').textContent()).toMatch(/hidden or covered/);
    expect(await overlay.getByRole('dialog').count()).toBe(0);
    expect(posts()).toEqual([]);

    // Once the decoy is gone and the frame has been in plain view a while, the same click counts.
    await page.evaluate(() => document.getElementById('decoy')?.remove());
    await page.waitForTimeout(SETTLED_VISIBLE_MS);
    await dwellClick(page, enterButton(overlay));
    await expect.poll(() => overlay.getByRole('dialog').count()).toBe(1);
    await overlay.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    expect(posts()).toEqual([]);
    await page.close();
  });

  it('collapses to its bar, and stays collapsed on this site after a reload', async () => {
    const { page, overlay } = await openChart();
    await expect.poll(() => chartState(overlay)).toBe('ready');
    await overlay.getByRole('button', { name: 'Collapse the panel' }).click();
    await expect.poll(() => enterButton(overlay).count()).toBe(0);
    const frame = page.locator('iframe[src*="/overlay.html"]');
    await expect.poll(async () => (await frame.boundingBox())?.height ?? 0).toBeLessThan(60);
    await page.reload();
    await overlay.getByTestId('chart-symbol').waitFor();
    await expect.poll(() => overlay.getByRole('button', { name: 'Show the panel' }).count()).toBe(1);
    expect(await enterButton(overlay).count()).toBe(0);
    await overlay.getByRole('button', { name: 'Show the panel' }).click();
    await expect.poll(() => enterButton(overlay).count()).toBe(1);
    await page.close();
  });
});

describe('moving the overlay (Chromium)', () => {
  const frameBox = async (page: Page) => {
    const box = await page.locator('iframe[src*="/overlay.html"]').boundingBox();
    if (!box) throw new Error('no overlay frame on screen');
    return box;
  };

  it('drags by its title bar, comes back there after a reload, still takes a click, and sends no order', async () => {
    const { page, overlay } = await openChart();
    await expect.poll(() => chartState(overlay)).toBe('ready');
    const start = await frameBox(page);
    const grip = overlay.getByRole('button', { name: 'Move panel' });
    const handle = await grip.boundingBox();
    if (!handle) throw new Error('no drag handle on screen');

    // Playwright's mouse is trusted input, as a person's would be.
    const x = handle.x + handle.width / 2;
    const y = handle.y + handle.height / 2;
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x - 150, y + 120, { steps: 12 });
    await page.mouse.up();
    await expect
      .poll(async () => {
        const now = await frameBox(page);
        return [Math.round(now.x - start.x), Math.round(now.y - start.y)];
      })
      .toEqual([-150, 120]);
    const moved = await frameBox(page);

    // After a move the click guard wants the frame in plain view for a while again; then clicks count.
    await page.waitForTimeout(SETTLED_VISIBLE_MS);
    await dwellClick(page, enterButton(overlay));
    await expect.poll(() => overlay.getByRole('dialog').count()).toBe(1);
    await overlay.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

    await page.reload();
    await overlay.getByTestId('chart-symbol').waitFor();
    await expect
      .poll(async () => ({ ...(await frameBox(page)), height: 0 }))
      .toEqual({
        ...moved,
        height: 0,
      });

    // Never above TradingView's header, however far it is dragged.
    const header = await page.locator(HEADER_SYMBOL).boundingBox();
    const again = await grip.boundingBox();
    if (!header || !again) throw new Error('no header or handle on screen');
    await page.mouse.move(again.x + again.width / 2, again.y + again.height / 2);
    await page.mouse.down();
    await page.mouse.move(again.x, -200, { steps: 8 });
    await page.mouse.up();
    await expect.poll(async () => (await frameBox(page)).y).toBeGreaterThanOrEqual(header.y + header.height);

    // The keyboard moves it too.
    const before = await frameBox(page);
    await grip.focus();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(async () => Math.round((await frameBox(page)).x - before.x)).toBe(-10);

    // A flick leaves the frame behind the pointer at once (Chrome then stops giving the frame its
    // events): the content script follows the pointer on the page, to exactly where it is let go.
    const flickFrom = await frameBox(page);
    const grab = await grip.boundingBox();
    if (!grab) throw new Error('no handle on screen');
    await page.mouse.move(grab.x + grab.width / 2, grab.y + grab.height / 2);
    await page.mouse.down();
    // As long as a person's press lasts: Playwright's own is over in a few ms.
    await page.waitForTimeout(60);
    await page.mouse.move(grab.x + grab.width / 2 - 240, grab.y + grab.height / 2 + 60, { steps: 2 });
    await page.mouse.up();
    await expect
      .poll(async () => {
        const now = await frameBox(page);
        return [Math.round(now.x - flickFrom.x), Math.round(now.y - flickFrom.y)];
      })
      .toEqual([-240, 60]);

    // A double click on the handle puts it back in the chart's corner, for good.
    await grip.dblclick();
    await expect
      .poll(async () => ({ ...(await frameBox(page)), height: 0 }))
      .toEqual({ ...start, height: 0 });
    await page.reload();
    await overlay.getByTestId('chart-symbol').waitFor();
    await expect
      .poll(async () => ({ ...(await frameBox(page)), height: 0 }))
      .toEqual({ ...start, height: 0 });

    expect(posts()).toEqual([]);
    await page.close();
  });
});
