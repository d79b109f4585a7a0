import { randomUUID, X509Certificate } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEADER_SYMBOL } from '../../lib/chart/selectors';
import type { ViewState } from '../../lib/messaging/protocol';
import {
  type ChromiumSession,
  makeCertificate,
  sandboxRequests,
  screenshot,
  sendFromPage,
  startSession,
  stopSession,
  type TestServer,
} from './harness';

/**
 * The production build in real Chromium, with TradingView and the API mapped to one local https
 * server: the extension runs exactly as shipped, talking to https://app.optionsautotrader.com.
 */

const secret = randomUUID();
let server: TestServer;
let browser: ChromiumSession;

beforeAll(async () => {
  ({ server, browser } = await startSession(secret));
});

afterAll(() => stopSession({ server, browser }));

/** Asks the background from an extension page, as the popup does. */
const askState = (page: Page) => sendFromPage<ViewState>(page, { type: 'state.get' });

describe('the extension in Chromium', () => {
  it('starts its service worker, which gives the extension id', async () => {
    expect(browser.extensionId).toMatch(/^[a-p]{32}$/);
    const worker = await browser.serviceWorker();
    expect(worker.url()).toBe(`chrome-extension://${browser.extensionId}/background.js`);
  });

  it('opens the popup page without errors', async () => {
    const errors: string[] = [];
    const popup = await browser.context.newPage();
    popup.on('pageerror', (error) => errors.push(error.message));
    await popup.goto(`${browser.extensionOrigin}/popup.html`);
    await expect.poll(() => popup.locator('#app *').count()).toBeGreaterThan(0);
    await screenshot(popup, 'smoke-popup');
    expect(errors).toEqual([]);
    await popup.close();
  });

  it('answers state.get with the view state, Paper mode by default', async () => {
    const popup = await browser.extensionPage('popup.html');
    const reply = await askState(popup);
    expect(reply).toMatchObject({ ok: true, value: { mode: 'paper' } });
    await popup.close();
  });

  it('answers state.get again after Chrome stopped the idle service worker', async () => {
    const popup = await browser.extensionPage('popup.html');
    const before = await browser.serviceWorker();
    await before.evaluate(() => {
      (globalThis as { beforeStop?: boolean }).beforeStop = true;
    });
    await browser.stopServiceWorker();
    const reply = await askState(popup);
    expect(reply).toMatchObject({ ok: true, value: { mode: 'paper' } });
    // A fresh worker answered, not the one that was marked before the stop.
    const after = await browser.serviceWorker();
    expect(await after.evaluate(() => (globalThis as { beforeStop?: boolean }).beforeStop)).toBeUndefined();
    await popup.close();
  });
});

describe('the test server in Chromium', () => {
  it('serves the demo chart page at www.tradingview.com/chart/...', async () => {
    const page = await browser.context.newPage();
    const response = await page.goto('https://www.tradingview.com/chart/abc/');
    expect(response?.status()).toBe(200);
    expect(new URL(page.url()).host).toBe('www.tradingview.com');
    // The landmark every symbol reader relies on (tradingview-chart-page.md), in either markup.
    expect(await page.locator(HEADER_SYMBOL).count()).toBe(1);
    await screenshot(page, 'smoke-chart');
    await page.close();
  });

  it('answers GET bots at app.optionsautotrader.com with the sandbox account', async () => {
    const page = await browser.context.newPage();
    const response = await page.goto(`https://app.optionsautotrader.com/webhook/${secret}/bots`);
    expect(response?.status()).toBe(200);
    const body = (await response?.json()) as { success: boolean; data: unknown[] };
    expect(body.success).toBe(true);
    expect(body.data.length).toBeGreaterThan(0);
    await page.close();
  });

  it('receives a fetch from a plain TradingView page at the API host, secret redacted in the log', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://www.tradingview.com/plain');
    server.sandbox.control.clearRequests();
    // Opaque on purpose: a page may reach the API host but (no CORS) never read it.
    const type = await page.evaluate(
      async (url) => (await fetch(url, { mode: 'no-cors' })).type,
      `https://app.optionsautotrader.com/webhook/${secret}/bots`,
    );
    expect(type).toBe('opaque');
    expect(sandboxRequests(server)).toEqual([
      expect.objectContaining({ method: 'GET', path: '/webhook/{secret}/bots', status: 200 }),
    ]);
    await page.close();
  });

  it("cuts the connection without an answer on the sandbox's reset fault", async () => {
    const page = await browser.context.newPage();
    await page.goto('https://www.tradingview.com/plain');
    server.sandbox.control.clearRequests();
    server.sandbox.control.setFault({ kind: 'reset', count: 1 });
    // A no-cors fetch resolves as soon as headers arrive: it rejects only if none ever do.
    const outcome = await page.evaluate(
      (url) =>
        fetch(url, { mode: 'no-cors' }).then(
          () => 'answered',
          (error: Error) => error.name,
        ),
      `https://app.optionsautotrader.com/webhook/${secret}/bots`,
    );
    expect(outcome).toBe('TypeError');
    expect(sandboxRequests(server)).toEqual([expect.objectContaining({ fault: 'reset', status: 0 })]);
    await page.close();
  });

  it('serves the sandbox control routes on the API host', async () => {
    server.sandbox.control.clearRequests();
    const page = await browser.context.newPage();
    const response = await page.goto('https://app.optionsautotrader.com/__sandbox/requests');
    expect(response?.status()).toBe(200);
    expect(await response?.json()).toEqual([]);
    await page.close();
  });

  it('refuses hosts it does not serve with 421', async () => {
    const answer = await browser.context.request.get(`https://127.0.0.1:${server.port}/chart/abc/`);
    expect(answer.status()).toBe(421);
  });
});

describe('the test certificate', () => {
  it('covers the TradingView hosts and the API host, and nothing else', async () => {
    const certificate = new X509Certificate((await makeCertificate()).cert);
    for (const host of ['www.tradingview.com', 'in.tradingview.com', 'app.optionsautotrader.com']) {
      expect(certificate.checkHost(host), host).toBeDefined();
    }
    expect(certificate.checkHost('example.com')).toBeUndefined();
    expect(await makeCertificate()).toBe(await makeCertificate());
  });
});
