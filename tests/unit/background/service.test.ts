// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createConnections } from '@/entrypoints/background/connection';
import { createService, IN_FLIGHT_PUSH_MS } from '@/entrypoints/background/service';
import { botId, tradeId } from '@/lib/api/types';
import type { ChartReport } from '@/lib/chart/types';
import type { RereadReply } from '@/lib/messaging/protocol';
import {
  createSandbox,
  DISABLED_BOT,
  PAPER_SECRET,
  type Sandbox,
  SPY_CREDIT_SPREAD_BOT,
} from '@/lib/sandbox';
import {
  botBindingsItem,
  journalItem,
  modeItem,
  noticesItem,
  paperRateBudgetItem,
  secretItem,
  settingsItem,
} from '@/lib/storage/items';
import { OVERLAY_FRAME, rereadOf } from '../senders';

const LIVE_SECRET = '3f1c2b7a-9d4e-4c1b-8a2f-6e5d4c3b2a10';
const T0 = Date.UTC(2026, 10, 25, 15, 0, 0);
/** Services of the running test: their follow-up reads must finish before storage is reset. */
const running: { settled(): Promise<void> }[] = [];

/** The service as the worker builds it, with the Live API answered by a sandbox on a test clock. */
function setup(
  opts: {
    live?: boolean;
    timeoutMs?: number;
    chart?: ChartReport | null;
    reread?: () => Promise<RereadReply | null>;
    /** Stands between the service and the Live sandbox: `answer` is the sandbox's answer now. */
    between?: (request: Request, answer: () => Promise<Response>) => Promise<Response>;
    /** Each Live request as it reaches the network: the sandbox answers once the promise returned resolves. */
    onFetch?: (request: Request) => Promise<void> | undefined;
  } = {},
) {
  let t = T0;
  const now = () => t;
  const live: Sandbox = createSandbox({ secret: LIVE_SECRET, now, timeZone: 'UTC' });
  const connections = createConnections({
    liveFetch: async (r) => {
      await opts.onFetch?.(r);
      return opts.between ? opts.between(r, () => live.fetch(r)) : live.fetch(r);
    },
    timeoutMs: opts.timeoutMs ?? 200,
  });
  let changes = 0;
  const service = createService({
    connections,
    now,
    rereadChart: opts.reread ?? (async () => rereadOf(opts.chart)),
    onChange: () => changes++,
  });
  running.push(service);
  const posts = () => live.control.requests().filter((r) => r.method === 'POST');
  return {
    service,
    live,
    posts,
    advance: (ms: number) => {
      t += ms;
      live.control.advance(0);
    },
    setNow: (ms: number) => {
      t = ms;
    },
    changes: () => changes,
    async goLive() {
      await secretItem.setValue({ value: LIVE_SECRET, savedAt: T0 });
      await modeItem.setValue('live');
    },
  };
}

const enterSpy = { kind: 'enterBot' as const, bot: botId(SPY_CREDIT_SPREAD_BOT) };

describe('background service', () => {
  beforeEach(() => fakeBrowser.reset());
  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.settled()));
  });

  it('starts in Paper: bots and trades come from the simulator in the worker, nothing reaches the network', async () => {
    const { service, live } = setup();
    await service.refreshReads(true);
    const state = await service.viewState();
    expect(state.mode).toBe('paper');
    expect(state.bots.length).toBeGreaterThanOrEqual(4);
    expect(state.openTrades.length).toBeGreaterThan(0);
    expect(state.budget.used).toBe(2);
    expect(live.control.requests()).toHaveLength(0);
  });

  it('places a Paper order once, journals it, and holds a repeat for confirmation', async () => {
    const { service } = setup();
    const first = await service.placeOrder({ order: enterSpy, from: 'popup', confirmed: false, tabId: null });
    expect(first).toMatchObject({ status: 'placed' });
    const again = await service.placeOrder({ order: enterSpy, from: 'popup', confirmed: false, tabId: null });
    expect(again).toMatchObject({ status: 'held', reason: 'repeat' });
    // "Send again" confirmed against what the trader was shown: the token from the held reply.
    const confirmed = await service.placeOrder({
      order: enterSpy,
      from: 'popup',
      confirmed: true,
      tabId: null,
      guardToken: again.status === 'held' ? again.guardToken : undefined,
    });
    expect(confirmed.status).toBe('placed');
    const journal = await service.journal.list();
    expect(journal.map((e) => e.status)).toEqual(['placed', 'placed']);
    expect(journal[0]).toMatchObject({
      mode: 'paper',
      call: `POST enter/${SPY_CREDIT_SPREAD_BOT}`,
      from: 'popup',
    });
  });

  it('sends one order for a double click: the second is held while the first is in flight', async () => {
    const s = setup();
    await s.goLive();
    const a = s.service.placeOrder({ order: enterSpy, from: 'popup', confirmed: true, tabId: null });
    const b = s.service.placeOrder({ order: enterSpy, from: 'popup', confirmed: true, tabId: null });
    const replies = await Promise.all([a, b]);
    expect(replies.map((r) => r.status).sort()).toEqual(['held', 'placed']);
    expect(replies.find((r) => r.status === 'held')).toMatchObject({ reason: 'inFlight' });
    expect(s.posts()).toHaveLength(1);
  });

  it("lists an order's new trade though a read of the trades was in flight when it went out", async () => {
    let release = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    let holdNextTrades = false;
    let asked = () => {};
    const tradesAsked = new Promise<void>((r) => {
      asked = r;
    });
    const s = setup({
      timeoutMs: 5_000,
      // The sandbox answers at once (the account as it is before the order); the answer arrives late.
      between: async (request, answer) => {
        const response = await answer();
        if (holdNextTrades && new URL(request.url).pathname.endsWith('/trades')) {
          holdNextTrades = false;
          asked();
          await held;
        }
        return response;
      },
    });
    await s.goLive();
    await s.service.refreshReads();
    const before = (await s.service.viewState()).openTrades.map((t) => t.id);

    holdNextTrades = true;
    const earlierRead = s.service.refreshReads(true);
    await tradesAsked;
    const reply = await s.service.placeOrder({
      order: enterSpy,
      from: 'popup',
      confirmed: true,
      tabId: null,
    });
    expect(reply.status).toBe('placed');
    release();
    await earlierRead;
    await s.service.settled();
    const after = (await s.service.viewState()).openTrades.map((t) => t.id);
    expect(after.filter((id) => !before.includes(id))).toHaveLength(1);
  });

  it('tells the views of an order in flight only once it has been for a moment, never ahead of its POST (their redraw would delay it)', async () => {
    let changesAtPost: number | null = null;
    let postedAt = 0;
    let answer = () => {};
    const answered = new Promise<void>((resolve) => {
      answer = resolve;
    });
    const s = setup({
      onFetch: (r) => {
        if (r.method !== 'POST') return undefined;
        changesAtPost = s.changes();
        postedAt = performance.now();
        return answered;
      },
    });
    await s.goLive();
    const placed = s.service.placeOrder({ order: enterSpy, from: 'popup', confirmed: true, tabId: null });
    await vi.waitFor(() => expect(changesAtPost).not.toBeNull());
    expect(changesAtPost).toBe(0);
    // Still unanswered: the views hear of it once IN_FLIGHT_PUSH_MS has passed, not before.
    await vi.waitFor(() => expect(s.changes()).toBe(1), { timeout: 2_000 });
    expect(performance.now() - postedAt).toBeGreaterThanOrEqual(IN_FLIGHT_PUSH_MS - 1);
    answer();
    expect((await placed).status).toBe('placed');
    expect(s.changes()).toBe(2);
    expect(s.posts()).toHaveLength(1);
  });

  it('an order answered at once is told to the views once, with its result', async () => {
    const s = setup();
    await s.goLive();
    expect(
      (await s.service.placeOrder({ order: enterSpy, from: 'popup', confirmed: true, tabId: null })).status,
    ).toBe('placed');
    expect(s.changes()).toBe(1);
    // The in-flight push was called off with the answer: nothing more comes of it.
    await new Promise((resolve) => setTimeout(resolve, IN_FLIGHT_PUSH_MS + 50));
    await s.service.settled();
    expect(s.changes()).toBe(2); // the follow-up read of open trades
  });

  it('checks an order without sending or claiming it: ready, or what holds it', async () => {
    const s = setup();
    await s.goLive();
    const req = { order: enterSpy, from: 'popup' as const, confirmed: false, tabId: null };
    expect(await s.service.checkOrder(req)).toMatchObject({ status: 'ready', guardToken: '-|-' });
    expect(s.live.control.requests()).toHaveLength(0);
    expect((await s.service.placeOrder({ ...req, confirmed: true })).status).toBe('placed');
    expect(await s.service.checkOrder(req)).toMatchObject({ status: 'held', reason: 'repeat' });
    expect(s.posts()).toHaveLength(1);
  });

  it('asks for confirmation of Live orders unless one-click is on', async () => {
    const s = setup();
    await s.goLive();
    expect(
      await s.service.placeOrder({ order: enterSpy, from: 'popup', confirmed: false, tabId: null }),
    ).toMatchObject({
      status: 'held',
      reason: 'confirm',
    });
    expect(s.posts()).toHaveLength(0);
    await settingsItem.setValue({ ...(await settingsItem.getValue()), oneClickLive: true });
    expect(
      (await s.service.placeOrder({ order: enterSpy, from: 'popup', confirmed: false, tabId: null })).status,
    ).toBe('placed');
    expect(s.posts()).toHaveLength(1);
  });

  it('refuses invalid orders before the network, field by field', async () => {
    const s = setup();
    await s.goLive();
    const reply = await s.service.placeOrder({
      order: { kind: 'trimTrade', trade: tradeId(5), trim: 150 },
      from: 'popup',
      confirmed: true,
      tabId: null,
    });
    expect(reply).toMatchObject({ status: 'held', reason: 'invalid' });
    expect(reply.status === 'held' && reply.error?.fields?.[0]?.field).toBe('trim');
    expect(s.live.control.requests()).toHaveLength(0);
  });

  it('shows a rejected order with its reason and message', async () => {
    const s = setup();
    await s.goLive();
    const reply = await s.service.placeOrder({
      order: { kind: 'enterBot', bot: botId(DISABLED_BOT) },
      from: 'popup',
      confirmed: true,
      tabId: null,
    });
    expect(reply.status).toBe('refused');
    expect(reply.status === 'refused' && reply.error.reason).toMatch(/not enabled/i);
    expect((await s.service.journal.list())[0]).toMatchObject({ status: 'refused' });
  });

  it('after a 429 sends nothing for five minutes, then sends again', async () => {
    const s = setup();
    await s.goLive();
    s.live.control.setFault({ kind: 'status429', count: 1, match: 'orders' });
    const first = await s.service.placeOrder({
      order: enterSpy,
      from: 'popup',
      confirmed: true,
      tabId: null,
    });
    expect(first).toMatchObject({ status: 'refused', error: { kind: 'rateLimited' } });
    const state = await s.service.viewState();
    expect(state.budget.blockedUntil).toBe(T0 + 5 * 60_000);
    s.advance(4 * 60_000 + 59_000);
    const held = await s.service.placeOrder({ order: enterSpy, from: 'popup', confirmed: true, tabId: null });
    expect(held).toMatchObject({ status: 'held', reason: 'blocked', until: T0 + 5 * 60_000 });
    await s.service.refreshReads(true);
    expect(s.live.control.requests()).toHaveLength(1);
    s.advance(1_000);
    expect(
      (await s.service.placeOrder({ order: enterSpy, from: 'popup', confirmed: true, tabId: null })).status,
    ).toBe('placed');
    expect(s.posts()).toHaveLength(2);
  });

  it('records a timed-out order as unknown, never resends it, and asks before the same order again', async () => {
    const s = setup({ timeoutMs: 50 });
    await s.goLive();
    s.live.control.setFault({ kind: 'neverEnds', count: 1, match: 'orders' });
    const reply = await s.service.placeOrder({
      order: enterSpy,
      from: 'popup',
      confirmed: true,
      tabId: null,
    });
    expect(reply.status).toBe('unknown');
    expect(reply.message).toContain('check open trades (or the Trade Transparency page)');
    expect(s.posts()).toHaveLength(1);
    const entry = (await s.service.journal.list())[0];
    expect(entry?.status).toBe('unknown');
    s.advance(60_000);
    // Even with one-click on, the same order after an unknown outcome needs the trader's word.
    await settingsItem.setValue({ ...(await settingsItem.getValue()), oneClickLive: true });
    expect(
      await s.service.placeOrder({ order: enterSpy, from: 'popup', confirmed: false, tabId: null }),
    ).toMatchObject({
      status: 'held',
      reason: 'repeat',
    });
    expect(s.posts()).toHaveLength(1);
  });

  it('keeps reads out of the order reserve: polling never delays an order', async () => {
    const s = setup();
    await s.goLive();
    await settingsItem.setValue({ ...(await settingsItem.getValue()), budgetShare: 6, orderReserve: 2 });
    for (let i = 0; i < 5; i++) {
      await s.service.refreshReads(true);
      s.advance(100);
    }
    // Four reads fit (6 - 2 reserved); the fifth refresh was skipped, nothing queued.
    expect(s.live.control.requests()).toHaveLength(4);
    expect(
      (await s.service.placeOrder({ order: enterSpy, from: 'popup', confirmed: true, tabId: null })).status,
    ).toBe('placed');
    const budget = await s.service.placeOrder({
      order: { kind: 'closeBot', bot: botId(SPY_CREDIT_SPREAD_BOT), close: 'all' },
      from: 'popup',
      confirmed: true,
      tabId: null,
    });
    expect(budget.status).not.toBe('held');
    const spent = await s.service.placeOrder({
      order: { kind: 'closeBot', bot: botId(SPY_CREDIT_SPREAD_BOT), close: 'newest' },
      from: 'popup',
      confirmed: true,
      tabId: null,
    });
    expect(spent).toMatchObject({ status: 'held', reason: 'budget' });
    expect(s.live.control.requests()).toHaveLength(6);
  });

  it('gives a wrong secret the 401 message and never shows the secret', async () => {
    const s = setup();
    const wrong = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
    const reply = await s.service.testConnection(wrong);
    expect(reply.ok).toBe(false);
    expect(reply.error?.kind).toBe('unauthorized');
    expect(JSON.stringify(reply)).not.toContain(wrong);
    const good = await s.service.testConnection(LIVE_SECRET);
    expect(good).toMatchObject({ ok: true, user: expect.any(String) });
  });

  it('keeps the secret out of the journal, its exports and the view state', async () => {
    const s = setup({ timeoutMs: 50 });
    await s.goLive();
    s.live.control.setFault({ kind: 'html502', count: 1, match: 'orders' });
    await s.service.placeOrder({ order: enterSpy, from: 'popup', confirmed: true, tabId: null });
    await s.service.placeOrder({
      order: { kind: 'exitTrade', trade: tradeId(999) },
      from: 'popup',
      confirmed: true,
      tabId: null,
    });
    const texts = [
      JSON.stringify(await s.service.journal.list()),
      (await s.service.exportJournal('csv')).text,
      (await s.service.exportJournal('json')).text,
      JSON.stringify(await s.service.viewState()),
    ];
    for (const text of texts) {
      expect(text).not.toContain(LIVE_SECRET);
      expect(text).not.toContain(PAPER_SECRET);
    }
    expect(texts[1]).toContain('unknown');
  });

  it('asks the chart tab at once, beside its other checks, and holds the order when the tab fails to answer', async () => {
    await botBindingsItem.setValue({ [SPY_CREDIT_SPREAD_BOT]: { kind: 'symbol', underlying: 'SPY' } });
    let asked = 0;
    const failing = setup({
      reread: () => {
        asked++;
        return Promise.reject(new Error('Could not establish connection. Receiving end does not exist.'));
      },
    });
    const reply = failing.service.placeOrder({
      order: enterSpy,
      from: 'overlay',
      frame: { frameId: OVERLAY_FRAME },
      confirmed: true,
      chartSymbol: 'SPY',
      tabId: 3,
    });
    // Asked in the click's own step, before any stored state was read.
    expect(asked).toBe(1);
    expect(await reply).toMatchObject({
      status: 'held',
      reason: 'symbol',
      message: 'The chart could not be read. Reload the chart tab.',
    });
  });

  it('refuses a chart order whose symbol is not ready or changed since the click', async () => {
    const base: ChartReport = {
      symbol: 'SPY',
      exchange: 'NYSE Arca',
      underlying: 'SPY',
      state: 'ready',
      reason: '',
      changedAt: T0 - 10_000,
      theme: 'dark',
    };
    await botBindingsItem.setValue({ [SPY_CREDIT_SPREAD_BOT]: { kind: 'symbol', underlying: 'SPY' } });
    const settling = setup({
      chart: { ...base, state: 'settling', underlying: null, reason: 'The symbol just changed.' },
    });
    expect(
      await settling.service.placeOrder({
        order: enterSpy,
        from: 'overlay',
        frame: { frameId: OVERLAY_FRAME },
        confirmed: true,
        chartSymbol: 'SPY',
        tabId: 3,
      }),
    ).toMatchObject({ status: 'held', reason: 'symbol', message: 'The symbol just changed.' });
    const moved = setup({ chart: { ...base, symbol: 'QQQ', underlying: 'QQQ' } });
    expect(
      await moved.service.placeOrder({
        order: enterSpy,
        from: 'overlay',
        frame: { frameId: OVERLAY_FRAME },
        confirmed: true,
        chartSymbol: 'SPY',
        tabId: 3,
      }),
    ).toMatchObject({ status: 'held', reason: 'symbol' });
    const ok = setup({ chart: base });
    expect(
      (
        await ok.service.placeOrder({
          order: enterSpy,
          from: 'overlay',
          frame: { frameId: OVERLAY_FRAME },
          confirmed: true,
          chartSymbol: 'SPY',
          tabId: 3,
        })
      ).status,
    ).toBe('placed');
  });

  it('enters and closes from a chart only through a bot bound to its underlying, whatever the view sent', async () => {
    const aapl: ChartReport = {
      symbol: 'AAPL',
      exchange: 'NASDAQ',
      underlying: 'AAPL',
      state: 'ready',
      reason: '',
      changedAt: T0 - 10_000,
      theme: 'light',
    };
    const s = setup({ chart: aapl });
    const fromChart = (
      order: Parameters<typeof s.service.placeOrder>[0]['order'],
      from = 'overlay' as const,
    ) =>
      s.service.placeOrder({
        order,
        from,
        confirmed: true,
        chartSymbol: 'AAPL',
        tabId: 3,
        frame: { frameId: OVERLAY_FRAME },
      });
    // Not bound at all, bound elsewhere, marked "any symbol": held, nothing sent, for enter and close alike.
    expect(await fromChart(enterSpy)).toMatchObject({ status: 'held', reason: 'unbound' });
    await s.service.setBinding(SPY_CREDIT_SPREAD_BOT, { kind: 'symbol', underlying: 'SPY' });
    const elsewhere = await fromChart(enterSpy);
    expect(elsewhere).toMatchObject({ status: 'held', reason: 'unbound' });
    expect(elsewhere.message).toContain('trades SPY, not AAPL');
    expect(
      await fromChart({ kind: 'closeBot', bot: botId(SPY_CREDIT_SPREAD_BOT), close: 'all' }),
    ).toMatchObject({
      status: 'held',
      reason: 'unbound',
    });
    expect(
      await s.service.checkOrder({
        order: enterSpy,
        from: 'shortcut',
        confirmed: false,
        chartSymbol: 'AAPL',
        tabId: 3,
      }),
    ).toMatchObject({ status: 'held', reason: 'unbound' });
    await s.service.setBinding(SPY_CREDIT_SPREAD_BOT, { kind: 'any' });
    expect(await fromChart(enterSpy)).toMatchObject({ status: 'held', reason: 'unbound' });
    expect(await journalItem.getValue()).toEqual([]);

    // Bound to AAPL: one order, journalled under the underlying the bot trades.
    await s.service.setBinding(SPY_CREDIT_SPREAD_BOT, { kind: 'symbol', underlying: 'AAPL' });
    expect((await fromChart(enterSpy)).status).toBe('placed');
    expect((await s.service.journal.list())[0]).toMatchObject({ symbol: 'AAPL', from: 'overlay' });
    expect((await s.service.viewState()).bindings).toEqual({
      [SPY_CREDIT_SPREAD_BOT]: { kind: 'symbol', underlying: 'AAPL' },
    });
    expect(await botBindingsItem.getValue()).toEqual({
      [SPY_CREDIT_SPREAD_BOT]: { kind: 'symbol', underlying: 'AAPL' },
    });
  });

  it('sends chart legs only on the chart underlying, through an "any symbol" bot or one bound to it', async () => {
    const spyChart: ChartReport = {
      symbol: 'SPY',
      exchange: 'NYSE Arca',
      underlying: 'SPY',
      state: 'ready',
      reason: '',
      changedAt: T0 - 10_000,
      theme: 'light',
    };
    const s = setup({ chart: spyChart });
    const leg = (symbol: string, expiration = '2026-12-18') => ({
      symbol,
      quantity: -1,
      expiration,
      type: 'put' as const,
      strike: 580,
    });
    const legs = (bot: number, ...l: ReturnType<typeof leg>[]) => ({
      kind: 'enterLegs' as const,
      bot: botId(bot),
      legs: l,
    });
    const place = (order: ReturnType<typeof legs>, from: 'overlay' | 'popup' = 'overlay') =>
      s.service.placeOrder({
        order,
        from,
        confirmed: true,
        chartSymbol: from === 'popup' ? undefined : 'SPY',
        tabId: from === 'popup' ? null : 3,
        ...(from === 'popup' ? {} : { frame: { frameId: OVERLAY_FRAME } }),
      });
    await s.service.setBinding(4822377, { kind: 'any' });
    await s.service.setBinding(SPY_CREDIT_SPREAD_BOT, { kind: 'symbol', underlying: 'SPY' });
    expect(await place(legs(4822377, leg('QQQ')))).toMatchObject({ status: 'held', reason: 'unbound' });
    expect(await place(legs(SPY_CREDIT_SPREAD_BOT, leg('QQQ')), 'popup')).toMatchObject({
      status: 'held',
      reason: 'unbound',
    });
    // A past expiration and a continuous future never leave, from any view.
    expect(await place(legs(4822377, leg('SPY', '2020-01-17')), 'popup')).toMatchObject({
      status: 'held',
      reason: 'invalid',
    });
    expect(await place(legs(4822377, leg('ES1!')), 'popup')).toMatchObject({
      status: 'held',
      reason: 'invalid',
    });
    expect(s.posts()).toEqual([]);
    expect((await place(legs(4822377, leg('SPY')))).status).toBe('placed');
    expect((await place(legs(SPY_CREDIT_SPREAD_BOT, { ...leg('SPY'), strike: 570 }))).status).toBe('placed');
  });

  it('survives the worker restarting: the budget, the block and the journal are in storage', async () => {
    const s = setup();
    await s.goLive();
    s.live.control.setFault({ kind: 'status429', count: 1, match: 'orders' });
    await s.service.placeOrder({ order: enterSpy, from: 'popup', confirmed: true, tabId: null });
    const restarted = setup();
    const state = await restarted.service.viewState();
    expect(state.budget.used).toBe(1);
    expect(state.budget.blockedUntil).toBe(T0 + 5 * 60_000);
    expect(await restarted.service.journal.list()).toHaveLength(1);
  });

  it('resets corrupt stored settings and budget with a notice, and keeps working', async () => {
    // Paper mode: Paper's own budget is the one read.
    await fakeBrowser.storage.local.set({ settings: { budgetShare: 'lots' }, paperRateBudget: 42 });
    const s = setup();
    const state = await s.service.viewState();
    expect(state.settings.budgetShare).toBe(50);
    expect(state.budget.used).toBe(0);
    expect((await noticesItem.getValue()).length).toBe(2);
    expect((await s.service.viewState()).notices).toHaveLength(2);
    await s.service.dismissNotices();
    expect((await s.service.viewState()).notices).toEqual([]);
    expect(await paperRateBudgetItem.getValue()).toEqual({ sent: [], blockedUntil: null });
  });
});
