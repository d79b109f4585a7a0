import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  askFromPage,
  type ChromiumSession,
  contentScriptWorld,
  sandboxRequests,
  startSession,
  stopSession,
  type TestServer,
} from './harness';

/**
 * The secret out of the content script's reach, in the production build in real Chromium: code
 * evaluated in the content script's isolated world on a chart tab (what a renderer compromised into
 * running as the content script could do) reads no secret from storage, hears none through
 * storage.onChanged, and cannot reach the key that seals it. The overlay frame still keeps its place.
 */

const secret = randomUUID();
const CHART = 'https://www.tradingview.com/chart/demo/';

let server: TestServer;
let browser: ChromiumSession;

beforeAll(async () => {
  ({ server, browser } = await startSession(secret));
});
afterAll(() => stopSession({ server, browser }));

const leaks = (text: string) =>
  [secret, secret.replaceAll('-', ''), secret.slice(-12)].some((p) => text.toLowerCase().includes(p));

/** Whatever a storage area gives the content-script world: its contents, or the refusal's text. */
const readArea = (area: string) =>
  `chrome.storage.${area}.get(null).then((v) => 'read:' + JSON.stringify(v), (e) => 'refused:' + String(e && e.message))`;

describe('the secret from the content script world (Chromium)', () => {
  it('reads no secret from storage.local or storage.session and hears none through storage.onChanged', async () => {
    const page = await browser.context.newPage();
    await page.goto(CHART);
    await page.frameLocator('iframe[src*="/overlay.html"]').locator('.ct-mode').waitFor({ timeout: 15_000 });
    const evaluate = await contentScriptWorld(browser, page);
    // A listener like the one the content script had: every change it is handed, kept.
    expect(
      await evaluate(`globalThis.heard = [];
        try { chrome.storage.onChanged.addListener((c, a) => globalThis.heard.push(a + ' ' + JSON.stringify(c))); 'listening' }
        catch (e) { 'refused:' + e.message }`),
    ).toBeTypeOf('string');

    // The trader saves the secret (the settings page) and goes Live, then the account is read.
    const options = await browser.extensionPage('options.html');
    await askFromPage(options, { type: 'connection.saveSecret', secret, sessionOnly: false });
    await askFromPage(options, { type: 'connection.setMode', mode: 'live' });
    await askFromPage(options, { type: 'reads.refresh' });
    expect(sandboxRequests(server).some((r) => r.method === 'GET')).toBe(true);
    await askFromPage(options, { type: 'connection.saveSecret', secret, sessionOnly: true });

    const local = String(await evaluate(readArea('local')));
    const session = String(await evaluate(readArea('session')));
    expect(local).toMatch(/^refused:/);
    expect(session).toMatch(/^refused:/);
    expect(leaks(local) || leaks(session)).toBe(false);
    const heard = (await evaluate('JSON.stringify(globalThis.heard)')) as string;
    expect(leaks(heard)).toBe(false);
    // The key that seals the stored secret is the extension origin's: this world's IndexedDB is the page's.
    const databases = (await evaluate(
      `indexedDB.databases().then((d) => JSON.stringify(d.map((x) => x.name)))`,
    )) as string;
    expect(databases).not.toContain('oat-keys');

    // Even what the extension itself keeps in storage.local holds no plain secret (Firefox's content
    // scripts can read that area), only the sealed box.
    const stored = await options.evaluate(() =>
      (
        globalThis as unknown as { chrome: { storage: { local: { get(k: null): Promise<unknown> } } } }
      ).chrome.storage.local
        .get(null)
        .then((v) => JSON.stringify(v)),
    );
    expect(leaks(stored)).toBe(false);
    await page.close();
    await options.close();
  });

  it('the overlay keeps its collapsed state through the background: collapsing in one tab folds the frame', async () => {
    const page = await browser.context.newPage();
    await page.goto(CHART);
    const overlay = page.frameLocator('iframe[src*="/overlay.html"]');
    await overlay.locator('.ct-mode').waitFor({ timeout: 15_000 });
    const height = () =>
      page.evaluate(
        () =>
          document.querySelector('iframe[src*="/overlay.html"]')?.parentElement?.getBoundingClientRect()
            .height ?? 0,
      );
    await expect.poll(height).toBeGreaterThan(100);
    await overlay.locator('button.toggle').click();
    await expect.poll(height, { timeout: 5_000 }).toBeLessThan(60);
    // A new tab on the same site opens folded: the content script asked the background, not storage.
    const second = await browser.context.newPage();
    await second.goto(CHART);
    await second
      .frameLocator('iframe[src*="/overlay.html"]')
      .locator('.ct-mode')
      .waitFor({ timeout: 15_000 });
    await expect
      .poll(() =>
        second.evaluate(
          () =>
            document.querySelector('iframe[src*="/overlay.html"]')?.parentElement?.getBoundingClientRect()
              .height ?? 0,
        ),
      )
      .toBeLessThan(60);
    await overlay.locator('button.toggle').click();
    await expect.poll(height, { timeout: 5_000 }).toBeGreaterThan(100);
    await page.close();
    await second.close();
  });
});
