import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { expect, it } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import { fakeBrowser } from 'wxt/testing';
import { createConnections } from '@/entrypoints/background/connection';
import { createPnlReads, PNL_PERIOD_MS } from '@/entrypoints/background/pnl-reads';
import { identify } from '@/entrypoints/background/sender';
import { createService } from '@/entrypoints/background/service';
import { createViewPorts } from '@/entrypoints/background/view-ports';
import { createViewReads } from '@/entrypoints/background/view-reads';
import { botId, type Order, tradeId } from '@/lib/api/types';
import type { ChartReport } from '@/lib/chart/types';
import {
  createSandbox,
  DEMO_BINDINGS,
  GENERIC_BOT,
  QQQ_SHORT_PUT_BOT,
  RATE_LIMIT,
  SPX_IRON_CONDOR_BOT,
  SPY_CREDIT_SPREAD_BOT,
} from '@/lib/sandbox';
import { botBindingsItem, DEFAULT_SETTINGS, modeItem, secretItem } from '@/lib/storage/items';
import { type FakePort, fakePort } from '../tests/unit/ports';
import { pageSender } from '../tests/unit/senders';
import { simTime } from '../tests/unit/sim-time';
import { percentile, round } from './stats';

/**
 * An hour of a busy trader's day on the sandbox clock, through the real background (view ports →
 * P&L schedule → service: guard → budget → client → journal) in Live mode against the sandbox. Three
 * chart tabs keep an overlay open all hour; the trader is at the screen in stretches (one chart tab in
 * front at a time, the popup opened now and then) and away in between; the worker restarts every 5
 * minutes and every view reconnects; orders at random times while the trader is there, in bursts,
 * and one minute with more orders than the share. The same hour runs twice: with the P&L schedule,
 * and with the 30 s polling of every open view it replaced (the baseline). Writes
 * bench/tmp/rate-budget.json.
 */

const OUT = new URL('./tmp/rate-budget.json', import.meta.url);

const SECRET = '3f1c2b7a-9d4e-4c1b-8a2f-6e5d4c3b2a10';
const T0 = Date.UTC(2026, 10, 25, 15, 0, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;
const WINDOW = 60_000;
const FRAME_KEY = '00000000-0000-4000-8000-000000000001';
const FRAME = { frameId: 1, frameKey: FRAME_KEY };
/** The worker's life: Chrome stops it and every view reconnects this often. */
const RESTART_EVERY = 5 * MIN;
/** When the trader is at the screen (minutes from the start); away in between. */
const AT_SCREEN: [number, number][] = [
  [0, 11],
  [14, 26],
  [33, 44],
  [48, 56],
];

type Policy = 'pnl' | 'poll30s';
/** The minute with more orders than the share. */
const STRESS_ORDERS = DEFAULT_SETTINGS.budgetShare + 10;

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Event =
  | { at: number; kind: 'sample' }
  | { at: number; kind: 'screen'; on: boolean }
  | { at: number; kind: 'popup'; open: boolean }
  | { at: number; kind: 'restart' }
  | { at: number; kind: 'reconnect' }
  | { at: number; kind: 'switch'; tab: number; symbol: string }
  | { at: number; kind: 'order'; tab: number | null; exit: boolean };

interface Sent {
  at: number;
  method: string;
  status: number;
  /** Whether any view was on screen when the request went. */
  shown: boolean;
}

const atScreen = (at: number) => AT_SCREEN.some(([a, b]) => at >= T0 + a * MIN && at < T0 + b * MIN);

/** The hour's events, the same for both policies (the orders' targets follow the account as it goes). */
function hourOf(rnd: () => number, symbols: string[]): Event[] {
  const events: Event[] = [];
  for (let at = T0; at < T0 + HOUR; at += 1_000) events.push({ at, kind: 'sample' });
  for (const [a, b] of AT_SCREEN) {
    events.push(
      { at: T0 + a * MIN, kind: 'screen', on: true },
      { at: T0 + b * MIN, kind: 'screen', on: false },
    );
    // The popup, opened now and then while the trader is there, for 15-60 s.
    for (let at = T0 + a * MIN + 30_000 + rnd() * 60_000; at < T0 + b * MIN - 60_000; ) {
      const open = 15_000 + rnd() * 45_000;
      events.push({ at, kind: 'popup', open: true }, { at: at + open, kind: 'popup', open: false });
      at += open + 2 * MIN + rnd() * 4 * MIN;
    }
  }
  // Chrome restarts the worker; every view reconnects a second later.
  for (let at = T0 + RESTART_EVERY; at < T0 + HOUR; at += RESTART_EVERY) {
    events.push({ at, kind: 'restart' }, { at: at + 1_000, kind: 'reconnect' });
  }
  // The trader changes the symbol of a chart tab (and so brings that tab to the front).
  for (let at = T0 + 20_000; at < T0 + HOUR; at += 40_000 + rnd() * 160_000) {
    const tab = Math.floor(rnd() * symbols.length);
    events.push({ at, kind: 'switch', tab, symbol: symbols[Math.floor(rnd() * symbols.length)] ?? 'SPY' });
  }
  // Random orders while the trader is at the screen: about one a minute, from the popup or a chart.
  for (let at = T0 + 5_000; at < T0 + HOUR; at += -Math.log(1 - rnd()) * 60_000) {
    const from = Math.floor(rnd() * 4);
    const exit = rnd() < 0.4;
    if (atScreen(at)) events.push({ at, kind: 'order', tab: from < 3 ? from : null, exit });
  }
  // Bursts: a trader entering and closing out fast (12 in 30 s), and one minute with more orders than the share.
  for (const start of [T0 + 15 * MIN, T0 + 35 * MIN]) {
    for (let i = 0; i < 12; i++)
      events.push({ at: start + i * 2_500, kind: 'order', tab: i % 3, exit: i % 2 === 1 });
  }
  const stressStart = T0 + 50 * MIN;
  for (let i = 0; i < STRESS_ORDERS; i++) {
    events.push({ at: stressStart + i * 900, kind: 'order', tab: i % 3, exit: i % 3 === 2 });
  }
  return events.sort((a, b) => a.at - b.at);
}

interface View {
  name: string;
  sender: Runtime.MessageSender;
  tab: number | null;
  port: FakePort | null;
}

async function simulate(policy: Policy) {
  fakeBrowser.reset();
  const rnd = random(20261125);
  let t = T0;
  const now = () => t;
  const time = simTime({
    now,
    advance: (ms) => {
      t += ms;
    },
  });
  const sandbox = createSandbox({ secret: SECRET, now, timeZone: 'UTC' });
  const sent: Sent[] = [];

  const symbols = ['SPY', 'QQQ', 'SPX'];
  const tabs = symbols.map((symbol) => ({ symbol, changedAt: T0 }));
  const views: View[] = [
    { name: 'view', sender: pageSender('popup.html'), tab: null, port: null },
    ...tabs.map((_, tab) => ({
      name: `view:${FRAME_KEY}`,
      sender: pageSender('overlay.html', tab),
      tab,
      port: null,
    })),
  ];
  let screen = false;
  let frontTab = 0;
  let popupOpen = false;
  /** Whether the trader can see this view now. */
  const seen = (v: View) => screen && (v.tab === null ? popupOpen : v.tab === frontTab);
  const anySeen = () => views.some((v) => v.port !== null && seen(v));

  const connections = createConnections({
    liveFetch: async (request) => {
      const response = await sandbox.fetch(request);
      sent.push({ at: t, method: request.method, status: response.status, shown: anySeen() });
      return response;
    },
  });
  const report = (tab: number): ChartReport | null => {
    const chart = tabs[tab];
    if (!chart) return null;
    return {
      symbol: chart.symbol,
      exchange: null,
      underlying: chart.symbol,
      state: t - chart.changedAt >= 600 ? 'ready' : 'settling',
      reason: '',
      changedAt: chart.changedAt,
      theme: 'light',
    };
  };
  const service = createService({
    connections,
    now,
    rereadChart: async (tabId) => {
      const shown = report(tabId);
      return shown ? { report: shown, ...FRAME, frameProblem: null } : null;
    },
    onChange: () => {},
  });
  await secretItem.setValue({ value: SECRET, savedAt: T0 });
  await modeItem.setValue('live');
  // The trader's bindings: an overlay enters only through a bot bound to the chart's underlying.
  await botBindingsItem.setValue(DEMO_BINDINGS);
  const settings = DEFAULT_SETTINGS;

  /**
   * The worker's memory: its ports and schedule. The baseline is the policy this replaced: every
   * open view polled every 30 s, seen or not (as if each said it was on screen), within the budget.
   */
  function startWorker() {
    const pnlReads = createPnlReads({
      now,
      read: () => service.refreshReads(),
      tradesAt: () => service.tradesAt(),
      readRoom: policy === 'pnl' ? () => service.readRoom() : async () => Number.POSITIVE_INFINITY,
      periodMs: policy === 'pnl' ? PNL_PERIOD_MS : 30_000,
      setTimer: time.setTimer,
      clearTimer: time.clearTimer,
    });
    const ports = createViewPorts({
      classify: async (sender, frameKey) => identify(sender, () => FRAME, frameKey),
      viewState: () => service.viewState(),
      refreshReads: () => service.refreshReads(),
      viewReads: createViewReads(now),
      pnlReads,
    });
    return { pnlReads, ports };
  }
  let worker = startWorker();
  const settle = async () => {
    await worker.pnlReads.settled();
    await service.settled();
  };
  /** What a view says over its port: whether it is seen (the baseline: that it is open). */
  const says = (v: View) => ({ type: 'view.visibility', visible: policy === 'pnl' ? seen(v) : true });
  const said = new Map<View, boolean>();
  function tell(v: View): void {
    const message = says(v);
    if (v.port === null || said.get(v) === message.visible) return;
    said.set(v, message.visible);
    v.port.say(message);
  }
  async function connect(v: View): Promise<void> {
    const port = fakePort(v.name, v.sender);
    v.port = port;
    said.delete(v);
    const connecting = worker.ports.connect(port);
    tell(v);
    await connecting;
  }
  const tellAll = () => {
    for (const v of views) tell(v);
  };

  const enterBots = [SPY_CREDIT_SPREAD_BOT, QQQ_SHORT_PUT_BOT, SPX_IRON_CONDOR_BOT, GENERIC_BOT];
  // From a chart the trader enters through the bot bound to what it shows, as the overlay offers.
  const chartBot: Record<string, number> = {
    SPY: SPY_CREDIT_SPREAD_BOT,
    QQQ: QQQ_SHORT_PUT_BOT,
    SPX: SPX_IRON_CONDOR_BOT,
  };
  let nthEnter = 0;
  const orders: {
    at: number;
    status: string;
    reason: string | null;
    ordersInWindow: number;
    wallMs: number;
  }[] = [];
  /** P&L age (s) each second some view was seen, and the seconds seen and unseen. */
  const ages: number[] = [];
  let unseenSeconds = 0;

  // The chart tabs are open from the start, in the background until the trader sits down.
  for (const v of views) if (v.tab !== null) await connect(v);
  for (const event of hourOf(rnd, symbols)) {
    await time.advance(Math.max(0, event.at - t), settle);
    if (event.kind === 'sample') {
      if (anySeen()) {
        const at = await service.tradesAt();
        ages.push(at === null ? Number.POSITIVE_INFINITY : (t - at) / 1000);
      } else unseenSeconds += 1;
    } else if (event.kind === 'screen') {
      screen = event.on;
      if (!screen && popupOpen) {
        popupOpen = false;
        const popup = views[0];
        popup?.port?.close();
        if (popup) popup.port = null;
      }
      tellAll();
    } else if (event.kind === 'popup') {
      const popup = views[0];
      if (!popup || (event.open && !screen) || event.open === popupOpen) continue;
      popupOpen = event.open;
      if (event.open) await connect(popup);
      else {
        popup.port?.close();
        popup.port = null;
      }
    } else if (event.kind === 'restart') {
      // The worker stops: every port closes, its memory goes (storage stays).
      for (const v of views) {
        v.port?.close();
        v.port = null;
      }
      worker = startWorker();
    } else if (event.kind === 'reconnect') {
      for (const v of views) if (v.tab !== null || popupOpen) await connect(v);
    } else if (event.kind === 'switch') {
      const chart = tabs[event.tab];
      if (chart && chart.symbol !== event.symbol)
        Object.assign(chart, { symbol: event.symbol, changedAt: t });
      frontTab = event.tab;
      tellAll();
    } else {
      const state = await service.viewState();
      const open = state.openTrades;
      const target = event.exit && open.length > 0 ? open[Math.floor(rnd() * open.length)] : undefined;
      const order: Order = target
        ? { kind: 'exitTrade', trade: tradeId(target.id) }
        : {
            kind: 'enterBot',
            bot: botId(
              (event.tab !== null ? chartBot[tabs[event.tab]?.symbol ?? ''] : undefined) ??
                enterBots[nthEnter++ % enterBots.length] ??
                GENERIC_BOT,
            ),
          };
      // The trader clicks on that chart's overlay: its tab is the one in front.
      if (event.tab !== null && event.tab !== frontTab) {
        frontTab = event.tab;
        tellAll();
      }
      const chart = event.tab === null ? null : report(event.tab);
      // A trader clicks once the chart has settled.
      if (chart && chart.state !== 'ready') await time.advance(chart.changedAt + 600 - t, settle);
      const ordersInWindow = sent.filter((s) => s.method === 'POST' && s.at > t - WINDOW).length;
      const started = performance.now();
      const reply = await service.placeOrder({
        order,
        from: event.tab === null ? 'popup' : 'overlay',
        confirmed: true,
        tabId: event.tab,
        chartSymbol: chart?.underlying ?? undefined,
        // The overlay's own bound frame, as the re-read above names it.
        ...(event.tab === null ? {} : { frame: FRAME }),
      });
      orders.push({
        at: t,
        status: reply.status,
        reason: reply.status === 'held' ? reply.reason : null,
        ordersInWindow,
        wallMs: performance.now() - started,
      });
    }
    await settle();
  }
  for (const v of views) v.port?.close();

  let maxInWindow = 0;
  let maxAt = T0;
  for (let i = 0, j = 0; i < sent.length; i++) {
    const at = sent[i]?.at ?? 0;
    while (j < i && (sent[j]?.at ?? 0) <= at - WINDOW) j++;
    if (i - j + 1 > maxInWindow) {
      maxInWindow = i - j + 1;
      maxAt = at;
    }
  }
  const reads = sent.filter((s) => s.method === 'GET');
  const sorted = [...ages].sort((a, b) => a - b);
  const seenMinutes = ages.length / 60;
  const unseenMinutes = unseenSeconds / 60;
  const readsSeen = reads.filter((r) => r.shown).length;
  const pnl = {
    periodS: (policy === 'pnl' ? PNL_PERIOD_MS : 30_000) / 1000,
    seenMinutes: round(seenMinutes, 1),
    unseenMinutes: round(unseenMinutes, 1),
    ageP50S: round(percentile(sorted, 50), 1),
    ageP95S: round(percentile(sorted, 95), 1),
    ageMaxS: round(sorted[sorted.length - 1] ?? Number.NaN, 1),
    readsSeen,
    readsUnseen: reads.length - readsSeen,
    readsPerMinSeen: round(readsSeen / Math.max(seenMinutes, 1 / 60), 2),
    readsPerMinUnseen: round((reads.length - readsSeen) / Math.max(unseenMinutes, 1 / 60), 2),
  };

  const heldForBudget = orders.filter((o) => o.reason === 'budget' || o.reason === 'blocked');
  const heldWhileReserveHeld = heldForBudget.filter((o) => o.ordersInWindow < settings.orderReserve);
  return {
    simulatedMs: HOUR,
    share: settings.budgetShare,
    reserve: settings.orderReserve,
    apiLimit: RATE_LIMIT,
    requests: sent.length,
    reads: reads.length,
    ordersSent: sent.filter((s) => s.method === 'POST').length,
    ordersTried: orders.length,
    maxInAnyWindow: maxInWindow,
    maxWindowEndsAtMin: Math.round((maxAt - T0) / 60_000),
    status429: sent.filter((s) => s.status === 429).length,
    ordersHeldForBudget: heldForBudget.length,
    ordersHeldWhileReserveHeld: heldWhileReserveHeld.length,
    stressMinute: { orders: STRESS_ORDERS, share: settings.budgetShare },
    // The service never queues: a placed order goes at the click, on the sandbox clock.
    budgetDelayMs: 0,
    heldReasons: Object.fromEntries(
      [...new Set(orders.map((o) => o.reason ?? o.status))].map((r) => [
        r,
        orders.filter((o) => (o.reason ?? o.status) === r).length,
      ]),
    ),
    pnl,
    serviceWallMs: orders.map((o) => o.wallMs),
  };
}

it('simulates an hour of views seen and unseen, chart tabs and orders under the rate budget', async () => {
  const baseline = await simulate('poll30s');
  const result = { ...(await simulate('pnl')), baseline: { pnl: baseline.pnl, reads: baseline.reads } };
  mkdirSync(dirname(OUT.pathname), { recursive: true });
  writeFileSync(OUT, JSON.stringify(result, null, 2));
  expect(result.requests).toBeGreaterThan(100);
  expect(result.pnl.seenMinutes).toBeGreaterThan(10);
  expect(result.pnl.unseenMinutes).toBeGreaterThan(5);
});
