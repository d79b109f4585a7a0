import { afterAll, afterEach, beforeEach, expect, vi } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import { fakeBrowser } from 'wxt/testing';
import { createChartTabs } from '@/entrypoints/background/chart-tabs';
import { createConnections } from '@/entrypoints/background/connection';
import { createRouter, type Envelope } from '@/entrypoints/background/messages';
import { createService } from '@/entrypoints/background/service';
import { type BotId, botId, type Order, type TradeId, tradeId } from '@/lib/api/types';
import type { ChartReport } from '@/lib/chart/types';
import type { Request as BackgroundRequest, ReplyMap, RequestType } from '@/lib/messaging/protocol';
import {
  createSandbox,
  DEMO_BINDINGS,
  GENERIC_BOT,
  PAPER_SECRET,
  QQQ_SHORT_PUT_BOT,
  type Sandbox,
  SPX_IRON_CONDOR_BOT,
  SPY_CREDIT_SPREAD_BOT,
} from '@/lib/sandbox';
import { botBindingsItem, modeItem, secretItem, settingsItem } from '@/lib/storage/items';
import { OVERLAY_FRAME, OVERLAY_KEY, rereadOf, pageSender as sharedPageSender } from '../unit/senders';

/**
 * One background as the worker builds it (connections → service → router), its Live API answered
 * by a sandbox on a test clock, and every reply, error and console line kept for the secret audit.
 */

/** The known Live secret: a run passes only if none of its texts contains it, whole or in part. */
export const LIVE_SECRET = 'f4c3b00c-1e55-4b1d-9a0f-5ec2e7a11d1e';
/** Pieces distinctive enough that finding one means the secret leaked (a request id never holds them). */
const SECRET_PIECES = [LIVE_SECRET, encodeURIComponent(LIVE_SECRET), 'f4c3b00c', '5ec2e7a11d1e'];
export const T0 = Date.UTC(2026, 10, 25, 15, 0, 0);

interface SeededTrade {
  id: number;
  bot: number;
  contracts: number;
}

/** The seeded account's open trades (see lib/sandbox/account.ts seedAccount), found by bot, not by id. */
export function seededTrades(sandbox: Sandbox) {
  const trades = (sandbox.snapshot() as { trades: SeededTrade[] }).trades;
  const of = (bot: number, pick: (list: SeededTrade[]) => SeededTrade | undefined = (l) => l[0]): TradeId => {
    const trade = pick(trades.filter((t) => t.bot === bot));
    if (!trade) throw new Error(`The sandbox account has no seeded trade of bot ${bot}.`);
    return tradeId(trade.id);
  };
  return {
    qqq: of(QQQ_SHORT_PUT_BOT),
    spy: of(SPY_CREDIT_SPREAD_BOT),
    spxTriple: of(SPX_IRON_CONDOR_BOT, (list) => list.find((t) => t.contracts > 1)),
  };
}

export type OrderKindName = Order['kind'];

/** One order of each kind, each one the seeded account accepts. */
export function ordersFor(sandbox: Sandbox): Record<OrderKindName, Order> {
  const trades = seededTrades(sandbox);
  return {
    enterBot: { kind: 'enterBot', bot: botId(SPY_CREDIT_SPREAD_BOT) },
    enterLegs: {
      kind: 'enterLegs',
      bot: botId(GENERIC_BOT),
      legs: [
        { symbol: 'SPY', quantity: -1, expiration: '2026-12-18', type: 'put', strike: 560 },
        { symbol: 'SPY', quantity: 1, expiration: '2026-12-18', type: 'put', strike: 555 },
      ],
    },
    exitTrade: { kind: 'exitTrade', trade: trades.qqq },
    closeBot: { kind: 'closeBot', bot: botId(SPX_IRON_CONDOR_BOT), close: 'newest' },
    closeTrade: { kind: 'closeTrade', trade: trades.spy },
    trimTrade: { kind: 'trimTrade', trade: trades.spxTriple, trim: 50 },
  };
}

export const ORDER_KINDS: readonly OrderKindName[] = [
  'enterBot',
  'enterLegs',
  'exitTrade',
  'closeBot',
  'closeTrade',
  'trimTrade',
];

/** An order no fault case uses, to show the service still sends after the fault is gone. */
export const RECOVERY_ORDER: Order = { kind: 'enterBot', bot: botId(QQQ_SHORT_PUT_BOT) };

export const readyChart = (underlying: string): ChartReport => ({
  symbol: underlying,
  exchange: 'NYSE Arca',
  underlying,
  state: 'ready',
  reason: '',
  changedAt: T0 - 60_000,
  theme: 'dark',
});

export interface RigOptions {
  timeoutMs?: number;
  /** Start with no bot bound (else the demo bots are bound to what their settings trade). */
  unbound?: boolean;
  /** What the content script of each chart tab reads at click time. */
  charts?: Record<number, ChartReport>;
  /** Replaces the sandbox as the Live network (e.g. a fetch that rejects with the URL in its text). */
  liveFetch?: (request: Request, sandbox: Sandbox) => Promise<Response>;
}

export type Sender = Runtime.MessageSender;

/** The popup, options page or an overlay framed in a chart tab: the extension's own pages. */
export function pageSender(page: 'popup.html' | 'options.html' | 'overlay.html', tabId?: number): Sender {
  return sharedPageSender(page, tabId);
}
export const popup = (): Sender => pageSender('popup.html');
export const overlay = (tabId: number): Sender => pageSender('overlay.html', tabId);

/** Every text a rig produced (replies, errors, console lines), for the secret audit. */
export const produced: string[] = [];
const rigs: { settled(): Promise<void> }[] = [];

export function createRig(opts: RigOptions = {}) {
  let t = T0;
  const now = () => t;
  const live: Sandbox = createSandbox({ secret: LIVE_SECRET, now, timeZone: 'UTC' });
  /** The worker's clock within its life (performance.now in the extension); moves with `advance`. */
  let mono = 1_000;
  const monotonic = () => mono;
  // Every chart tab's overlay is the frame its content script placed (the fixtures' overlay frame).
  const chartTabs = {
    ...createChartTabs(),
    frameOf: () => ({ frameId: OVERLAY_FRAME, frameKey: OVERLAY_KEY }),
  };
  // The demo bots bound as a trader would (binding itself is tested in tests/unit): every message
  // waits for it, as every message waits for the journal at a real start.
  const bound = opts.unbound ? Promise.resolve() : botBindingsItem.setValue({ ...DEMO_BINDINGS });
  /** One worker's life: stopping the worker drops all of it, storage and the sandbox stay. */
  function start() {
    const connections = createConnections({
      liveFetch: (request) => (opts.liveFetch ? opts.liveFetch(request, live) : live.fetch(request)),
      timeoutMs: opts.timeoutMs ?? 100,
    });
    const service = createService({
      connections,
      now,
      monotonic,
      rereadChart: async (tabId) => rereadOf(opts.charts?.[tabId]),
      onChange: () => undefined,
    });
    rigs.push(service);
    const ready = bound.then(() => service.journal.markInterrupted());
    const route = createRouter({
      ready,
      service,
      chartTabs,
      now,
      onChartReport: () => undefined,
      secret: async () => (await connections.current()).secret ?? undefined,
    });
    return { connections, service, route };
  }
  let worker = start();

  /** Send a message as a view does and unwrap the envelope; a refusal envelope fails the test. */
  async function ask<K extends RequestType>(
    message: Extract<BackgroundRequest, { type: K }>,
    sender: Sender = popup(),
  ): Promise<ReplyMap[K]> {
    const envelope = await send(message, sender);
    if (!envelope.ok) throw new Error(`The background refused ${message.type}: ${envelope.error}`);
    return envelope.value as ReplyMap[K];
  }

  /** Send any message, answered with the raw envelope (never throws by the router's contract). */
  async function send(message: unknown, sender: Sender = popup()): Promise<Envelope> {
    const envelope = await worker.route(message, sender);
    produced.push(JSON.stringify(envelope));
    return envelope;
  }

  const place = (
    order: Order,
    extra: { from?: 'popup' | 'overlay' | 'shortcut'; confirmed?: boolean; chartSymbol?: string } = {},
    sender: Sender = popup(),
  ) =>
    ask(
      {
        type: 'order.place',
        order,
        from: extra.from ?? 'popup',
        confirmed: extra.confirmed ?? true,
        ...(extra.chartSymbol === undefined ? {} : { chartSymbol: extra.chartSymbol }),
      },
      sender,
    );

  return {
    live,
    get service() {
      return worker.service;
    },
    get connections() {
      return worker.connections;
    },
    get route() {
      return worker.route;
    },
    /** The worker stopped and started again (MV3 does it any time): memory gone, storage kept. */
    restart() {
      worker = start();
    },
    /** The wall clock set forward (or back, negative) without any real time passing. */
    jumpClock(ms: number) {
      t += ms;
    },
    ask,
    send,
    place,
    now,
    advance(ms: number) {
      t += ms;
      mono += ms;
    },
    posts: () => live.control.requests().filter((r) => r.method === 'POST'),
    orders: () => ordersFor(live),
    gets: () => live.control.requests().filter((r) => r.method === 'GET'),
    /** The account's open trades, to tell whether an order reached it. */
    trades: () => JSON.stringify((live.snapshot() as { trades: unknown }).trades),
    async goLive(secret = LIVE_SECRET) {
      await secretItem.setValue({ value: secret, savedAt: T0 });
      await modeItem.setValue('live');
    },
    async setSettings(patch: Partial<typeof settingsItem.fallback>) {
      await settingsItem.setValue({ ...(await settingsItem.getValue()), ...patch });
    },
    /** Wait for the reads an order starts, so the log and the cache are final. */
    settled: () => worker.service.settled(),
  };
}

export type Rig = ReturnType<typeof createRig>;

/** Let every rig's follow-up reads finish before storage is reset under them. */
export async function settleRigs(): Promise<void> {
  await Promise.all(rigs.splice(0).map((s) => s.settled()));
}

/** Any of the secret's forms or distinctive pieces, found in the text. */
export function secretIn(text: string): string | null {
  return SECRET_PIECES.find((piece) => text.toLowerCase().includes(piece.toLowerCase())) ?? null;
}

/** What a trader must be able to read: words, not a crash dump, a blank, a code object or the secret. */
export function expectClearMessage(text: unknown, where: string): void {
  expect(typeof text, `${where}: message is text`).toBe('string');
  const message = String(text);
  expect(message.trim().length, `${where}: message is not empty`).toBeGreaterThan(10);
  expect(message.length, `${where}: message is short enough to read`).toBeLessThan(800);
  expect(message, `${where}: no "undefined"`).not.toMatch(/undefined/i);
  expect(message, `${where}: no "[object Object]"`).not.toContain('[object Object]');
  expect(message, `${where}: no NaN`).not.toMatch(/\bNaN\b/);
  expect(message, `${where}: no stack trace`).not.toMatch(
    /\n\s+at |\bat .+:\d+:\d+|TypeError|AbortError|DOMException/,
  );
  expect(secretIn(message), `${where}: no secret`).toBeNull();
  expect(message, `${where}: no Paper secret`).not.toContain(PAPER_SECRET);
}

/** Console output of the run, captured (and kept quiet) so the audit can read it. */
export function captureConsole(): { lines: string[]; restore(): void } {
  const lines: string[] = [];
  const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
  const spies = methods.map((method) =>
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      lines.push(
        args
          .map((a) => {
            if (a instanceof Error) return `${a.message}\n${a.stack ?? ''}`;
            if (typeof a === 'string') return a;
            try {
              return JSON.stringify(a);
            } catch {
              return String(a);
            }
          })
          .join(' '),
      );
    }),
  );
  return {
    lines,
    restore: () => {
      for (const spy of spies) spy.mockRestore();
    },
  };
}

export type { BotId, TradeId };

/**
 * Every fault file's lifecycle: fresh storage per case, rigs settled after it, and at the end a
 * check that nothing the file did printed or answered the secret.
 */
export function faultFileLifecycle(): void {
  beforeEach(() => {
    fakeBrowser.reset();
  });
  afterEach(async () => {
    await settleRigs();
  });
  const quiet = captureConsole();
  afterAll(() => {
    quiet.restore();
    for (const text of [...quiet.lines, ...produced]) expect(secretIn(text)).toBeNull();
  });
}
