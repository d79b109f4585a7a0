import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SPY_CREDIT_SPREAD_BOT } from '../../lib/sandbox/account';
import { CHART_HOSTS } from '../../lib/scope/chart-hosts';
import { OPTIONAL_MATCHES } from '../../lib/scope/optional-sites';
import {
  askFromPage,
  type ChromiumSession,
  contentScriptWorld,
  dwellClick,
  REPO_ROOT,
  sandboxRequests,
  sendFromPage,
  startLiveSession,
  stopSession,
  type TestServer,
} from './harness';

/**
 * The clickjacking attacks of issue 11, against the production build in Live mode, with trusted mouse
 * input only (Playwright's mouse, as a person's): a page on a TradingView chart host must never get an
 * order out of the extension, not even with the trader's own clicks on what it shows. Each of these
 * placed an order (or spent the read budget) before frame binding, the click-time frame check, the
 * dwell rule and the narrowed scope.
 */

const secret = randomUUID();
let server: TestServer;
let browser: ChromiumSession;
let settingsPage: Page;

const CHART = 'https://www.tradingview.com/chart/abc/';
const SETTLED_MS = 900;
const OURS = 'iframe[src*="/overlay.html"]:not(.evil)';

beforeAll(async () => {
  ({ server, browser, page: settingsPage } = await startLiveSession(secret));
});
afterAll(() => stopSession({ server, browser }));
beforeEach(async () => {
  await askFromPage(settingsPage, { type: 'settings.update', patch: { oneClickLive: false } });
  server.sandbox.control.clearRequests();
});

const posts = () => sandboxRequests(server).filter((r) => r.method === 'POST');
const tradeReads = () =>
  sandboxRequests(server).filter((r) => r.method === 'GET' && r.path.endsWith('/trades'));

async function openChart(url = CHART): Promise<{ page: Page; overlay: FrameLocator }> {
  const page = await browser.context.newPage();
  await page.goto(url);
  const overlay = page.frameLocator(OURS);
  await overlay.locator('.ct-mode').waitFor({ timeout: 15_000 });
  await expect.poll(() => overlay.getByTestId('chart-state').textContent()).toBe('ready');
  await overlay.locator('select.ct-select').selectOption(String(SPY_CREDIT_SPREAD_BOT));
  await page.waitForTimeout(SETTLED_MS);
  return { page, overlay };
}

const enterButton = (overlay: FrameLocator) => overlay.getByRole('button', { name: /^Enter via bot/ });

interface ChromeGlobal {
  chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };
}

/**
 * The page zooms its body (the frame check sees it; IntersectionObserver v2 does not): the trader's
 * Live "Enter via bot" (and the panel's Confirm) goes to the extension's confirmation window, which
 * this resolves to.
 */
async function enterUnderZoom(page: Page, overlay: FrameLocator): Promise<Page> {
  await page.addStyleTag({ content: 'body { zoom: .5 !important }' });
  await page.waitForTimeout(SETTLED_MS);
  // Playwright does not place points inside a zoomed frame: aim where the button shows on screen.
  const onScreen = async (name: RegExp) => {
    const frame = await page.locator(OURS).boundingBox();
    const inner = await overlay.getByRole('button', { name }).evaluate((el) => {
      const r = el.getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    });
    if (!frame) throw new Error('no overlay frame');
    return { x: frame.x + inner.x * 0.5, y: frame.y + inner.y * 0.5 };
  };
  const opened = browser.context.waitForEvent('page', { timeout: 15_000 });
  const enter = await onScreen(/^Enter via bot/);
  await aimAndClick(page, enter.x, enter.y);
  await page.waitForTimeout(700);
  if ((await overlay.getByRole('button', { name: 'Confirm' }).count()) > 0) {
    const confirm = await onScreen(/^Confirm/);
    await aimAndClick(page, confirm.x, confirm.y);
  }
  const win = await opened;
  await win.waitForURL(/\/confirm\.html\?id=/);
  await win.getByRole('button', { name: 'Confirm' }).waitFor();
  return win;
}

/** Where `target` sits inside its overlay frame, so the same spot can be clicked on a copy of the page. */
async function offsetInFrame(page: Page, overlay: FrameLocator, selector = OURS) {
  const frame = await page.locator(selector).boundingBox();
  const button = await enterButton(overlay).boundingBox();
  if (!frame || !button) throw new Error('no overlay on screen');
  return { x: button.x - frame.x + button.width / 2, y: button.y - frame.y + button.height / 2 };
}

/** A person aiming at a spot: the pointer moves about it for half a second, then clicks. */
async function aimAndClick(page: Page, x: number, y: number): Promise<void> {
  for (let i = 0; i < 6; i++) {
    await page.mouse.move(x - 6 + i * 2, y);
    await page.waitForTimeout(90);
  }
  await page.mouse.click(x, y);
}

describe('clickjacking attacks on the overlay (Chromium, Live)', () => {
  it('1. a copy of overlay.html the page frames itself over a decoy is inert, and two clicks send nothing', async () => {
    const { page, overlay } = await openChart();
    const spot = await offsetInFrame(page, overlay);
    // The page copies our frame's own URL (it is in its DOM) into a nearly invisible frame over a decoy.
    await page.evaluate(() => {
      const ours = document.querySelector<HTMLIFrameElement>('iframe[src*="/overlay.html"]');
      if (!ours) throw new Error('no overlay');
      const decoy = document.createElement('button');
      decoy.textContent = 'Claim your prize';
      Object.assign(decoy.style, {
        position: 'fixed',
        left: '40px',
        top: '200px',
        width: '300px',
        height: '300px',
      });
      const copy = document.createElement('iframe');
      copy.className = 'evil';
      copy.src = ours.src;
      Object.assign(copy.style, {
        position: 'fixed',
        left: '40px',
        top: '200px',
        width: '300px',
        height: '300px',
        border: '0',
        opacity: '0.001',
        zIndex: '2147483647',
      });
      document.body.append(decoy, copy);
    });
    const copy = page.frameLocator('iframe.evil');
    // The copy says plainly that it is not the extension's panel, and shows nothing of the account.
    await expect
      .poll(() => copy.getByTestId('overlay-inert').textContent(), { timeout: 10_000 })
      .toMatch(/not placed by the extension/);
    expect(await copy.getByRole('button', { name: /^Enter via bot/ }).count()).toBe(0);
    // "Enter via bot" then "Confirm", twice, where they would be on the copy.
    for (let round = 0; round < 2; round++) {
      await aimAndClick(page, 40 + spot.x, 200 + spot.y);
      await page.waitForTimeout(600);
      await aimAndClick(page, 40 + spot.x, 200 + spot.y + 60);
    }
    await page.waitForTimeout(1500);
    expect(posts()).toEqual([]);
    await page.close();
  });

  it('1b. the store URL of overlay.html (no per-session URL) does not even load on a chart page', async () => {
    const { page } = await openChart();
    await page.evaluate((id) => {
      const copy = document.createElement('iframe');
      copy.className = 'evil';
      copy.src = `chrome-extension://${id}/overlay.html?host=www.tradingview.com`;
      document.body.append(copy);
    }, browser.extensionId);
    await page.waitForTimeout(2000);
    const inside = await page
      .frameLocator('iframe.evil')
      .locator('.ct-root')
      .count()
      .catch(() => 0);
    expect(inside).toBe(0);
    await page.close();
  });

  it('2. CSS zoom on the frame is undone; zoom on the page around it sends a Live order to the extension window, and closing it sends nothing', async () => {
    const { page, overlay } = await openChart();
    // The stylesheet: the wrapper shrunk to a fifth.
    await page.addStyleTag({ content: 'div:has(> iframe[src*="overlay.html"]) { zoom: .2 !important }' });
    await page.waitForTimeout(300);
    expect(Math.round((await page.locator(OURS).boundingBox())?.width ?? 0)).toBe(300);
    // The frame's name, as a screen reader says it: the content script reads it from the catalogue.
    expect(await page.locator(OURS).getAttribute('title')).toBe('Options Auto Trader');
    const win = await enterUnderZoom(page, overlay);
    // The window shows the whole order, and why it is asked there.
    await expect
      .poll(() => win.getByTestId('confirm-note').textContent())
      .toMatch(/The page zoomed the panel/);
    const shown = (await win.locator('main').textContent()) ?? '';
    expect(shown).toContain('LIVE');
    expect(shown).toContain('SPY');
    expect(shown).toContain(`enter/${SPY_CREDIT_SPREAD_BOT}`);
    expect(posts()).toEqual([]);
    // The trader closes the window: nothing is sent, and the panel says so.
    await win.close();
    await expect
      .poll(() => overlay.locator('.ct-root').textContent(), { timeout: 5_000 })
      .toMatch(/Nothing was sent: the confirmation window was closed/);
    await page.waitForTimeout(500);
    expect(posts()).toEqual([]);
    await page.close();
  });

  it('2b. the window confirms exactly one order; a forged confirm from the overlay, the content script or the settings page sends none', async () => {
    const { page, overlay } = await openChart();
    const win = await enterUnderZoom(page, overlay);
    const id = new URL(win.url()).searchParams.get('id') ?? '';
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const decide = { type: 'confirm.decide', id, confirm: true };
    // The overlay frame itself (its own extension page, in the chart tab) knows the id: still refused.
    const ourFrame = page.frames().find((f) => f.url().includes('/overlay.html'));
    if (!ourFrame) throw new Error('no overlay frame');
    const fromOverlay = await ourFrame.evaluate(
      (m) => (globalThis as unknown as ChromeGlobal).chrome.runtime.sendMessage(m),
      decide,
    );
    // Each refusal in full: the worker reads them from the catalogue (browser.i18n, $1 filled).
    // (Its own page, asked without the frame's key: the router takes it for a stray copy.)
    expect(fromOverlay).toEqual({
      ok: false,
      error: expect.stringMatching(/^Refused: This panel was not placed by the extension on your chart/),
    });
    const content = await contentScriptWorld(browser, page);
    expect(await content(`chrome.runtime.sendMessage(${JSON.stringify(decide)})`)).toEqual({
      ok: false,
      error: "Refused: confirm.decide is only accepted from the extension's own pages.",
    });
    expect(await sendFromPage(settingsPage, decide)).toEqual({
      ok: false,
      error: 'Refused: confirm.decide is not accepted from this page.',
    });
    await page.waitForTimeout(500);
    expect(posts()).toEqual([]);
    // The trader's own click in the window: exactly one order, and the panel shows its request id.
    await dwellClick(win, win.getByRole('button', { name: 'Confirm' }), { dwellMs: 700 });
    await expect.poll(() => overlay.getByTestId('request-id').count(), { timeout: 10_000 }).toBe(1);
    await page.waitForTimeout(1000);
    expect(posts()).toEqual([
      expect.objectContaining({ path: `/webhook/{secret}/enter/${SPY_CREDIT_SPREAD_BOT}`, status: 200 }),
    ]);
    await page.close();
  });

  it('3. a page that translates its body between the two clicks of a double click, so the second lands on Enter via bot, sends nothing (one-click Live)', async () => {
    await askFromPage(settingsPage, { type: 'settings.update', patch: { oneClickLive: true } });
    const { page, overlay } = await openChart();
    const target = await enterButton(overlay).boundingBox();
    const frame = await page.locator(OURS).boundingBox();
    if (!target || !frame) throw new Error('no Enter via bot on screen');
    // Where the pointer must find "Enter via bot" inside the frame, and where the decoy is: placed so
    // the whole frame stays on screen once moved there (IntersectionObserver v2 then sees it fully).
    const inFrame = { x: target.x - frame.x + target.width / 2, y: target.y - frame.y + target.height / 2 };
    const decoy = { x: 420, y: 400 };
    // Any confirmation window an order opens: it must never be confirmed by the page's clicks.
    const windows: Page[] = [];
    const onPage = (opened: Page) => windows.push(opened);
    browser.context.on('page', onPage);
    await page.evaluate(
      ({ decoy, inFrame }) => {
        const button = document.createElement('button');
        button.textContent = 'Double-click to play';
        Object.assign(button.style, {
          position: 'fixed',
          left: `${decoy.x - 60}px`,
          top: `${decoy.y - 20}px`,
          width: '120px',
          height: '40px',
          zIndex: '10',
        });
        // The attack exactly: on the first click of the double click, the page sets
        // body.style.transform = translate(dx, dy) so that "Enter via bot" is under the pointer for
        // the second. The page sees only the frame's box, so it measures how far a trial translation
        // moved it (the frame may move with the body, or not at all) and aims from that.
        button.addEventListener(
          'click',
          () => {
            const frame = document.querySelector('iframe[src*="/overlay.html"]');
            if (!frame) return;
            const want = { x: decoy.x - inFrame.x, y: decoy.y - inFrame.y };
            const at0 = frame.getBoundingClientRect();
            const trial = { x: want.x - at0.x, y: want.y - at0.y };
            document.body.style.transform = `translate(${trial.x}px, ${trial.y}px)`;
            const at1 = frame.getBoundingClientRect();
            const gain = { x: (at1.x - at0.x) / trial.x, y: (at1.y - at0.y) / trial.y };
            const dx = Math.abs(gain.x) > 0.01 ? trial.x / gain.x : trial.x;
            const dy = Math.abs(gain.y) > 0.01 ? trial.y / gain.y : trial.y;
            document.body.style.transform = `translate(${dx}px, ${dy}px)`;
          },
          { once: true },
        );
        document.body.append(button);
      },
      { decoy, inFrame },
    );
    await aimAndClick(page, decoy.x, decoy.y);
    // A person's double click: the second press some 150 ms after the first.
    await page.waitForTimeout(150);
    await page.mouse.click(decoy.x, decoy.y);
    await page.waitForTimeout(2000);
    browser.context.off('page', onPage);
    for (const opened of windows) await opened.close();
    expect(posts()).toEqual([]);
    await page.close();
  });

  it('5. a page framing overlay.html every 300 ms gets no reads of the account', async () => {
    const { page } = await openChart();
    await page.waitForTimeout(1000);
    server.sandbox.control.clearRequests();
    await page.evaluate(() => {
      const ours = document.querySelector<HTMLIFrameElement>('iframe[src*="/overlay.html"]');
      if (!ours) throw new Error('no overlay');
      const src = ours.src;
      let last: HTMLIFrameElement | null = null;
      const timer = setInterval(() => {
        last?.remove();
        last = document.createElement('iframe');
        last.className = 'evil';
        last.src = src;
        document.body.append(last);
      }, 300);
      setTimeout(() => clearInterval(timer), 6000);
    });
    await page.waitForTimeout(7000);
    // At most the worker's own 30 s refresh for the trader's real panel.
    expect(tradeReads().length).toBeLessThanOrEqual(1);
    expect(posts()).toEqual([]);
    await page.close();
  });

  it('6. no overlay and no copy of it on a TradingView host that is not a chart host', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://evil.tradingview.com/chart/abc/');
    await page.waitForTimeout(2500);
    expect(await page.locator('iframe[src*="/overlay.html"]').count()).toBe(0);
    await page.evaluate((id) => {
      const copy = document.createElement('iframe');
      copy.className = 'evil';
      copy.src = `chrome-extension://${id}/overlay.html?host=www.tradingview.com`;
      document.body.append(copy);
    }, browser.extensionId);
    await page.waitForTimeout(1500);
    expect(
      await page
        .frameLocator('iframe.evil')
        .locator('.ct-root')
        .count()
        .catch(() => 0),
    ).toBe(0);
    expect(posts()).toEqual([]);
    await page.close();
  });

  it('6b. the manifest asks for https chart pages on the chart hosts only', () => {
    const manifest = JSON.parse(
      readFileSync(join(REPO_ROOT, '.output/chrome-mv3/manifest.json'), 'utf8'),
    ) as {
      host_permissions: string[];
      content_scripts: { matches: string[] }[];
      web_accessible_resources: { matches: string[]; use_dynamic_url?: boolean }[];
      optional_host_permissions?: string[];
    };
    const chart = CHART_HOSTS.map((h) => `https://${h}/chart/*`).sort();
    expect(manifest.host_permissions.filter((p) => p.includes('tradingview')).sort()).toEqual(chart);
    expect(manifest.content_scripts.flatMap((c) => c.matches).sort()).toEqual(chart);
    // The other charting sites may frame the overlay (under its per-session URL) but are asked for
    // only when the trader switches them on: optional, never granted at install.
    expect(manifest.web_accessible_resources).toEqual([
      expect.objectContaining({
        matches: [...CHART_HOSTS.map((h) => `https://${h}/*`), ...OPTIONAL_MATCHES],
        use_dynamic_url: true,
      }),
    ]);
    expect(manifest.optional_host_permissions).toEqual(OPTIONAL_MATCHES);
    expect(manifest.host_permissions.some((p) => OPTIONAL_MATCHES.includes(p))).toBe(false);
  });
});
