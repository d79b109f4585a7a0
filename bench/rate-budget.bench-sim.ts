import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createConnections } from '@/entrypoints/background/connection';
import { createService } from '@/entrypoints/background/service';
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

/**
 * An hour of a busy trader's day on the sandbox clock, through the real background service (guard →
 * budget → client → journal) in Live mode against the sandbox: two open views polling every 30 s,
 * three chart tabs whose overlays reconnect when the worker restarts, orders at random times and in
 * bursts, including one minute with more orders than the share. Writes bench/tmp/rate-budget.json.
 */

const OUT = new URL('./tmp/rate-budget.json', import.meta.url);

const SECRET = '3f1c2b7a-9d4e-4c1b-8a2f-6e5d4c3b2a10';
const T0 = Date.UTC(2026, 10, 25, 15, 0, 0);
const HOUR = 3_600_000;
const WINDOW = 60_000;

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
  | { at: number; kind: 'poll'; view: string }
  | { at: number; kind: 'reconnect'; tab: number }
  | { at: number; kind: 'switch'; tab: number; symbol: string }
  | { at: number; kind: 'order'; tab: number | null; exit: boolean };

interface Sent {
  at: number;
  method: string;
  status: number;
}

it('simulates an hour of polling, chart tabs and orders under the rate budget', async () => {
  fakeBrowser.reset();
  const rnd = random(20261125);
  let t = T0;
  const now = () => t;
  const sandbox = createSandbox({ secret: SECRET, now, timeZone: 'UTC' });
  const sent: Sent[] = [];
  const connections = createConnections({
    liveFetch: async (request) => {
      const response = await sandbox.fetch(request);
      sent.push({ at: t, method: request.method, status: response.status });
      return response;
    },
  });
  const symbols = ['SPY', 'QQQ', 'SPX'];
  const tabs = symbols.map((symbol) => ({ symbol, changedAt: T0 }));
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
      return shown
        ? { report: shown, frameId: 1, frameKey: '00000000-0000-4000-8000-000000000001', frameProblem: null }
        : null;
    },
    onChange: () => {},
  });
  await secretItem.setValue({ value: SECRET, savedAt: T0 });
  await modeItem.setValue('live');
  // The trader's bindings: an overlay enters only through a bot bound to the chart's underlying.
  await botBindingsItem.setValue(DEMO_BINDINGS);
  const settings = DEFAULT_SETTINGS;

  const events: Event[] = [];
  for (const [view, phase] of [
    ['popup', 0],
    ['options', 7_000],
  ] as const) {
    for (let at = T0 + phase; at < T0 + HOUR; at += 30_000) events.push({ at, kind: 'poll', view });
  }
  // Chrome restarts an idle worker; every overlay reconnects and asks for fresh reads.
  for (let at = T0; at < T0 + HOUR; at += 5 * 60_000) {
    for (let tab = 0; tab < tabs.length; tab++) events.push({ at: at + tab * 1_000, kind: 'reconnect', tab });
  }
  for (let at = T0 + 20_000; at < T0 + HOUR; at += 40_000 + rnd() * 160_000) {
    const tab = Math.floor(rnd() * tabs.length);
    events.push({ at, kind: 'switch', tab, symbol: symbols[Math.floor(rnd() * symbols.length)] ?? 'SPY' });
  }
  // Random orders: about one a minute on average, from the popup or a chart.
  for (let at = T0 + 5_000; at < T0 + HOUR; at += -Math.log(1 - rnd()) * 60_000) {
    const from = Math.floor(rnd() * 4);
    events.push({ at, kind: 'order', tab: from < 3 ? from : null, exit: rnd() < 0.4 });
  }
  // Bursts: a trader entering and closing out fast (12 in 30 s), and one minute with more orders than the share.
  for (const start of [T0 + 15 * 60_000, T0 + 35 * 60_000]) {
    for (let i = 0; i < 12; i++)
      events.push({ at: start + i * 2_500, kind: 'order', tab: i % 3, exit: i % 2 === 1 });
  }
  const stressStart = T0 + 50 * 60_000;
  const stressOrders = settings.budgetShare + 10;
  for (let i = 0; i < stressOrders; i++) {
    events.push({ at: stressStart + i * 900, kind: 'order', tab: i % 3, exit: i % 3 === 2 });
  }
  events.sort((a, b) => a.at - b.at);

  const enterBots = [SPY_CREDIT_SPREAD_BOT, QQQ_SHORT_PUT_BOT, SPX_IRON_CONDOR_BOT, GENERIC_BOT];
  // From a chart the trader enters through the bot bound to what it shows, as the overlay offers.
  const chartBot: Record<string, number> = {
    SPY: SPY_CREDIT_SPREAD_BOT,
    QQQ: QQQ_SHORT_PUT_BOT,
    SPX: SPX_IRON_CONDOR_BOT,
  };
  const FRAME = { frameId: 1, frameKey: '00000000-0000-4000-8000-000000000001' };
  let nthEnter = 0;
  const orders: {
    at: number;
    status: string;
    reason: string | null;
    ordersInWindow: number;
    wallMs: number;
  }[] = [];
  for (const event of events) {
    t = event.at;
    if (event.kind === 'poll' || event.kind === 'reconnect') {
      await service.refreshReads();
    } else if (event.kind === 'switch') {
      const chart = tabs[event.tab];
      if (chart && chart.symbol !== event.symbol)
        Object.assign(chart, { symbol: event.symbol, changedAt: t });
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
      const chart = event.tab === null ? null : report(event.tab);
      // A trader clicks once the chart has settled.
      if (chart && chart.state !== 'ready') t = chart.changedAt + 600;
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
    await service.settled();
  }

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
  const heldForBudget = orders.filter((o) => o.reason === 'budget' || o.reason === 'blocked');
  const heldWhileReserveHeld = heldForBudget.filter((o) => o.ordersInWindow < settings.orderReserve);
  const result = {
    simulatedMs: HOUR,
    share: settings.budgetShare,
    reserve: settings.orderReserve,
    apiLimit: RATE_LIMIT,
    requests: sent.length,
    reads: sent.filter((s) => s.method === 'GET').length,
    ordersSent: sent.filter((s) => s.method === 'POST').length,
    ordersTried: orders.length,
    maxInAnyWindow: maxInWindow,
    maxWindowEndsAtMin: Math.round((maxAt - T0) / 60_000),
    status429: sent.filter((s) => s.status === 429).length,
    ordersHeldForBudget: heldForBudget.length,
    ordersHeldWhileReserveHeld: heldWhileReserveHeld.length,
    stressMinute: { orders: stressOrders, share: settings.budgetShare },
    // The service never queues: a placed order goes at the click, on the sandbox clock.
    budgetDelayMs: 0,
    heldReasons: Object.fromEntries(
      [...new Set(orders.map((o) => o.reason ?? o.status))].map((r) => [
        r,
        orders.filter((o) => (o.reason ?? o.status) === r).length,
      ]),
    ),
    serviceWallMs: orders.map((o) => o.wallMs),
  };
  mkdirSync(dirname(OUT.pathname), { recursive: true });
  writeFileSync(OUT, JSON.stringify(result, null, 2));
  expect(result.requests).toBeGreaterThan(100);
});
