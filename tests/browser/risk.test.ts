import { randomUUID } from 'node:crypto';
import type { FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { JournalEntry, OrderCheck, OrderReply, ViewState } from '../../lib/messaging/protocol';
import type { FlattenPlan } from '../../lib/risk/types';
import { SPX_IRON_CONDOR_BOT, SPY_CREDIT_SPREAD_BOT } from '../../lib/sandbox/account';
import {
  askFromPage,
  type ChromiumSession,
  dwellClick,
  sandboxRequests,
  screenshot,
  startLiveSession,
  steadyClick,
  stopSession,
  type TestServer,
} from './harness';
import { windowExcludingNow } from './risk-window';

/**
 * The risk rules in the production build in real Chromium, Live against the sandbox (every order
 * that gets through is a POST in its log): a paused or out-of-hours entry sends nothing from the
 * popup or the overlay, whether clicked or forged as a message, while an exit still goes. Then
 * Flatten all on a multi-bot Paper book.
 */

const secret = randomUUID();
let server: TestServer;
let browser: ChromiumSession;
let options: Page;

const CHART = 'https://www.tradingview.com/chart/abc/';
const SETTLED_VISIBLE_MS = 900;

beforeAll(async () => {
  ({ server, browser, page: options } = await startLiveSession(secret));
  // Clicks send at once (no Live confirmation step) so a refused entry is the rules', not a dialog's.
  await askFromPage(options, { type: 'settings.update', patch: { oneClickLive: true } });
});

afterAll(() => stopSession({ server, browser }));

beforeEach(() => {
  server.sandbox.control.clearRequests();
});

const posts = () => sandboxRequests(server).filter((r) => r.method === 'POST');

interface ChromeGlobal {
  chrome: { action: { getBadgeText(details: object): Promise<string> } };
}
/** The toolbar badge's text, as the worker set it. */
async function badge(): Promise<string> {
  const worker = await browser.serviceWorker();
  return worker.evaluate(() => (globalThis as unknown as ChromeGlobal).chrome.action.getBadgeText({}));
}

async function openPopup(): Promise<Page> {
  const page = await browser.extensionPage('popup.html');
  await page.setViewportSize({ width: 400, height: 700 });
  await page.getByTestId('risk-bar').waitFor({ timeout: 15_000 });
  return page;
}

async function openChart(): Promise<{ page: Page; overlay: FrameLocator }> {
  const page = await browser.context.newPage();
  await page.goto(CHART);
  const overlay = page.frameLocator('iframe[src*="/overlay.html"]');
  await overlay.locator('.ct-mode').waitFor({ timeout: 15_000 });
  await expect.poll(() => overlay.getByTestId('chart-state').textContent()).toBe('ready');
  await overlay.locator('select.ct-select').selectOption(String(SPY_CREDIT_SPREAD_BOT));
  await page.waitForTimeout(SETTLED_VISIBLE_MS);
  return { page, overlay };
}

/** An entry forged as a message from an extension page: the background alone must refuse it. */
const forgedEntry = (page: Page) =>
  askFromPage<OrderReply>(page, {
    type: 'order.place',
    order: { kind: 'enterBot', bot: SPY_CREDIT_SPREAD_BOT },
    from: 'popup',
    confirmed: true,
  });

/**
 * An entry as a view sends it while entries may go: checked first, then placed confirmed with the
 * guard token the check issued (the trader's "send again" when the same order went seconds ago).
 */
async function confirmedEntry(page: Page): Promise<OrderReply> {
  const order = { kind: 'enterBot', bot: SPY_CREDIT_SPREAD_BOT } as const;
  const check = await askFromPage<OrderCheck>(page, {
    type: 'order.check',
    order,
    from: 'popup',
    confirmed: false,
  });
  if (check.status === 'held' && check.reason !== 'repeat') return check;
  return askFromPage<OrderReply>(page, {
    type: 'order.place',
    order,
    from: 'popup',
    confirmed: true,
    ...(check.guardToken !== undefined ? { guardToken: check.guardToken } : {}),
  });
}

/** Exit from the popup, or from the overlay on `chart` with a person's click (the pointer rests first). */
async function exitFirstTrade(
  where: Page | FrameLocator,
  chart?: { page: Page; symbol: string },
): Promise<void> {
  const rows = where.locator('[data-testid="trade-row"]', chart ? { hasText: chart.symbol } : {});
  const id = await rows.first().getAttribute('data-trade-id');
  server.sandbox.control.clearRequests();
  const exit = rows.first().getByRole('button', { name: 'Exit' });
  if (chart) await dwellClick(chart.page, exit);
  else await steadyClick(where as Page, exit);
  await expect.poll(() => posts().length, { timeout: 10_000 }).toBe(1);
  expect(posts()).toEqual([expect.objectContaining({ path: `/webhook/{secret}/exit/${id}`, status: 200 })]);
  server.sandbox.control.clearRequests();
}

describe('risk rules in Chromium', () => {
  it('paused from the popup: no entry from the popup, the overlay or a forged message; exits go; the badge says so', async () => {
    const popup = await openPopup();
    await popup.getByRole('button', { name: 'Pause entries' }).click();
    await expect
      .poll(() => popup.getByTestId('entries-off').textContent())
      .toMatch(/^Entries paused since \d\d:\d\d ET/);
    expect(await popup.getByTestId('risk-glance').textContent()).toContain('Paused since');
    const enter = popup
      .locator(`[data-bot-id="${SPY_CREDIT_SPREAD_BOT}"]`)
      .getByRole('button', { name: 'Enter · paused' });
    expect(await enter.isDisabled()).toBe(true);
    await screenshot(popup, 'risk-popup-paused');
    expect(await badge()).toBe('L ⏸');

    expect(await forgedEntry(popup)).toMatchObject({ status: 'held', reason: 'risk', rule: 'paused' });
    expect(posts()).toEqual([]);
    await exitFirstTrade(popup);

    const { page, overlay } = await openChart();
    await expect.poll(() => overlay.getByTestId('entries-off').textContent()).toMatch(/^Entries paused/);
    const overlayEnter = overlay.getByRole('button', { name: /^Enter via bot/ });
    expect(await overlayEnter.textContent()).toBe('Enter via bot · paused');
    expect(await overlayEnter.isDisabled()).toBe(true);
    // A click on the disabled button does nothing; the background would refuse it anyway.
    await overlayEnter.click({ force: true });
    await page.waitForTimeout(500);
    expect(posts()).toEqual([]);
    await screenshot(page, 'risk-overlay-paused');
    await exitFirstTrade(overlay, { page, symbol: 'SPY' });

    // Resuming asks once, in the popup.
    server.sandbox.control.clearRequests();
    await popup.getByRole('button', { name: 'Resume…' }).click();
    expect(posts()).toEqual([]);
    await popup.getByRole('button', { name: 'Resume entries' }).click();
    await expect.poll(() => popup.getByTestId('entries-off').count()).toBe(0);
    expect(await badge()).toBe('LIVE');
    await expect.poll(() => overlay.getByRole('button', { name: 'Enter via bot' }).isDisabled()).toBe(false);
    // The overlay has the switch too: one click there pauses every view.
    await overlay.getByRole('button', { name: 'Pause entries' }).click();
    await expect.poll(() => popup.getByTestId('entries-off').count()).toBe(1);
    expect(await badge()).toBe('L ⏸');
    await askFromPage(options, { type: 'risk.pause', on: false, confirmed: true });
    await page.close();
    await popup.close();
  });

  it('outside the trading window: entries say when they open and send nothing; exits go', async () => {
    // A SPY trade to exit from the overlay, and one more for the popup, entered while entries may go.
    expect(await confirmedEntry(options)).toMatchObject({ status: 'placed' });
    expect(await confirmedEntry(options)).toMatchObject({ status: 'placed' });
    await askFromPage(options, { type: 'reads.refresh' });
    server.sandbox.control.clearRequests();
    const saved = await askFromPage<{ saved: string[]; notSaved: unknown[] }>(options, {
      type: 'risk.save',
      patch: windowExcludingNow(),
    });
    expect(saved.notSaved).toEqual([]);
    const popup = await openPopup();
    await expect.poll(() => popup.getByTestId('entries-off').textContent()).toContain('entries open');
    const enter = popup.locator(`[data-bot-id="${SPY_CREDIT_SPREAD_BOT}"] button.ct-btn--primary`);
    expect(await enter.textContent()).toMatch(/^Opens (today|tomorrow) \d\d:\d\d ET$/);
    expect(await enter.isDisabled()).toBe(true);
    expect(await forgedEntry(popup)).toMatchObject({ status: 'held', reason: 'risk', rule: 'hours' });
    expect(posts()).toEqual([]);
    await exitFirstTrade(popup);

    const { page, overlay } = await openChart();
    const overlayEnter = overlay.locator('.row .ct-btn--primary');
    await expect.poll(() => overlayEnter.textContent()).toMatch(/^Opens (today|tomorrow) \d\d:\d\d ET$/);
    expect(await overlayEnter.isDisabled()).toBe(true);
    await screenshot(page, 'risk-overlay-out-of-hours');
    server.sandbox.control.clearRequests();
    await exitFirstTrade(overlay, { page, symbol: 'SPY' });
    await askFromPage(options, { type: 'risk.save', patch: { hoursOn: false } });
    await page.close();
    await popup.close();
  });

  it('Flatten all closes a multi-bot Paper book: shows the plan, one request per bot, within the budget', async () => {
    await askFromPage(options, { type: 'connection.setMode', mode: 'paper' });
    await askFromPage(options, { type: 'reads.refresh' });
    const popup = await openPopup();
    await popup.getByRole('button', { name: 'Flatten all…' }).click();
    const confirm = popup.getByTestId('flatten-confirm');
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain('SPX 0DTE Iron Condor');
    const plan = await askFromPage<FlattenPlan>(options, { type: 'flatten.plan' });
    expect(plan.bots.length).toBeGreaterThanOrEqual(3);
    expect(plan.waiting).toBe(0);
    await screenshot(popup, 'risk-flatten-confirm');
    const before = (await askFromPage<JournalEntry[]>(options, { type: 'journal.list' })).length;
    await popup.getByRole('button', { name: `Close ${plan.bots.length} bots` }).click();
    const result = popup.getByTestId('flatten-result');
    await result.waitFor({ timeout: 15_000 });
    expect(await result.locator('li').count()).toBe(plan.bots.length);
    expect(await result.textContent()).toContain('SPX 0DTE Iron Condor: closed');
    await screenshot(popup, 'risk-flatten-result');

    const journal = await askFromPage<JournalEntry[]>(options, { type: 'journal.list' });
    const exits = journal.slice(0, journal.length - before);
    expect(exits.map((e) => e.order)).toEqual(
      expect.arrayContaining(plan.bots.map((b) => ({ kind: 'closeBot', bot: b.bot, close: 'all' }))),
    );
    expect(exits).toHaveLength(plan.bots.length);
    const state = await askFromPage<ViewState>(options, { type: 'reads.refresh' });
    expect(state.budget.used).toBeLessThanOrEqual(state.budget.share);
    expect(state.openTrades.filter((t) => t.symbol === 'SPX')).toEqual([]);
    expect(posts()).toEqual([]);
    expect(SPX_IRON_CONDOR_BOT).toBeGreaterThan(0);
    await popup.close();
  });
});
