import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession, Frame, FrameLocator, Page, Worker } from 'playwright-core';
import { SETTLE_MS } from '../lib/chart/types';
import { createSandbox, DEMO_BINDINGS, type Sandbox, SPY_CREDIT_SPREAD_BOT } from '../lib/sandbox';
import { type ChromiumSession, launchChromium, startServer, type TestServer } from '../tests/browser/harness';

/**
 * The in-browser half of `npm run bench`: the production build in headless Chromium against the
 * sandbox served as app.optionsautotrader.com over https (the browser tests' harness), on the demo
 * chart. Every figure is taken beside its baseline in the same browser and the same run.
 */

export interface BrowserBenchOptions {
  extensionDir: string;
  /** Click-to-order rounds (warm, baseline and cold once each per round). */
  rounds: number;
  switches: number;
  popupOpens: number;
  idleSampleMs: number;
  log: (line: string) => void;
}

export interface ClickToOrder {
  warm: number[];
  cold: number[];
  baseline: number[];
  /** Rounds whose POST never reached the sandbox (the click was refused or lost). */
  lost: { warm: number; cold: number; baseline: number };
  /** What the overlay said after each lost click (its notice and result lines), most frequent first. */
  lostBecause: { text: string; count: number }[];
  /**
   * Cold rounds after which the overlay no longer had the chart (not 'ready') once it reconnected to
   * the restarted worker; the bench then switches the symbol away and back so the content script
   * reports again, and goes on.
   */
  chartLostAfterRestart: number;
  /** Rounds run, the first three (warm-up, not in the samples) included. */
  rounds: number;
  /**
   * Where a warm click's time goes (wall clock, 1 ms resolution): click → the order message reaching
   * the background, and from there → the POST at the sandbox (chart re-read, guard, budget, journal, fetch).
   */
  warmSplit: { toBackground: number[]; inBackground: number[] };
}

export interface SymbolSwitch {
  /** setSymbol (all landmarks at once) → the overlay's DOM shows the new ticker. */
  shown: number[];
  /** setSymbol → the overlay's Enter button enabled on a ready chart (includes the settle time). */
  enabled: number[];
  /** As on TradingView: title after 100 ms, legend after 300 ms; measured from the legend's change. */
  lateLegendEnabled: number[];
  lateLegendDelayMs: number;
  settleMs: number;
}

export interface PopupOpen {
  /**
   * Navigation start → first trade or bot row visible with its text, worker running: a saved row
   * of the first draw (marked as saved, order buttons off) counts, as it is what the trader reads.
   */
  warm: number[];
  /** The same with the worker stopped first: rows can only come from the stored cache in time. */
  cold: number[];
  /** Navigation start → the first live row (the background's state drawn), worker running; stopped. */
  warmLive: number[];
  coldLive: number[];
  /** Navigation start → DOMContentLoaded of popup.html (html and module scripts loaded). */
  domContentLoaded: number[];
  /** The same with the worker stopped (Chrome may have ended the extension's process with it). */
  domContentLoadedCold: number[];
  /**
   * The floor: DOMContentLoaded of a blank page of the same extension that runs one empty script,
   * opened the same way between the popup's opens (worker running; stopped). No popup can show a
   * row before a page of its own has loaded and run a script.
   */
  blank: number[];
  blankCold: number[];
}

export interface IdleCost {
  sampleMs: number;
  /** Calls in the content script, from V8's precise coverage (function call counts). */
  titleChecks: number;
  reads: number;
  sends: number;
  observerCallbacks: number;
  styleWrites: number;
  sendMessageCalls: number;
  allFunctionCalls: number;
  /** Mutation records on the extension's frame and wrapper, seen from the page. */
  extensionDomMutations: number;
  /** The page's own mutation records in the same time (the baseline churn). */
  pageDomMutations: number;
  /** Runtime messages the background received, by type. */
  backgroundMessages: Record<string, number>;
  /** Whether the content script was found in the coverage (false would make its counts meaningless). */
  contentScriptSeen: boolean;
}

export interface Memory {
  /** Used JS heap of the chart tab's renderer isolate (page + content script), after a GC; samples. */
  chartTabWithExtension: number[];
  /**
   * The same demo page, open as long, in a tab of the same browser at a URL the content script does
   * not match (/demo/chart/index.html): the page's own heap.
   */
  chartTabWithoutExtension: number[];
  /** Used JS heap of the overlay frame's renderer (the extension's process), after a GC. */
  overlayFrame: number;
  /** Used JS heap of the background service worker, after a GC. */
  worker: number | null;
}

export interface BrowserResults {
  chromium: string;
  clickToOrder: ClickToOrder;
  /** On the demo chart's current markup (TradingView today), the default everywhere else in the bench. */
  symbolSwitch: SymbolSwitch;
  /** The same on the older markup (`?markup=legacy`), which the readers still accept. */
  symbolSwitchLegacy: SymbolSwitch;
  popup: PopupOpen;
  idle: IdleCost;
  memory: Memory;
}

const CHART = 'https://www.tradingview.com/chart/bench/';
/** The demo chart where the content script does not run (its match is /chart/*). */
const BARE_DEMO = 'https://www.tradingview.com/demo/chart/index.html';
/** The click guard's visible-for time plus IntersectionObserver's delay, with room to spare. */
const SETTLED_VISIBLE_MS = 900;
/** How long the pointer rests on a target before each click, in this many moves (the overlay's dwell is 400 ms). */
const DWELL_MS = 480;
const DWELL_STEPS = 6;
/** The overlay reconnects this long after the worker went away (entrypoints/overlay/client.ts). */
const OVERLAY_RECONNECT_MS = 1000;

interface ChromeStorageGlobal {
  chrome: {
    runtime: {
      sendMessage(message: unknown): Promise<unknown>;
      onMessage: { addListener(listener: (message: unknown) => void): void };
    };
    storage: { local: { set(items: Record<string, unknown>): Promise<void> } };
  };
}

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

async function until<T>(what: string, probe: () => Promise<T | null> | T | null, timeoutMs = 10_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** When a POST reached the https server: Node's monotonic clock, and the wall clock pages share. */
interface Arrival {
  at: number;
  wall: number;
}

/** The sandbox with a stamp of Node's clock on every POST's arrival at the https server. */
function stampedSandbox(inner: Sandbox, onPost: (at: Arrival) => void): Sandbox {
  return {
    fetch(request) {
      if (request.method === 'POST') onPost({ at: performance.now(), wall: Date.now() });
      return inner.fetch(request);
    },
    snapshot: () => inner.snapshot(),
    control: inner.control,
  };
}

/** The sandbox behind the test server, with a promise of the next POST's arrival. */
function sandboxWithArrivals(secret: string) {
  let arrival: ((at: Arrival) => void) | null = null;
  const sandbox = stampedSandbox(createSandbox({ secret, timeZone: 'UTC' }), (at) => {
    arrival?.(at);
    arrival = null;
  });
  const nextPost = (timeoutMs: number) =>
    new Promise<Arrival | null>((ok) => {
      const timer = setTimeout(() => {
        arrival = null;
        ok(null);
      }, timeoutMs);
      arrival = (at) => {
        clearTimeout(timer);
        ok(at);
      };
    });

  return { sandbox, nextPost };
}

/** The server, and Chromium with the extension in `extensionDir`, Live against the server's sandbox. */
async function startLive(extensionDir: string) {
  const secret = randomUUID();
  const { sandbox, nextPost } = sandboxWithArrivals(secret);
  const server = await startServer({ sandbox });
  // A browser that cannot start must not leave the server listening (the process would never end).
  const browser = await launchChromium({ serverPort: server.port, extensionDir }).catch(
    async (error: unknown) => {
      await server.close();
      throw error;
    },
  );
  const close = async () => {
    await browser.close();
    await server.close();
  };
  await goLive(browser, secret).catch(async (error: unknown) => {
    await close();
    throw error;
  });
  return { secret, server, browser, nextPost, close };
}

/**
 * Warm click-to-order rounds only (each beside its plain-fetch baseline), for comparing two builds in
 * one run: the same machine, minutes apart, so their difference is the code's and not the machine's.
 */
export async function measureWarmClicks(
  extensionDir: string,
  rounds: number,
  log: (line: string) => void,
): Promise<ClickToOrder> {
  const { secret, server, browser, nextPost, close } = await startLive(extensionDir);
  try {
    return await measureClickToOrder(browser, server, secret, rounds, nextPost, log, false);
  } finally {
    await close();
  }
}

/** The blank page the popup's floor is measured on; only in the bench's copy of the build. */
const BLANK_PAGE = 'bench-blank.html';

/**
 * A copy of the build with a blank page added, so the shipped build carries nothing for the bench.
 * The page runs one empty script, as any page that draws data must: in Chromium the first script of
 * an extension page costs some 30 ms by itself (a page without one reaches DOMContentLoaded that much
 * sooner), so a page with none would be a floor no popup can reach.
 */
function withBlankPage(extensionDir: string): string {
  const copy = mkdtempSync(join(tmpdir(), 'oat-bench-ext-'));
  cpSync(extensionDir, copy, { recursive: true });
  writeFileSync(join(copy, 'bench-blank.js'), '// The floor: a script that does nothing.\n');
  writeFileSync(
    join(copy, BLANK_PAGE),
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>blank</title></head>' +
      '<body><script src="/bench-blank.js"></script></body></html>\n',
  );
  return copy;
}

export async function runBrowserBench(options: BrowserBenchOptions): Promise<BrowserResults> {
  const { log } = options;
  const extensionDir = withBlankPage(options.extensionDir);
  const { secret, server, browser, nextPost, close } = await startLive(extensionDir);
  try {
    const chromiumVersion = browser.context.browser()?.version() ?? 'unknown';
    log('click to order…');
    const clickToOrder = await measureClickToOrder(browser, server, secret, options.rounds, nextPost, log);
    log('symbol switch…');
    const symbolSwitch = await measureSymbolSwitch(browser, options.switches);
    const symbolSwitchLegacy = await measureSymbolSwitch(browser, options.switches, '?markup=legacy');
    log('popup open…');
    const popup = await measurePopup(browser, options.popupOpens);
    log('idle cost and memory…');
    const idle = await measureIdle(browser, options);
    const { chartHeap, pageHeap, overlayHeap } = await measureMemory(browser);
    const worker = await workerHeap(browser).catch(() => null);
    return {
      chromium: chromiumVersion,
      clickToOrder,
      symbolSwitch,
      symbolSwitchLegacy,
      popup,
      idle,
      memory: {
        chartTabWithExtension: chartHeap,
        chartTabWithoutExtension: pageHeap,
        overlayFrame: overlayHeap,
        worker,
      },
    };
  } finally {
    await close();
    rmSync(extensionDir, { recursive: true, force: true });
  }
}

async function ask(page: Page, message: unknown): Promise<unknown> {
  return page.evaluate(
    (m) => (globalThis as unknown as ChromeStorageGlobal).chrome.runtime.sendMessage(m),
    message,
  );
}

/** Live with one-click on (no confirmation step), the whole API limit as the share, the demo bots bound. */
async function goLive(browser: ChromiumSession, secret: string): Promise<void> {
  const page = await browser.extensionPage('popup.html');
  const replies = [
    await ask(page, { type: 'connection.saveSecret', secret, sessionOnly: false }),
    await ask(page, { type: 'connection.setMode', mode: 'live' }),
    await ask(page, {
      type: 'settings.update',
      patch: { oneClickLive: true, budgetShare: 60, orderReserve: 10 },
    }),
  ];
  // Bound as a trader would, one at a time: "Enter via bot" on a chart needs a bot bound to its underlying.
  for (const [bot, binding] of Object.entries(DEMO_BINDINGS))
    replies.push(await ask(page, { type: 'bindings.set', bot: Number(bot), binding }));
  for (const reply of replies) {
    if ((reply as { ok?: boolean } | null)?.ok !== true)
      throw new Error(`setup refused: ${JSON.stringify(reply)}`);
  }
  await page.close();
}

async function openChart(browser: ChromiumSession, query = ''): Promise<{ page: Page; frame: Frame }> {
  const page = await browser.context.newPage();
  await page.goto(`${CHART}${query}`);
  const overlay = page.frameLocator('iframe[src*="/overlay.html"]');
  await overlay.locator('.ct-mode').waitFor({ timeout: 15_000 });
  await until('a ready chart', async () =>
    (await overlay.getByTestId('chart-state').textContent()) === 'ready' ? true : null,
  );
  const frame = await until(
    'the overlay frame',
    () => page.frames().find((f) => f.url().includes('/overlay.html')) ?? null,
  );
  return { page, frame };
}

async function measureClickToOrder(
  browser: ChromiumSession,
  server: TestServer,
  secret: string,
  rounds: number,
  nextPost: (timeoutMs: number) => Promise<Arrival | null>,
  log: (line: string) => void,
  withCold = true,
): Promise<ClickToOrder> {
  const { control } = server.sandbox;
  const { page, frame } = await openChart(browser);
  const overlay = page.frameLocator('iframe[src*="/overlay.html"]');
  await until('LIVE in the overlay', async () =>
    (await overlay.locator('.ct-mode').textContent()) === 'LIVE' ? true : null,
  );
  await overlay.locator('select.ct-select').selectOption(String(SPY_CREDIT_SPREAD_BOT));
  await page.waitForTimeout(SETTLED_VISIBLE_MS);
  const enter = overlay.getByRole('button', { name: /^Enter via bot/ });
  /** Where the button is now: the panel's layout shifts as results and trades come and go. */
  const enterAt = async () => {
    const box = await enter.boundingBox();
    if (!box) throw new Error('no Enter via bot button on the chart');
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  };

  // The floor: the same POST by fetch from a plain page of the same browser, clicked the same way.
  const plain = await browser.context.newPage();
  await plain.goto('https://www.tradingview.com/plain');
  await plain.evaluate((url) => {
    const button = document.createElement('button');
    button.textContent = 'Send';
    Object.assign(button.style, {
      position: 'fixed',
      left: '20px',
      top: '20px',
      width: '200px',
      height: '60px',
    });
    button.addEventListener('click', () => {
      fetch(url, { method: 'POST', mode: 'no-cors', headers: { Accept: 'application/json' } }).catch(
        () => {},
      );
    });
    document.body.append(button);
  }, `https://app.optionsautotrader.com/webhook/${secret}/enter/${SPY_CREDIT_SPREAD_BOT}`);

  /** Nothing arrives at the sandbox for `ms` (the order's follow-up reads are done). */
  const quiet = async (ms: number) => {
    let seen = control.requests().length;
    let since = Date.now();
    const end = Date.now() + 5_000;
    while (Date.now() - since < ms && Date.now() < end) {
      await sleep(10);
      const count = control.requests().length;
      if (count !== seen) {
        seen = count;
        since = Date.now();
      }
    }
  };
  /** A fresh account each round (the trade list stays short), no repeat guard, no budget in the way. */
  const fresh = async () => {
    control.reset();
    await frame.evaluate(() =>
      (globalThis as unknown as ChromeStorageGlobal).chrome.storage.local.set({
        recentOrders: {},
        rateBudget: { sent: [], blockedUntil: null },
      }),
    );
  };
  let clickedWall = 0;
  let arrivedWall = 0;
  /**
   * The pointer comes to rest on the target as a person's does before a click: small moves over it
   * for longer than the overlay's 400 ms dwell (entrypoints/overlay/click-guard.ts DWELL_MS). Not
   * timed: the figures start at the click.
   */
  const rest = async (target: Page, x: number, y: number): Promise<void> => {
    for (let i = 0; i < DWELL_STEPS; i++) {
      await target.mouse.move(x - DWELL_STEPS + i, y);
      await sleep(DWELL_MS / DWELL_STEPS);
    }
    await target.mouse.move(x, y);
  };
  /** A click where the pointer already rests (`rest` first); ms from the button's release to the POST. */
  const click = async (target: Page, x: number, y: number): Promise<number | null> => {
    await target.mouse.move(x, y);
    await target.mouse.down();
    const posted = nextPost(3_000);
    clickedWall = Date.now();
    const t0 = performance.now();
    await target.mouse.up();
    const arrived = await posted;
    if (arrived === null) return null;
    arrivedWall = arrived.wall;
    return arrived.at - t0;
  };
  /** When the background got the last order message (wall clock, ms), by a listener added beside its own. */
  const watchBackground = async (): Promise<Worker> => {
    const worker = await browser.serviceWorker();
    await worker.evaluate(() => {
      const g = globalThis as unknown as ChromeStorageGlobal & { benchOrderAt?: number };
      if (g.benchOrderAt !== undefined) return;
      g.benchOrderAt = 0;
      g.chrome.runtime.onMessage.addListener((message) => {
        if ((message as { type?: unknown } | null)?.type === 'order.place') g.benchOrderAt = Date.now();
      });
    });
    return worker;
  };

  const result: ClickToOrder = {
    warm: [],
    cold: [],
    baseline: [],
    lost: { warm: 0, cold: 0, baseline: 0 },
    lostBecause: [],
    chartLostAfterRestart: 0,
    rounds: rounds + 3,
    warmSplit: { toBackground: [], inBackground: [] },
  };
  const because = new Map<string, number>();
  const keep = async (series: 'warm' | 'cold' | 'baseline', ms: number | null, round: number) => {
    // The first rounds warm up connections and code caches on both sides.
    if (round < 3) return;
    if (ms !== null) {
      result[series].push(ms);
      return;
    }
    result.lost[series]++;
    if (series === 'baseline') return;
    // The whole panel's text: a notice, a dialog or a disabled state says why the click did nothing.
    const said = await frame
      .evaluate(() => document.body.textContent ?? '')
      .catch(() => 'overlay unreadable');
    const pages = browser.context.pages().length;
    const text = `${series}, ${pages} tabs: ${said.replace(/\s+/g, ' ').trim()}`.slice(0, 110);
    because.set(text, (because.get(text) ?? 0) + 1);
  };
  for (let round = 0; round < rounds + 3; round++) {
    await fresh();
    await quiet(150);
    const worker = await watchBackground();
    const warmAt = await enterAt();
    await rest(page, warmAt.x, warmAt.y);
    const warm = await click(page, warmAt.x, warmAt.y);
    await keep('warm', warm, round);
    if (warm !== null && round >= 3) {
      const receivedAt = await worker.evaluate(
        () => (globalThis as unknown as { benchOrderAt: number }).benchOrderAt,
      );
      result.warmSplit.toBackground.push(receivedAt - clickedWall);
      result.warmSplit.inBackground.push(arrivedWall - receivedAt);
    }
    await quiet(150);
    await rest(plain, 120, 50);
    await keep('baseline', await click(plain, 120, 50), round);
    if (!withCold) continue;
    await fresh();
    await quiet(150);
    const coldAt = await enterAt();
    // The pointer rests first, then the worker stops: the click still meets a stopped worker.
    await rest(page, coldAt.x, coldAt.y);
    await browser.stopServiceWorker();
    const stoppedAt = Date.now();
    await keep('cold', await click(page, coldAt.x, coldAt.y), round);
    // A confirmation left open would swallow the next click.
    await overlay
      .getByRole('dialog')
      .getByRole('button', { name: 'Cancel' })
      .click({ timeout: 200 })
      .catch(() => {});
    // Let the overlay reconnect (it wakes the worker) before the next warm click.
    await sleep(Math.max(0, stoppedAt + OVERLAY_RECONNECT_MS + 150 - Date.now()));
    await quiet(200);
    if ((await overlay.getByTestId('chart-state').textContent()) !== 'ready') {
      result.chartLostAfterRestart++;
      await reportChartAgain(page, overlay);
    }
    if ((round + 1) % 10 === 0) log(`  ${round + 1}/${rounds + 3} rounds`);
  }
  result.lostBecause = [...because]
    .map(([text, count]) => ({ text, count }))
    .sort((a, b) => b.count - a.count);
  await plain.close();
  await page.close();
  return result;
}

/** A symbol change makes the content script report again: away and back, then wait until ready. */
async function reportChartAgain(page: Page, overlay: FrameLocator): Promise<void> {
  for (const symbol of ['QQQ', 'SPY']) {
    await page.evaluate((s) => {
      const demo = (window as unknown as { demo: { setSymbol(s: string, o: object): void } }).demo;
      demo.setSymbol(s, { exchangeDelayMs: 0, loading: false });
    }, symbol);
    await sleep(100);
  }
  await until('the chart ready again', async () =>
    (await overlay.getByTestId('chart-state').textContent()) === 'ready' ? true : null,
  );
}

async function measureSymbolSwitch(
  browser: ChromiumSession,
  switches: number,
  query = '',
): Promise<SymbolSwitch> {
  const { page, frame } = await openChart(browser, query);
  await frame.evaluate(() => {
    interface Marks {
      expect: string | null;
      shownAt: number | null;
      enabledAt: number | null;
    }
    const marks: Marks = { expect: null, shownAt: null, enabledAt: null };
    (globalThis as unknown as { benchMarks: Marks }).benchMarks = marks;
    // No named inner functions here: tsx would wrap them in a helper the frame does not have.
    new MutationObserver(() => {
      if (marks.expect === null) return;
      const symbol = (document.querySelector('[data-testid="chart-symbol"]')?.textContent ?? '').split(
        /\s/,
      )[0];
      if (symbol !== marks.expect) return;
      const t = Date.now();
      marks.shownAt ??= t;
      const state = document.querySelector('[data-testid="chart-state"]')?.textContent;
      const enter = Array.from(document.querySelectorAll('button')).find((b) =>
        b.textContent?.startsWith('Enter via bot'),
      );
      if (marks.enabledAt === null && state === 'ready' && enter && !enter.disabled) marks.enabledAt = t;
    }).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
    });
  });
  // Charts with a bot bound to them (DEMO_BINDINGS): elsewhere "Enter via bot" never shows.
  const symbols = ['QQQ', 'SPY', 'SPX'];
  const lateLegendDelayMs = 300;
  const result: SymbolSwitch = {
    shown: [],
    enabled: [],
    lateLegendEnabled: [],
    lateLegendDelayMs,
    settleMs: SETTLE_MS,
  };
  const one = async (symbol: string, late: boolean) => {
    await frame.evaluate((s) => {
      Object.assign((globalThis as unknown as { benchMarks: object }).benchMarks, {
        expect: s,
        shownAt: null,
        enabledAt: null,
      });
    }, symbol);
    const t0 = await page.evaluate(
      ({ s, late, delay }) => {
        const demo = (window as unknown as { demo: { setSymbol(s: string, o: object): void } }).demo;
        const t = Date.now();
        demo.setSymbol(s, late ? { exchangeDelayMs: delay } : { exchangeDelayMs: 0, loading: false });
        return t;
      },
      { s: symbol, late, delay: lateLegendDelayMs },
    );
    const marks = await until(
      `the overlay on ${symbol}`,
      () =>
        frame.evaluate(() => {
          const m = (
            globalThis as unknown as { benchMarks: { shownAt: number | null; enabledAt: number | null } }
          ).benchMarks;
          return m.shownAt !== null && m.enabledAt !== null
            ? { shownAt: m.shownAt, enabledAt: m.enabledAt }
            : null;
        }),
      10_000,
    );
    if (late) {
      result.lateLegendEnabled.push(marks.enabledAt - (t0 + lateLegendDelayMs));
    } else {
      result.shown.push(marks.shownAt - t0);
      result.enabled.push(marks.enabledAt - t0);
    }
    // Hold still past the settle time, as a trader reading the new chart would.
    await page.waitForTimeout(200);
  };
  for (let i = 0; i < switches; i++) await one(symbols[i % symbols.length] ?? 'SPY', false);
  for (let i = 0; i < Math.max(5, Math.floor(switches / 2)); i++)
    await one(symbols[i % symbols.length] ?? 'SPY', true);
  await page.close();
  return result;
}

/** Navigation start → DOMContentLoaded of the page's document, or -1 if the browser has no entry. */
function domContentLoaded(page: Page): Promise<number> {
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    return nav?.domContentLoadedEventEnd ?? -1;
  });
}

/** The row watch the popup's first row is timed by (set before the page's first script runs). */
async function watchRows(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const marks = { rowAt: -1, liveAt: -1 };
    (globalThis as unknown as { benchPopup: typeof marks }).benchPopup = marks;
    const ROWS = '[data-testid="trade-row"], [data-testid="bot-row"]';
    // No named inner functions here: tsx would wrap them in a helper the page does not have.
    new MutationObserver((_records, observer) => {
      for (const row of Array.from(document.querySelectorAll(ROWS))) {
        // A row counts once it is laid out with its text: real content, not an empty shell.
        if (row.getClientRects().length === 0 || (row.textContent ?? '').trim() === '') continue;
        if (marks.rowAt < 0) marks.rowAt = performance.now();
        if (marks.liveAt < 0 && !row.hasAttribute('data-cached')) marks.liveAt = performance.now();
      }
      if (marks.liveAt >= 0) observer.disconnect();
    }).observe(document, { subtree: true, childList: true });
  });
}

async function measurePopup(browser: ChromiumSession, opens: number): Promise<PopupOpen> {
  const result: PopupOpen = {
    warm: [],
    cold: [],
    warmLive: [],
    coldLive: [],
    domContentLoaded: [],
    domContentLoadedCold: [],
    blank: [],
    blankCold: [],
  };
  const blank = async (cold: boolean): Promise<void> => {
    if (cold) await browser.stopServiceWorker();
    const page = await browser.context.newPage();
    // Watched as the popup is, so the floor pays what the popup's measure pays.
    await watchRows(page);
    await page.goto(`${browser.extensionOrigin}/${BLANK_PAGE}`);
    const dcl = await domContentLoaded(page);
    if (dcl >= 0) (cold ? result.blankCold : result.blank).push(dcl);
    await page.close();
  };
  const one = async (cold: boolean): Promise<void> => {
    if (cold) await browser.stopServiceWorker();
    const page = await browser.context.newPage();
    await watchRows(page);
    await page.goto(`${browser.extensionOrigin}/popup.html`);
    const { rowAt, liveAt } = await until('live rows in the popup', () =>
      page.evaluate(() => {
        const m = (globalThis as unknown as { benchPopup: { rowAt: number; liveAt: number } }).benchPopup;
        return m.rowAt >= 0 && m.liveAt >= 0 ? m : null;
      }),
    );
    const dcl = await domContentLoaded(page);
    (cold ? result.cold : result.warm).push(rowAt);
    (cold ? result.coldLive : result.warmLive).push(liveAt);
    if (dcl >= 0) (cold ? result.domContentLoadedCold : result.domContentLoaded).push(dcl);
    await page.close();
  };
  // Warm-up: the first open compiles the popup's code.
  await one(false);
  result.warm.length = 0;
  result.warmLive.length = 0;
  result.domContentLoaded.length = 0;
  await blank(false);
  result.blank.length = 0;
  for (let i = 0; i < opens; i++) {
    await one(false);
    await blank(false);
  }
  for (let i = 0; i < Math.max(5, Math.floor(opens / 3)); i++) {
    await one(true);
    await sleep(OVERLAY_RECONNECT_MS);
    await blank(true);
    await sleep(OVERLAY_RECONNECT_MS);
  }
  return result;
}

/** Functions of the content script by what they do, found by text that survives minification. */
function contentScriptRoles(source: string) {
  const containing = (needle: string): number[] => {
    const at: number[] = [];
    for (let i = source.indexOf(needle); i >= 0; i = source.indexOf(needle, i + 1)) at.push(i);
    return at;
  };
  // The argument of each `new MutationObserver(` / `new ResizeObserver(`: an arrow or a named function.
  const observerStarts: number[] = [];
  for (const m of source.matchAll(/new (?:Mutation|Resize)Observer\(/g)) {
    const start = (m.index ?? 0) + m[0].length;
    const name = /^([\w$]+)\)/.exec(source.slice(start))?.[1];
    if (!name) {
      observerStarts.push(start);
      continue;
    }
    const declared = new RegExp(
      `function ${name.replace(/\$/g, '\\$')}\\(|[,{;\\s]${name.replace(/\$/g, '\\$')}=`,
    ).exec(source);
    if (declared) {
      const text = declared[0];
      observerStarts.push(text.startsWith('function') ? declared.index : declared.index + text.length);
    }
  }
  return {
    titleChecks: containing('.titleChecks++'),
    reads: containing('.reads++'),
    sends: containing('.sends++'),
    styleWrites: containing('"important"'),
    sendMessage: containing('.sendMessage('),
    observerStarts,
  };
}

interface CoverageFunction {
  ranges: { startOffset: number; endOffset: number; count: number }[];
}

/** Calls of the innermost function around each offset, summed. */
function callsAround(functions: CoverageFunction[], offsets: number[]): number {
  let total = 0;
  for (const offset of offsets) {
    let best: { size: number; count: number } | null = null;
    for (const f of functions) {
      const r = f.ranges[0];
      if (!r || r.startOffset > offset || r.endOffset <= offset) continue;
      const size = r.endOffset - r.startOffset;
      if (best === null || size < best.size) best = { size, count: r.count };
    }
    total += best?.count ?? 0;
  }
  return total;
}

function callsStartingAt(functions: CoverageFunction[], starts: number[]): number {
  let total = 0;
  for (const f of functions) {
    const r = f.ranges[0];
    if (r && starts.includes(r.startOffset)) total += r.count;
  }
  return total;
}

async function measureIdle(browser: ChromiumSession, options: BrowserBenchOptions): Promise<IdleCost> {
  const page = await browser.context.newPage();
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  // Started before the content script loads, so every one of its functions is counted.
  await cdp.send('Profiler.startPreciseCoverage', { callCount: true, detailed: false });
  await page.goto(`${CHART}?tick=5`);
  const overlay = page.frameLocator('iframe[src*="/overlay.html"]');
  await overlay.locator('.ct-mode').waitFor({ timeout: 15_000 });
  await until('a ready chart', async () =>
    (await overlay.getByTestId('chart-state').textContent()) === 'ready' ? true : null,
  );
  await page.waitForTimeout(2_000);

  const worker = await browser.serviceWorker();
  await worker.evaluate(() => {
    const g = globalThis as unknown as ChromeStorageGlobal & { benchMessages?: Record<string, number> };
    if (g.benchMessages) return;
    const counts: Record<string, number> = {};
    g.benchMessages = counts;
    g.chrome.runtime.onMessage.addListener((message) => {
      const type = String((message as { type?: unknown } | null)?.type ?? 'other');
      counts[type] = (counts[type] ?? 0) + 1;
    });
  });
  await worker.evaluate(() => {
    const g = globalThis as unknown as { benchMessages: Record<string, number> };
    for (const key of Object.keys(g.benchMessages)) delete g.benchMessages[key];
  });
  await page.evaluate(() => {
    const counts = { extension: 0, page: 0 };
    (window as unknown as { benchMutations: typeof counts }).benchMutations = counts;
    const frame = document.querySelector('iframe[src*="/overlay.html"]');
    const ours = new Set<Node>(frame ? [frame, ...(frame.parentElement ? [frame.parentElement] : [])] : []);
    new MutationObserver((records) => {
      for (const r of records) {
        const touchesOurs =
          ours.has(r.target) ||
          Array.from(r.addedNodes).some((n) => ours.has(n)) ||
          Array.from(r.removedNodes).some((n) => ours.has(n));
        if (touchesOurs) counts.extension++;
        else counts.page++;
      }
    }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  await cdp.send('Profiler.takePreciseCoverage');
  await page.waitForTimeout(options.idleSampleMs);
  const coverage = await cdp.send('Profiler.takePreciseCoverage');
  const mutations = await page.evaluate(
    () => (window as unknown as { benchMutations: { extension: number; page: number } }).benchMutations,
  );
  const backgroundMessages = await worker.evaluate(() => ({
    ...(globalThis as unknown as { benchMessages: Record<string, number> }).benchMessages,
  }));

  const script = coverage.result.find((s) => /\/content-scripts\/tradingview\.js$/.test(s.url));
  const source = readFileSync(join(options.extensionDir, 'content-scripts', 'tradingview.js'), 'utf8');
  const roles = contentScriptRoles(source);
  const fns: CoverageFunction[] = script?.functions ?? [];
  const idle: IdleCost = {
    sampleMs: options.idleSampleMs,
    titleChecks: callsAround(fns, roles.titleChecks),
    reads: callsAround(fns, roles.reads),
    sends: callsAround(fns, roles.sends),
    observerCallbacks: callsStartingAt(fns, roles.observerStarts),
    styleWrites: callsAround(fns, roles.styleWrites),
    sendMessageCalls: callsAround(fns, roles.sendMessage),
    // The script's top level runs once at load; after the reset every count is a call in the sample.
    allFunctionCalls: fns.reduce((sum, f) => sum + (f.ranges[0]?.count ?? 0), 0),
    extensionDomMutations: mutations.extension,
    pageDomMutations: mutations.page,
    backgroundMessages,
    contentScriptSeen: script !== undefined,
  };
  await cdp.send('Profiler.stopPreciseCoverage');
  await cdp.detach();
  await page.close();
  return idle;
}

/**
 * Heaps on a fresh chart tab (coverage keeps extra data, so not the idle tab) beside the same demo page
 * opened at the same moment where the content script does not run.
 */
async function measureMemory(
  browser: ChromiumSession,
): Promise<{ chartHeap: number[]; pageHeap: number[]; overlayHeap: number }> {
  const bare = await browser.context.newPage();
  const [{ page }] = await Promise.all([openChart(browser, '?tick=5'), bare.goto(`${BARE_DEMO}?tick=5`)]);
  await page.waitForTimeout(3_000);
  const cdp = await browser.context.newCDPSession(page);
  const bareCdp = await browser.context.newCDPSession(bare);
  const chartHeap: number[] = [];
  const pageHeap: number[] = [];
  for (let i = 0; i < 5; i++) {
    chartHeap.push(await usedHeap(cdp));
    pageHeap.push(await usedHeap(bareCdp));
    await sleep(300);
  }
  await bareCdp.detach();
  await bare.close();
  const frame = page.frames().find((f) => f.url().includes('/overlay.html'));
  let overlayHeap = Number.NaN;
  if (frame) {
    const frameCdp = await browser.context.newCDPSession(frame);
    overlayHeap = await usedHeap(frameCdp);
    await frameCdp.detach();
  }
  await cdp.detach();
  await page.close();
  return { chartHeap, pageHeap, overlayHeap };
}

async function usedHeap(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}

/** The worker has no Playwright CDP session: reach it through the browser's target domain. */
async function workerHeap(browser: ChromiumSession): Promise<number | null> {
  await browser.serviceWorker();
  const root = browser.context.browser();
  if (!root) return null;
  const cdp = await root.newBrowserCDPSession();
  try {
    const { targetInfos } = await cdp.send('Target.getTargets');
    const target = targetInfos.find(
      (t) => t.type === 'service_worker' && t.url.startsWith(browser.extensionOrigin),
    );
    if (!target) return null;
    const { sessionId } = await cdp.send('Target.attachToTarget', {
      targetId: target.targetId,
      flatten: false,
    });
    const pending = new Map<number, (result: unknown) => void>();
    cdp.on('Target.receivedMessageFromTarget', (event) => {
      const message = JSON.parse(event.message) as { id?: number; result?: unknown };
      if (message.id !== undefined) pending.get(message.id)?.(message.result);
    });
    let id = 0;
    const send = (method: string) =>
      new Promise<unknown>((ok, fail) => {
        const mine = ++id;
        pending.set(mine, ok);
        setTimeout(() => fail(new Error(`${method} timed out`)), 5_000);
        void cdp.send('Target.sendMessageToTarget', {
          sessionId,
          message: JSON.stringify({ id: mine, method }),
        });
      });
    await send('HeapProfiler.collectGarbage');
    const usage = (await send('Runtime.getHeapUsage')) as { usedSize?: number };
    await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => {});
    return usage.usedSize ?? null;
  } finally {
    await cdp.detach().catch(() => {});
  }
}
