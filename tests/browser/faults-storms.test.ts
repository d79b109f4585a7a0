import { randomUUID } from 'node:crypto';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { JournalEntry, OrderReply, ViewState } from '../../lib/messaging/protocol';
import { QQQ_SHORT_PUT_BOT, SPX_IRON_CONDOR_BOT, SPY_CREDIT_SPREAD_BOT } from '../../lib/sandbox/account';
import {
  askFromPage,
  type ChromiumSession,
  dwellOn,
  sandboxRequests,
  sendFromPage,
  startLiveSession,
  stopSession,
  type TestServer,
} from './harness';

/**
 * Storms in real Chromium, Live against the sandbox: double and triple clicks, two chart tabs and the
 * popup at once, two browser windows, a connection reset mid-order. The sandbox's log is the truth:
 * every order the extension sends is a POST there. (The hostile page flooding the content script is
 * in faults-flood.test.ts: it times the overlay, so it runs alone.)
 */

const secret = randomUUID();
const CHART = 'https://www.tradingview.com/chart/demo/';
/** The click guard's visible-for time plus IntersectionObserver's own delay, with room to spare. */
const SETTLED_VISIBLE_MS = 900;
/** The confirmation ignores clicks for its first 500 ms (CONFIRM_ARM_MS). */
const CONFIRM_ARMED_MS = 600;
/** A stray second order gets this long to arrive before orders are counted. */
const STRAY_MS = 1000;

let server: TestServer;
let browser: ChromiumSession;
let extensionTab: Page;

const ask = <T>(message: unknown): Promise<T> => askFromPage<T>(extensionTab, message);

const posts = () => sandboxRequests(server).filter((r) => r.method === 'POST');
const enterPath = (bot: number) => `/webhook/{secret}/enter/${bot}`;
const pause = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

beforeAll(async () => {
  // HTTP/2, as the real service: the extension streams order bodies there (see the reset case below).
  ({ server, browser, page: extensionTab } = await startLiveSession(secret, { http2: true }));
});

afterAll(() => stopSession({ server, browser }));

beforeEach(() => {
  server.sandbox.control.setFault(null);
  server.sandbox.control.clearRequests();
});

async function openChart(page?: Page, query = ''): Promise<{ page: Page; overlay: FrameLocator }> {
  const tab = page ?? (await browser.context.newPage());
  await tab.goto(`${CHART}${query}`);
  const overlay = tab.frameLocator('iframe[src*="/overlay.html"]');
  await overlay.locator('.ct-mode').waitFor({ timeout: 15_000 });
  await expect.poll(() => overlay.getByTestId('chart-state').textContent()).toBe('ready');
  await expect.poll(() => overlay.locator('.ct-mode').textContent()).toBe('LIVE');
  return { page: tab, overlay };
}

const enterButton = (overlay: FrameLocator) => overlay.getByRole('button', { name: /^Enter via bot/ });

async function pickBot(page: Page, overlay: FrameLocator, bot: number): Promise<void> {
  await overlay.locator('select.ct-select').selectOption(String(bot));
  await expect.poll(() => overlay.locator('select.ct-select').inputValue()).toBe(String(bot));
  // The frame must have been in plain view a while before a click counts.
  await page.waitForTimeout(SETTLED_VISIBLE_MS);
}

/** When each bot last entered: the same order within REPEAT_WINDOW_MS (5 s) asks again first. */
const entered = new Map<number, number>();
async function repeatWindowPassed(bot: number): Promise<void> {
  const wait = (entered.get(bot) ?? 0) + 5_500 - Date.now();
  if (wait > 0) await pause(wait);
}

/**
 * A trusted mouse click at where the button is now, fired later without Playwright's wait for the
 * button to be enabled: several of them land at once, as a storm does, not one after another.
 */
async function clickTarget(page: Page, button: Locator): Promise<() => Promise<void>> {
  // The pointer rests on it first, as a person's does (the overlay counts no click without it).
  await dwellOn(page, button);
  const box = await button.boundingBox();
  if (!box) throw new Error('the button is not on screen');
  return () => page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

interface Tapped {
  orderTaps?: string[];
}
interface RuntimeGlobal {
  chrome: { runtime: { onMessage: { addListener(f: (m: { type?: string; from?: string }) => void): void } } };
}

/** Records, in the worker, the source of every order.place the background receives from now on. */
async function tapOrders(): Promise<void> {
  const worker = await browser.serviceWorker();
  await worker.evaluate(() => {
    const scope = globalThis as unknown as Tapped & RuntimeGlobal;
    if (scope.orderTaps === undefined) {
      // A listener that returns nothing leaves the background's own answer alone.
      scope.chrome.runtime.onMessage.addListener((m) => {
        if (m?.type === 'order.place') scope.orderTaps?.push(String(m.from));
      });
    }
    scope.orderTaps = [];
  });
}

async function tappedOrders(): Promise<string[]> {
  const worker = await browser.serviceWorker();
  return worker.evaluate(() => (globalThis as unknown as Tapped).orderTaps ?? []);
}

/** The most requests the sandbox saw in any rolling 60 s (by its clock). */
function busiestMinute(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; j < sorted.length; j++) {
    while ((sorted[j] ?? 0) - (sorted[i] ?? 0) >= 60_000) i++;
    most = Math.max(most, j - i + 1);
  }
  return most;
}

/** Every request since the file started, kept across the per-test clears. */
const seen: number[] = [];
const readsSeen: number[] = [];
function keepLog(): void {
  for (const r of sandboxRequests(server)) {
    seen.push(r.at);
    if (r.method === 'GET') readsSeen.push(r.at);
  }
}

describe('click storms in Chromium, Live against the sandbox', () => {
  it('sends one order for a double click on Confirm in the overlay', async () => {
    await ask({ type: 'settings.update', patch: { oneClickLive: false } });
    const { page, overlay } = await openChart();
    await pickBot(page, overlay, SPY_CREDIT_SPREAD_BOT);
    server.sandbox.control.clearRequests();
    await dwellOn(page, enterButton(overlay));
    await enterButton(overlay).click();
    const dialog = overlay.getByRole('dialog');
    await dialog.waitFor();
    await page.waitForTimeout(CONFIRM_ARMED_MS);
    await dialog.getByRole('button', { name: 'Confirm' }).dblclick();
    await expect.poll(() => overlay.getByTestId('request-id').count(), { timeout: 10_000 }).toBe(1);
    await page.waitForTimeout(STRAY_MS);
    // Its second click landed on the panel under the closed dialog, and pressed nothing there.
    expect(await overlay.getByRole('dialog').count()).toBe(0);
    expect(posts()).toEqual([
      expect.objectContaining({ path: enterPath(SPY_CREDIT_SPREAD_BOT), status: 200 }),
    ]);
    entered.set(SPY_CREDIT_SPREAD_BOT, Date.now());
    keepLog();
    await page.close();
  });

  it('with one-click Live on, sends one order for a double and one for a triple click', async () => {
    await ask({ type: 'settings.update', patch: { oneClickLive: true } });
    // Each bot enters from a chart of the underlying it is bound to (the only place it is offered).
    const { page, overlay } = await openChart(undefined, '?symbol=SPX');

    await pickBot(page, overlay, SPX_IRON_CONDOR_BOT);
    server.sandbox.control.clearRequests();
    await dwellOn(page, enterButton(overlay));
    await enterButton(overlay).dblclick();
    await expect.poll(() => posts().length, { timeout: 10_000 }).toBe(1);
    await page.waitForTimeout(STRAY_MS);
    expect(posts()).toEqual([expect.objectContaining({ path: enterPath(SPX_IRON_CONDOR_BOT), status: 200 })]);
    entered.set(SPX_IRON_CONDOR_BOT, Date.now());
    keepLog();
    // A repeat of the same order within seconds asks first: close that question unanswered.
    if ((await overlay.getByRole('dialog').count()) > 0) {
      await overlay.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    }

    await openChart(page, '?symbol=QQQ');
    await pickBot(page, overlay, QQQ_SHORT_PUT_BOT);
    server.sandbox.control.clearRequests();
    await dwellOn(page, enterButton(overlay));
    await enterButton(overlay).click({ clickCount: 3 });
    await expect.poll(() => posts().length, { timeout: 10_000 }).toBe(1);
    await page.waitForTimeout(STRAY_MS);
    expect(posts()).toEqual([expect.objectContaining({ path: enterPath(QQQ_SHORT_PUT_BOT), status: 200 })]);
    entered.set(QQQ_SHORT_PUT_BOT, Date.now());
    keepLog();
    await page.close();
  });

  it('sends one order when two chart tabs and the popup enter via the same bot at once', async () => {
    await ask({ type: 'settings.update', patch: { oneClickLive: true } });
    await repeatWindowPassed(SPY_CREDIT_SPREAD_BOT);
    const first = await openChart();
    const second = await openChart();
    await pickBot(first.page, first.overlay, SPY_CREDIT_SPREAD_BOT);
    await pickBot(second.page, second.overlay, SPY_CREDIT_SPREAD_BOT);
    const popup = await browser.extensionPage('popup.html');
    const popupEnter = popup
      .locator(`[data-bot-id="${SPY_CREDIT_SPREAD_BOT}"]`)
      .getByRole('button', { name: 'Enter', exact: true });
    await popupEnter.waitFor({ timeout: 15_000 });
    const targets = [
      await clickTarget(first.page, enterButton(first.overlay)),
      await clickTarget(second.page, enterButton(second.overlay)),
      await clickTarget(popup, popupEnter),
    ];
    // The first order is still in flight when the others land.
    server.sandbox.control.setFault({ kind: 'slow', delayMs: 1500, match: 'orders', count: 1 });
    server.sandbox.control.clearRequests();
    await tapOrders();

    await Promise.all(targets.map((click) => click()));
    await expect.poll(() => posts().length, { timeout: 10_000 }).toBeGreaterThan(0);
    await pause(1500 + STRAY_MS);
    expect(posts()).toEqual([
      expect.objectContaining({ path: enterPath(SPY_CREDIT_SPREAD_BOT), status: 200 }),
    ]);
    // Whichever view clicked first, the others either had its in-flight push already (their button
    // greyed, nothing asked) or asked and were held by the background: never a second POST.
    const asked = await tappedOrders();
    expect(asked.length).toBeGreaterThanOrEqual(1);
    console.info(`Storm of three views: ${asked.length} asked the background, 1 sent`);
    entered.set(SPY_CREDIT_SPREAD_BOT, Date.now());
    keepLog();
    await Promise.all([first.page.close(), second.page.close(), popup.close()]);
  });

  it('holds all but one of the same order asked by three views at once', async () => {
    await repeatWindowPassed(QQQ_SHORT_PUT_BOT);
    const views = await Promise.all([
      browser.extensionPage('popup.html'),
      browser.extensionPage('popup.html'),
      browser.extensionPage('options.html'),
    ]);
    server.sandbox.control.setFault({ kind: 'slow', delayMs: 1500, match: 'orders', count: 1 });
    server.sandbox.control.clearRequests();
    const order = { type: 'order.place', order: { kind: 'enterBot', bot: QQQ_SHORT_PUT_BOT }, from: 'popup' };
    const replies = await Promise.all(
      views.map((view) => sendFromPage<OrderReply>(view, { ...order, confirmed: true })),
    );
    const statuses = replies.map((r) => r.ok && r.value);
    expect(statuses.filter((r) => r && r.status === 'placed')).toHaveLength(1);
    expect(statuses.filter((r) => r && r.status === 'held' && r.reason === 'inFlight')).toHaveLength(2);
    await pause(STRAY_MS);
    expect(posts()).toEqual([expect.objectContaining({ path: enterPath(QQQ_SHORT_PUT_BOT), status: 200 })]);
    entered.set(QQQ_SHORT_PUT_BOT, Date.now());
    keepLog();
    await Promise.all(views.map((view) => view.close()));
  });

  it('sends one order when two browser windows enter via the same bot at once', async () => {
    await ask({ type: 'settings.update', patch: { oneClickLive: true } });
    await repeatWindowPassed(SPX_IRON_CONDOR_BOT);
    // On SPX charts: the SPX bot is offered only there.
    const { page, overlay } = await openChart(undefined, '?symbol=SPX');
    // A second window (not a tab) through CDP: Playwright's own pages share one window.
    const cdp = await browser.context.newCDPSession(page);
    const opened = browser.context.waitForEvent('page');
    const { targetId } = await cdp.send('Target.createTarget', { url: CHART, newWindow: true });
    const other = await opened;
    const windows = await Promise.all([
      cdp.send('Browser.getWindowForTarget', {}),
      cdp.send('Browser.getWindowForTarget', { targetId }),
    ]);
    expect(windows[0].windowId).not.toBe(windows[1].windowId);
    await cdp.detach();
    const second = await openChart(other, '?symbol=SPX');
    await pickBot(page, overlay, SPX_IRON_CONDOR_BOT);
    await pickBot(second.page, second.overlay, SPX_IRON_CONDOR_BOT);
    const targets = [
      await clickTarget(page, enterButton(overlay)),
      await clickTarget(second.page, enterButton(second.overlay)),
    ];
    server.sandbox.control.setFault({ kind: 'slow', delayMs: 1500, match: 'orders', count: 1 });
    server.sandbox.control.clearRequests();
    await tapOrders();

    await Promise.all(targets.map((click) => click()));
    await expect.poll(() => posts().length, { timeout: 10_000 }).toBeGreaterThan(0);
    await pause(1500 + STRAY_MS);
    expect(posts()).toEqual([expect.objectContaining({ path: enterPath(SPX_IRON_CONDOR_BOT), status: 200 })]);
    // The second window asked too, or had the first one's in-flight push already and greyed its button.
    expect((await tappedOrders()).length).toBeGreaterThanOrEqual(1);
    entered.set(SPX_IRON_CONDOR_BOT, Date.now());
    keepLog();
    await Promise.all([page.close(), other.close()]);
  });

  it('kept every minute of the storms within the budget, reads within their share', async () => {
    const state = await ask<ViewState>({ type: 'state.get' });
    expect(seen.length).toBeGreaterThan(0);
    expect(busiestMinute(seen)).toBeLessThanOrEqual(state.budget.share);
    expect(busiestMinute(readsSeen)).toBeLessThanOrEqual(state.budget.share - state.budget.reserve);
    expect(state.budget.used).toBeLessThanOrEqual(state.budget.share);
  });
});

describe('a connection reset while an order is sent (Chromium)', () => {
  it('journals the order once, and sends it once', async () => {
    await repeatWindowPassed(SPX_IRON_CONDOR_BOT);
    // A read first, so the order goes out on a kept-alive connection, as it does in normal use.
    await ask<ViewState>({ type: 'reads.refresh' });
    const journalBefore = (await ask<JournalEntry[]>({ type: 'journal.list' })).length;
    server.sandbox.control.clearRequests();
    server.sandbox.control.setFault({ kind: 'reset', count: 1, match: 'orders' });
    // Seen under load in a full run: Chromium closes the message channel with the worker when the
    // streamed upload's connection is cut, so the view gets no answer, which it shows as "outcome
    // unknown" (order-sender NO_ANSWER_MESSAGE). What matters is the same either way: sent once,
    // journalled unknown.
    const reply = await ask<OrderReply>({
      type: 'order.place',
      order: { kind: 'enterBot', bot: SPX_IRON_CONDOR_BOT },
      from: 'popup',
      confirmed: true,
    }).catch((error: Error): OrderReply => {
      expect(error.message).toMatch(/message channel closed/);
      return { status: 'unknown', message: error.message, journalId: '' };
    });
    entered.set(SPX_IRON_CONDOR_BOT, Date.now());
    await pause(STRAY_MS);
    expect(['placed', 'unknown']).toContain(reply.status);
    const journal = await ask<JournalEntry[]>({ type: 'journal.list' });
    // Which entries, if more than one came: an order sent twice, or one listed twice.
    const listed = journal.map((e) => `${e.id.slice(0, 8)} ${e.from} ${e.call} ${e.status}`).join('; ');
    expect(journal.length, listed).toBe(journalBefore + 1);
    const sent = posts();
    expect(sent[0]).toMatchObject({ path: enterPath(SPX_IRON_CONDOR_BOT), fault: 'reset', status: 0 });
    // Chromium resends a POST whose reused connection is cut before any answer; over HTTP/2 the
    // extension streams order bodies (entrypoints/background/stream-policy.ts), which it cannot
    // resend: the order reaches the API once and the trader is told its outcome is unknown.
    expect(sent).toHaveLength(1);
    expect(reply.status).toBe('unknown');
    const [entry] = await ask<JournalEntry[]>({ type: 'journal.list' });
    expect(entry?.status).toBe('unknown');
    keepLog();
  });
});
