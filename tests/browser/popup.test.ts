import { randomUUID } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USER, GENERIC_BOT, SPX_IRON_CONDOR_BOT } from '../../lib/sandbox/account';
import {
  aimAt,
  type ChromiumSession,
  sandboxRequests,
  screenshot,
  sendFromPage,
  startSession,
  steadyClick,
  stopSession,
  type TestServer,
} from './harness';

/**
 * The popup and the settings page of the production build in real Chromium: first in Paper (the
 * simulated account in the worker), then connected to Live against the sandbox, where every order
 * the popup lets through is a POST in the sandbox's log.
 */

const secret = randomUUID();
let server: TestServer;
let browser: ChromiumSession;

beforeAll(async () => {
  ({ server, browser } = await startSession(secret));
});

afterAll(() => stopSession({ server, browser }));

const posts = () => sandboxRequests(server).filter((r) => r.method === 'POST');

async function openPopup(): Promise<Page> {
  const page = await browser.extensionPage('popup.html');
  await page.setViewportSize({ width: 400, height: 600 });
  await page.locator('.ct-mode').waitFor({ timeout: 15_000 });
  return page;
}

async function openOptions(): Promise<Page> {
  const page = await browser.extensionPage('options.html');
  await page.setViewportSize({ width: 720, height: 900 });
  await page.getByLabel('Secret', { exact: true }).waitFor({ timeout: 15_000 });
  return page;
}

const botRow = (page: Page, bot: number) => page.locator(`[data-bot-id="${bot}"]`);
const enterOn = (page: Page, bot: number) =>
  botRow(page, bot).getByRole('button', { name: 'Enter', exact: true });
const tradeIds = async (page: Page) =>
  page
    .locator('[data-testid="trade-row"]')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-trade-id')));
const resultLine = (page: Page): Locator => page.getByTestId('result-line');

describe('the popup in Paper (Chromium)', () => {
  it('enters via a bot, lists the trade, trims it and exits it, all simulated', async () => {
    const page = await openPopup();
    expect(await page.locator('.ct-mode').textContent()).toBe('PAPER');
    expect(await page.getByTestId('paper-banner').textContent()).toBe(
      'Paper: simulated in your browser, nothing is sent',
    );
    await enterOn(page, SPX_IRON_CONDOR_BOT).waitFor({ timeout: 15_000 });
    await screenshot(page, 'popup-paper-first-run');
    const before = await tradeIds(page);

    await steadyClick(page, enterOn(page, SPX_IRON_CONDOR_BOT));
    await expect.poll(() => page.getByTestId('request-id').count(), { timeout: 10_000 }).toBe(1);
    // The new trade appears (newest first) without the trader refreshing.
    await expect
      .poll(async () => (await tradeIds(page)).filter((id) => !before.includes(id)), { timeout: 15_000 })
      .toHaveLength(1);
    const added = (await tradeIds(page)).find((id) => !before.includes(id)) ?? null;
    expect((await tradeIds(page))[0]).toBe(added);
    await screenshot(page, 'popup-paper-entered');

    // Bot entries are one contract, which any trim closes whole (it rounds up); the seeded 3-lot
    // SPX condor (the newest seeded SPX trade) shows a trim that leaves the trade open.
    const threeLot = await page
      .locator('[data-testid="trade-row"]', { hasText: 'SPX' })
      .evaluateAll(
        (rows, seeded) => rows.map((r) => r.getAttribute('data-trade-id')).find((id) => seeded.includes(id)),
        before,
      );
    expect(threeLot).toBeTruthy();
    const trimmed = page.locator(`[data-trade-id="${threeLot}"]`);
    await trimmed.getByLabel('Trim percent').fill('50');
    await steadyClick(page, trimmed.getByRole('button', { name: 'Trim', exact: true }));
    await expect.poll(() => resultLine(page).textContent(), { timeout: 10_000 }).toContain('Trim 50%');
    expect(await resultLine(page).textContent()).toContain('sent. Request id');
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => tradeIds(page)).toContain(threeLot);
    await screenshot(page, 'popup-paper-trimmed');

    const row = page.locator(`[data-trade-id="${added}"]`);
    await steadyClick(page, row.getByRole('button', { name: 'Exit', exact: true }));
    await expect.poll(() => resultLine(page).textContent(), { timeout: 10_000 }).toContain('Exit');
    await expect.poll(async () => (await tradeIds(page)).includes(added), { timeout: 15_000 }).toBe(false);
    await screenshot(page, 'popup-paper-exited');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'popup-paper-dark');
    // Paper never reaches the network.
    expect(posts()).toEqual([]);
    await page.close();
  });
});

describe('connecting and trading Live against the sandbox (Chromium)', () => {
  it('says a wrong secret was refused (401), then tests, saves and switches to Live', async () => {
    const page = await openOptions();
    const input = page.getByLabel('Secret', { exact: true });
    expect(await input.getAttribute('type')).toBe('password');
    await input.fill('1234');
    expect(await page.getByTestId('secret-hint').textContent()).toContain('you have 4');
    await input.fill(randomUUID());
    await page.getByRole('button', { name: 'Test connection' }).click();
    const message = page.getByTestId('connection-message');
    await expect.poll(() => message.textContent(), { timeout: 10_000 }).toMatch(/401/);
    await screenshot(page, 'options-wrong-secret');

    await input.fill(secret);
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => message.textContent(), { timeout: 10_000 }).toContain(DEMO_USER);
    await page.getByRole('button', { name: 'Save secret' }).click();
    await expect.poll(() => page.getByTestId('secret-status').textContent()).toContain('A secret is saved');
    expect(await input.inputValue()).toBe('');
    await page.getByRole('button', { name: 'Switch to Live' }).click();
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => page.locator('h1 .ct-mode').textContent()).toBe('LIVE');
    await screenshot(page, 'options-live');
    // The page never shows the saved secret again.
    expect(await page.content()).not.toContain(secret);
    await page.close();
  });

  it('sends exactly the shown body of a custom 2-leg entry, once', async () => {
    const page = await openPopup();
    expect(await page.locator('.ct-mode').textContent()).toBe('LIVE');
    await page.getByRole('tab', { name: 'Custom entry' }).click();
    await page.getByLabel('Underlying', { exact: true }).fill('SPY');
    // SPY legs go through the "any symbol" bot or the one bound to SPY; the SPX bot is not offered.
    const bots = page.getByLabel('Bot', { exact: true });
    expect(
      await bots.locator('option').evaluateAll((o) => o.map((x) => x.getAttribute('value'))),
    ).not.toContain(String(SPX_IRON_CONDOR_BOT));
    await bots.selectOption(String(GENERIC_BOT));
    await page.getByLabel('Underlying price').fill('600');
    await page.getByLabel('Width').fill('5');
    await page.getByRole('button', { name: 'Call debit spread' }).click();
    const shown = JSON.parse((await page.getByTestId('request-body').textContent()) ?? 'null');
    expect(shown.legs).toHaveLength(2);
    await screenshot(page, 'popup-live-custom-entry');

    server.sandbox.control.clearRequests();
    await steadyClick(page, page.getByRole('button', { name: 'Send legs' }));
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(JSON.parse((await dialog.getByTestId('request-body').textContent()) ?? 'null')).toEqual(shown);
    await screenshot(page, 'popup-live-confirm');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => page.getByTestId('request-id').count(), { timeout: 10_000 }).toBe(1);
    expect(posts()).toEqual([
      expect.objectContaining({ path: '/webhook/{secret}/enter', body: shown, status: 200 }),
    ]);
    await screenshot(page, 'popup-live-placed');
    await page.close();
  });

  it('sends one order for a double click on Enter and on Confirm', async () => {
    const page = await openPopup();
    await enterOn(page, SPX_IRON_CONDOR_BOT).waitFor({ timeout: 15_000 });
    server.sandbox.control.clearRequests();
    await aimAt(page, enterOn(page, SPX_IRON_CONDOR_BOT));
    await enterOn(page, SPX_IRON_CONDOR_BOT).dblclick();
    // The confirmation opens once the background has issued its guard token, so it comes a moment
    // after the click; wait for it, then make sure the second click of the pair opened no other.
    await expect.poll(() => page.getByRole('dialog').count(), { timeout: 10_000 }).toBe(1);
    await page.waitForTimeout(300);
    expect(await page.getByRole('dialog').count()).toBe(1);
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).dblclick();
    await expect.poll(() => page.getByTestId('request-id').count(), { timeout: 10_000 }).toBe(1);
    // Give a stray second order every chance to arrive before counting.
    await page.waitForTimeout(1000);
    expect(posts()).toEqual([
      expect.objectContaining({ path: `/webhook/{secret}/enter/${SPX_IRON_CONDOR_BOT}` }),
    ]);
    await page.close();
  });

  it('shows a 429 countdown and sends nothing until the block ends', async () => {
    const page = await openPopup();
    await enterOn(page, SPX_IRON_CONDOR_BOT).waitFor({ timeout: 15_000 });
    server.sandbox.control.clearRequests();
    server.sandbox.control.setFault({ kind: 'status429', count: 1, match: 'orders', retryAfterSeconds: 300 });
    await steadyClick(page, enterOn(page, SPX_IRON_CONDOR_BOT));
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => resultLine(page).getByTestId('countdown').count(), { timeout: 10_000 }).toBe(1);
    expect(await page.getByTestId('budget-line').textContent()).toMatch(/held for [45]:\d\d/);
    expect(await enterOn(page, SPX_IRON_CONDOR_BOT).isDisabled()).toBe(true);
    await screenshot(page, 'popup-live-429');
    expect(posts()).toHaveLength(1);
    expect(posts()[0]?.status).toBe(429);

    // The background holds an order sent past the disabled buttons too (another order: the same one
    // a second ago would be asked again as a repeat first).
    const held = await sendFromPage(page, {
      type: 'order.place',
      order: { kind: 'closeBot', bot: SPX_IRON_CONDOR_BOT, close: 'all' },
      from: 'popup',
      confirmed: true,
    });
    expect(held).toMatchObject({ ok: true, value: { status: 'held', reason: 'blocked' } });
    expect(posts()).toHaveLength(1);

    // End the block without waiting 5 minutes: the sandbox's clock moves past its block, and the
    // extension's stored block is cut to 3 s from now (it runs on the browser's own clock).
    server.sandbox.control.advance(5 * 60_000 + 1000);
    const worker = await browser.serviceWorker();
    await worker.evaluate(async () => {
      interface LocalArea {
        get(key: string): Promise<Record<string, unknown>>;
        set(items: Record<string, unknown>): Promise<void>;
      }
      const chromeApi = (globalThis as unknown as { chrome: { storage: { local: LocalArea } } }).chrome;
      const key = 'rateBudget';
      const stored = (await chromeApi.storage.local.get(key))[key] as { blockedUntil: number | null };
      await chromeApi.storage.local.set({ [key]: { ...stored, blockedUntil: Date.now() + 3000 } });
    });
    await page.reload();
    await page.locator('.ct-mode').waitFor();
    expect(await page.getByTestId('budget-line').textContent()).toMatch(/held for 0:0[0-3]/);
    expect(await enterOn(page, SPX_IRON_CONDOR_BOT).isDisabled()).toBe(true);
    await expect.poll(() => enterOn(page, SPX_IRON_CONDOR_BOT).isDisabled(), { timeout: 10_000 }).toBe(false);
    expect(posts()).toHaveLength(1);
    await steadyClick(page, enterOn(page, SPX_IRON_CONDOR_BOT));
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => page.getByTestId('request-id').count(), { timeout: 10_000 }).toBe(1);
    expect(posts()).toHaveLength(2);
    expect(posts()[1]?.status).toBe(200);
    await page.close();
  });
});
