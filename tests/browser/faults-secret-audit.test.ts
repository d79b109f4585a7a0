import { randomUUID } from 'node:crypto';
import type { CDPSession, ConsoleMessage, Frame, Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportReply, JournalEntry, OrderReply } from '../../lib/messaging/protocol';
import { DEMO_USER, SPX_IRON_CONDOR_BOT, SPY_CREDIT_SPREAD_BOT } from '../../lib/sandbox/account';
import {
  type ChromiumSession,
  dwellOn,
  sandboxRequests,
  sendFromPage,
  startSession,
  stopSession,
  type TestServer,
} from './harness';

/**
 * A whole session in real Chromium, with the secret watched for everywhere a page, a log or a file
 * could show it: the console of every context (pages, the overlay frame, the content script's
 * isolated world, the worker), every message the content script and an overlay-side view port
 * receive, the DOM of the chart, the overlay, the popup and the settings page, the journal and its
 * export, and the error texts of bad answers. The secret is typed once, into the settings page.
 */

const secret = randomUUID();
const CHART = 'https://www.tradingview.com/chart/demo/';
const SETTLED_VISIBLE_MS = 900;
const CONFIRM_ARMED_MS = 600;

let server: TestServer;
let browser: ChromiumSession;

/** Everything the run showed or said, by where it came from. */
const seen: { where: string; text: string }[] = [];
const record = (where: string, text: unknown) =>
  seen.push({ where, text: typeof text === 'string' ? text : JSON.stringify(text) });

/** The secret as a whole, without its dashes, and its most distinctive part. */
function leaks(text: string): boolean {
  const bare = secret.replaceAll('-', '');
  const tail = secret.slice(-12);
  const lower = text.toLowerCase();
  return lower.includes(secret) || lower.includes(bare) || lower.includes(tail);
}

function onConsole(where: string) {
  return (message: ConsoleMessage) => {
    record(`console ${where} ${message.type()}`, `${message.text()} @ ${message.location().url}`);
    for (const arg of message.args()) {
      arg.jsonValue().then(
        (value: unknown) => record(`console ${where} arg`, value),
        () => {},
      );
    }
  };
}

function watchWorker(worker: Worker): void {
  worker.on('console', onConsole(`worker ${worker.url()}`));
}

async function ask<T>(page: Page, message: unknown): Promise<T> {
  const reply = await sendFromPage<T>(page, message);
  record(`reply to ${JSON.stringify(message).slice(0, 40)}`, reply);
  if (!reply.ok) throw new Error(reply.error);
  return reply.value;
}

/** Every page still open, and each of their frames: DOM as served now, and the value of every field. */
async function everyDom(): Promise<{ where: string; text: string }[]> {
  const out: { where: string; text: string }[] = [];
  for (const page of browser.context.pages()) {
    for (const frame of page.frames()) {
      const html = await frame.content().catch(() => '');
      const fields = await frame
        .evaluate(() =>
          [...document.querySelectorAll('input, textarea, select')].map((f) => (f as HTMLInputElement).value),
        )
        .catch(() => []);
      out.push({ where: `dom ${frame.url()}`, text: `${html}\n${fields.join('\n')}` });
    }
  }
  return out;
}

/**
 * Listens, inside the content script's isolated world, to every runtime message the background
 * sends it. CDP reaches that world; the page's own scripts cannot.
 */
async function tapContentScript(page: Page): Promise<() => Promise<string[]>> {
  const cdp: CDPSession = await browser.context.newCDPSession(page);
  const worlds: { id: number; origin: string; auxData?: { type?: string } }[] = [];
  cdp.on('Runtime.executionContextCreated', ({ context }) => worlds.push(context));
  await cdp.send('Runtime.enable');
  await expect
    .poll(() => worlds.some((w) => w.auxData?.type === 'isolated' && w.origin.includes(browser.extensionId)))
    .toBe(true);
  const world = worlds.find((w) => w.auxData?.type === 'isolated' && w.origin.includes(browser.extensionId));
  if (!world) throw new Error('no content script world');
  const installed = await cdp.send('Runtime.evaluate', {
    contextId: world.id,
    returnByValue: true,
    expression: `globalThis.auditTap = []; chrome.runtime.onMessage.addListener((m) => { globalThis.auditTap.push(JSON.stringify(m)); }); 'tapped'`,
  });
  expect(installed.result.value).toBe('tapped');
  return async () => {
    const read = await cdp.send('Runtime.evaluate', {
      contextId: world.id,
      returnByValue: true,
      expression: 'JSON.stringify(globalThis.auditTap)',
    });
    return JSON.parse(String(read.result.value)) as string[];
  };
}

/** A second view port from inside the overlay's frame: it gets what the overlay's own port gets. */
/**
 * Listens to what the background pushes to views. A port of its own from inside the overlay frame would
 * be refused (it lacks the frame key only the content script hands the panel), so the view port is
 * opened from an extension page, which gets the same state pushes; the overlay frame's own
 * runtime.onMessage is tapped in the frame.
 */
async function tapOverlay(frame: Frame, viewPage: Page): Promise<() => Promise<string[]>> {
  const pages: (Frame | Page)[] = [frame, viewPage];
  for (const where of pages) await tapIn(where, where === viewPage);
  return async () =>
    (
      await Promise.all(
        pages.map((where) =>
          where.evaluate(() => (globalThis as unknown as { auditTap: string[] }).auditTap),
        ),
      )
    ).flat();
}

async function tapIn(frame: Frame | Page, withPort: boolean): Promise<void> {
  await frame.evaluate((port) => {
    interface Port {
      onMessage: { addListener(f: (m: unknown) => void): void };
    }
    interface RuntimeApi {
      connect(info: { name: string }): Port;
      onMessage: { addListener(f: (m: unknown) => void): void };
    }
    const scope = globalThis as unknown as { auditTap: string[]; chrome: { runtime: RuntimeApi } };
    scope.auditTap = [];
    const keep = (m: unknown) => scope.auditTap.push(JSON.stringify(m));
    if (port) scope.chrome.runtime.connect({ name: 'view' }).onMessage.addListener(keep);
    scope.chrome.runtime.onMessage.addListener(keep);
  }, withPort);
}

beforeAll(async () => {
  ({ server, browser } = await startSession(secret));
  browser.context.on('console', onConsole('context'));
  browser.context.on('weberror', (error) => record('page error', String(error.error())));
  browser.context.on('page', (page) =>
    page.on('pageerror', (error) => record('page error', error.stack ?? '')),
  );
  for (const worker of browser.context.serviceWorkers()) watchWorker(worker);
  browser.context.on('serviceworker', watchWorker);
});

afterAll(() => stopSession({ server, browser }));

describe('the secret over a whole session (Chromium)', () => {
  let chart: Page;
  let overlay: Frame;
  let contentTap: () => Promise<string[]>;
  let overlayTap: () => Promise<string[]>;

  it('is typed once into the settings page, which tests, saves it and switches to Live', async () => {
    const options = await browser.extensionPage('options.html');
    const input = options.getByLabel('Secret', { exact: true });
    await input.waitFor({ timeout: 15_000 });
    await input.fill(secret);
    await options.getByRole('button', { name: 'Test connection' }).click();
    const message = options.getByTestId('connection-message');
    await expect.poll(() => message.textContent(), { timeout: 10_000 }).toContain(DEMO_USER);
    await options.getByRole('button', { name: 'Save secret' }).click();
    await expect
      .poll(() => options.getByTestId('secret-status').textContent())
      .toContain('A secret is saved');
    expect(await input.inputValue()).toBe('');
    await options.getByRole('button', { name: 'Switch to Live' }).click();
    await options.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => options.locator('h1 .ct-mode').textContent()).toBe('LIVE');
    // A bad answer to the connection test shows its error here (every request fails meanwhile, so a
    // background read cannot take the fault instead).
    server.sandbox.control.setFault({ kind: 'html502' });
    try {
      await input.fill(secret);
      await options.getByRole('button', { name: 'Test connection' }).click();
      await expect.poll(() => message.textContent(), { timeout: 10_000 }).toMatch(/502/);
    } finally {
      server.sandbox.control.setFault(null);
      // The trader's own typing is not a leak; what the extension shows afterwards is.
      await input.fill('');
    }
  });

  it('enters via the bot and exits from the overlay, with the chart and overlay tapped', async () => {
    chart = await browser.context.newPage();
    await chart.goto(CHART);
    const frameLocator = chart.frameLocator('iframe[src*="/overlay.html"]');
    await frameLocator.locator('.ct-mode').waitFor({ timeout: 15_000 });
    const found = chart.frames().find((f) => f.url().includes('/overlay.html'));
    if (!found) throw new Error('no overlay frame');
    overlay = found;
    contentTap = await tapContentScript(chart);
    overlayTap = await tapOverlay(overlay, await browser.extensionPage('options.html'));
    await expect.poll(() => frameLocator.getByTestId('chart-state').textContent()).toBe('ready');

    await frameLocator.locator('select.ct-select').selectOption(String(SPY_CREDIT_SPREAD_BOT));
    await chart.waitForTimeout(SETTLED_VISIBLE_MS);
    server.sandbox.control.clearRequests();
    await dwellOn(chart, frameLocator.getByRole('button', { name: /^Enter via bot/ }));
    await frameLocator.getByRole('button', { name: /^Enter via bot/ }).click();
    await chart.waitForTimeout(CONFIRM_ARMED_MS);
    await frameLocator.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => frameLocator.getByTestId('request-id').count(), { timeout: 10_000 }).toBe(1);

    // The symbol switches, so the content script reports and is asked to read again.
    await chart.evaluate(() =>
      (window as unknown as { demo: { setSymbol(s: string): void } }).demo.setSymbol('QQQ'),
    );
    await expect.poll(() => frameLocator.getByTestId('chart-symbol').textContent()).toContain('QQQ');
    await chart.evaluate(() =>
      (window as unknown as { demo: { setSymbol(s: string): void } }).demo.setSymbol('SPY'),
    );
    await expect.poll(() => frameLocator.getByTestId('chart-state').textContent()).toBe('ready');
    const row = frameLocator.getByTestId('trade-row').first();
    await chart.waitForTimeout(SETTLED_VISIBLE_MS);
    await dwellOn(chart, row.getByRole('button', { name: 'Exit' }));
    await row.getByRole('button', { name: 'Exit' }).click();
    await chart.waitForTimeout(CONFIRM_ARMED_MS);
    await frameLocator.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await expect
      .poll(() => sandboxRequests(server).filter((r) => r.method === 'POST').length, { timeout: 10_000 })
      .toBe(2);
  });

  it('shows the errors of bad answers in the popup', async () => {
    const popup = await browser.extensionPage('popup.html');
    await popup.locator('.ct-mode').waitFor({ timeout: 15_000 });
    const enter = {
      type: 'order.place',
      order: { kind: 'enterBot', bot: SPX_IRON_CONDOR_BOT },
      from: 'popup',
    };
    // Not 'reset' here: Chromium resends a POST cut off on a reused connection (see faults-storms).
    for (const kind of ['successFalse', 'nonJson', 'status500', 'wrongTypes'] as const) {
      server.sandbox.control.setFault({ kind, count: 1, match: 'orders' });
      const reply = await ask<OrderReply>(popup, { ...enter, confirmed: true });
      expect(['refused', 'unknown', 'held']).toContain(reply.status);
    }
    server.sandbox.control.setFault({ kind: 'html502', count: 2, match: 'reads' });
    await popup.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => popup.getByTestId('read-error').count(), { timeout: 10_000 }).toBe(1);
    server.sandbox.control.setFault({ kind: 'status429', count: 1, match: 'orders', retryAfterSeconds: 30 });
    await ask<OrderReply>(popup, {
      type: 'order.place',
      order: { kind: 'closeBot', bot: SPX_IRON_CONDOR_BOT, close: 'oldest' },
      from: 'popup',
      confirmed: true,
    });
    await popup.reload();
    await popup.locator('.ct-mode').waitFor();
    server.sandbox.control.setFault(null);
  });

  it('never appears in the journal or its exports', async () => {
    const popup = browser.context.pages().find((p) => p.url().endsWith('/popup.html'));
    if (!popup) throw new Error('no popup');
    const journal = await ask<JournalEntry[]>(popup, { type: 'journal.list' });
    expect(journal.length).toBeGreaterThanOrEqual(4);
    for (const format of ['csv', 'json']) {
      const file = await ask<ExportReply>(popup, { type: 'journal.export', format });
      expect(file.text.length).toBeGreaterThan(0);
      record(`journal export ${format}`, file.text);
    }
    await popup.getByRole('tab', { name: 'Journal' }).click();
    await popup.waitForTimeout(300);
  });

  it('never appears in any console, message, DOM, journal or error text of the run', async () => {
    // The capture itself works: a marker logged in the worker and the overlay frame is seen.
    const worker = await browser.serviceWorker();
    await worker.evaluate(() => console.warn('audit-marker-worker'));
    await overlay.evaluate(() => console.warn('audit-marker-overlay'));
    await expect
      .poll(() => ['worker', 'overlay'].every((w) => seen.some((s) => s.text.includes(`audit-marker-${w}`))))
      .toBe(true);

    const contentMessages = await contentTap();
    const overlayMessages = await overlayTap();
    // The taps heard the traffic they were put there for.
    expect(contentMessages.length).toBeGreaterThan(0);
    expect(overlayMessages.some((m) => m.includes('"type":"state"'))).toBe(true);
    for (const m of contentMessages) record('message to the content script', m);
    for (const m of overlayMessages) record('message to an overlay view port', m);
    for (const dom of await everyDom()) seen.push(dom);
    expect(
      seen.some((s) => s.where.startsWith('dom chrome-extension://') && s.where.includes('overlay')),
    ).toBe(true);

    const leaked = seen.filter((s) => leaks(s.text)).map((s) => `${s.where}: ${s.text.slice(0, 200)}`);
    expect(leaked).toEqual([]);
    // Sanity: the audit would have caught it.
    expect(leaks(`https://app.optionsautotrader.com/webhook/${secret}/bots`)).toBe(true);
    console.info(`Secret audit: ${seen.length} texts checked, none holds the secret`);
  });
});
