// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createChartTabs } from '@/entrypoints/background/chart-tabs';
import { createConnections } from '@/entrypoints/background/connection';
import { createRouter } from '@/entrypoints/background/messages';
import { createService } from '@/entrypoints/background/service';
import { registerShortcuts, SHORTCUTS } from '@/entrypoints/background/shortcuts';
import { botId } from '@/lib/api/types';
import type { ChartReport } from '@/lib/chart/types';
import { dayOf } from '@/lib/options/calendar';
import { pauseItem, riskRulesItem } from '@/lib/risk/storage';
import { exchangeInstant } from '@/lib/risk/trading-hours';
import { DEFAULT_RISK_RULES } from '@/lib/risk/types';
import { createSandbox, type Sandbox, SPX_IRON_CONDOR_BOT, SPY_CREDIT_SPREAD_BOT } from '@/lib/sandbox';
import { modeItem, rateBudgetItem, secretItem, settingsItem } from '@/lib/storage/items';
import { chartTab, pageSender, rereadOf } from '../senders';

const LIVE_SECRET = '3f1c2b7a-9d4e-4c1b-8a2f-6e5d4c3b2a10';
/** Wednesday 2026-11-25 at 10:00 New York: inside the regular session. */
const T0 = exchangeInstant(dayOf(2026, 11, 25), 10 * 60);
const running: { settled(): Promise<void> }[] = [];

function setup(chart: ChartReport | null = null) {
  let t = T0;
  const now = () => t;
  const live: Sandbox = createSandbox({ secret: LIVE_SECRET, now, timeZone: 'America/New_York' });
  const connections = createConnections({ liveFetch: (r) => live.fetch(r), timeoutMs: 200 });
  const service = createService({
    connections,
    now,
    rereadChart: async () => rereadOf(chart),
    onChange: () => {},
  });
  running.push(service);
  const router = createRouter({
    service,
    chartTabs: createChartTabs(),
    now,
    onChartReport: () => {},
    secret: async () => LIVE_SECRET,
  });
  return {
    service,
    router,
    live,
    posts: () => live.control.requests().filter((r) => r.method === 'POST'),
    reads: () => live.control.requests().filter((r) => r.method === 'GET'),
    setNow: (ms: number) => {
      t = ms;
    },
    async goLive() {
      await secretItem.setValue({ value: LIVE_SECRET, savedAt: T0 });
      await modeItem.setValue('live');
    },
  };
}

const enterSpy = { kind: 'enterBot' as const, bot: botId(SPY_CREDIT_SPREAD_BOT) };
const closeSpx = { kind: 'closeBot' as const, bot: botId(SPX_IRON_CONDOR_BOT), close: 'newest' as const };
const popup = (order: typeof enterSpy | typeof closeSpx) => ({
  order,
  from: 'popup' as const,
  confirmed: true,
  tabId: null,
});

describe('risk rules on the order path', () => {
  beforeEach(() => fakeBrowser.reset());
  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.settled()));
  });

  it('paused: an entry sends nothing, an exit still goes, in Live and in Paper', async () => {
    const s = setup();
    await s.goLive();
    await s.service.risk.setPaused(true, 'trader', false);
    const held = await s.service.placeOrder(popup(enterSpy));
    expect(held).toMatchObject({ status: 'held', reason: 'risk', rule: 'paused' });
    expect(held.message).toMatch(/^Entries paused since 10:00 ET/);
    expect(await s.service.checkOrder({ ...popup(enterSpy), confirmed: false })).toMatchObject({
      reason: 'risk',
    });
    expect(s.posts()).toHaveLength(0);
    expect(await s.service.placeOrder(popup(closeSpx))).toMatchObject({ status: 'placed' });
    expect(s.posts()).toHaveLength(1);
    await modeItem.setValue('paper');
    expect(await s.service.placeOrder(popup(enterSpy))).toMatchObject({ status: 'held', rule: 'paused' });
  });

  it('the pause survives a new worker, shows in the view state, and resuming needs the confirmation', async () => {
    const first = setup();
    await first.service.risk.setPaused(true, 'trader', false);
    const second = setup();
    const state = await second.service.viewState();
    expect(state.risk?.pause).toMatchObject({ since: T0, by: 'trader' });
    expect(state.risk?.entriesOff?.rule).toBe('paused');
    await expect(second.service.risk.setPaused(false, 'trader', false)).rejects.toThrow(/confirmation/);
    await second.service.risk.setPaused(false, 'trader', true);
    expect(await pauseItem.getValue()).toBeNull();
    expect(await second.service.placeOrder(popup(enterSpy))).toMatchObject({ status: 'placed' });
  });

  it('outside the trading window an entry says when entries open; an exit goes', async () => {
    const s = setup();
    await s.goLive();
    await riskRulesItem.setValue({ ...DEFAULT_RISK_RULES, hoursOn: true });
    s.setNow(exchangeInstant(dayOf(2026, 11, 25), 16 * 60 + 5));
    const held = await s.service.placeOrder(popup(enterSpy));
    // Thanksgiving is next: the window opens on the early-close Friday.
    expect(held).toMatchObject({
      status: 'held',
      rule: 'hours',
      until: exchangeInstant(dayOf(2026, 11, 27), 570),
    });
    expect(held.message).toContain('Fri Nov 27 at 09:30 ET');
    expect(await s.service.placeOrder(popup(closeSpx))).toMatchObject({ status: 'placed' });
    expect(s.posts()).toHaveLength(1);
  });

  it('daily cap: placed and unknown entries count, refused do not; two racing clicks cannot both take the last', async () => {
    const s = setup();
    await s.goLive();
    await riskRulesItem.setValue({ ...DEFAULT_RISK_RULES, maxEntriesPerDay: 2 });
    s.live.control.setFault({ kind: 'neverEnds', count: 1, match: 'orders' });
    expect((await s.service.placeOrder(popup(enterSpy))).status).toBe('unknown');
    // After an unknown outcome the same order needs the trader's "send again", given against the
    // guard state its check saw (the guard token), as a view does it.
    const again = async () => {
      const check = await s.service.checkOrder(popup(enterSpy));
      const guardToken = 'guardToken' in check ? check.guardToken : undefined;
      return { ...popup(enterSpy), confirmed: true, ...(guardToken ? { guardToken } : {}) };
    };
    s.live.control.setFault({ kind: 'successFalse', count: 1, match: 'orders' });
    expect((await s.service.placeOrder(await again())).status).toBe('refused');
    const other = { kind: 'enterBot' as const, bot: botId(SPX_IRON_CONDOR_BOT) };
    const spyAgain = await again();
    const [a, b] = await Promise.all([
      s.service.placeOrder(spyAgain),
      s.service.placeOrder({ order: other, from: 'popup', confirmed: true, tabId: null }),
    ]);
    expect([a.status, b.status].sort()).toEqual(['held', 'placed']);
    expect([a, b].find((r) => r.status === 'held')).toMatchObject({ reason: 'risk', rule: 'dailyCap' });
    expect(s.posts()).toHaveLength(3);
    expect((await s.service.viewState()).risk?.summary).toContain('2/2 entries today');
  });

  it('per-underlying limit reads stale open trades first, within the budget, or holds with a reason', async () => {
    const s = setup();
    await s.goLive();
    await riskRulesItem.setValue({ ...DEFAULT_RISK_RULES, maxOpenPerUnderlying: 1 });
    // The seeded book holds one SPY trade: the read happens first (there was none), then the limit holds.
    const held = await s.service.placeOrder(popup(enterSpy));
    expect(held).toMatchObject({ status: 'held', rule: 'underlying' });
    expect(held.message).toContain('1 SPY trades are open');
    expect(s.reads().some((r) => r.path.endsWith('/trades'))).toBe(true);
    expect(s.posts()).toHaveLength(0);
    // With no room for reads, a stale read holds the entry instead of judging on old trades.
    await settingsItem.setValue({ ...(await settingsItem.getValue()), budgetShare: 4, orderReserve: 3 });
    await riskRulesItem.setValue({ ...DEFAULT_RISK_RULES, maxOpenPerUnderlying: 5 });
    const later = T0 + 120_000;
    s.setNow(later);
    await rateBudgetItem.setValue({ sent: [later - 1000], blockedUntil: null });
    const readsBefore = s.reads().length;
    const stale = await s.service.placeOrder(popup(enterSpy));
    expect(stale).toMatchObject({ status: 'held', rule: 'underlying' });
    expect(stale.message).toMatch(
      /were read 120 s ago and could not be read again within your request budget/,
    );
    expect(s.reads().length).toBe(readsBefore);
    expect(s.posts()).toHaveLength(0);
    // With room again, the read happens first and the entry goes (one SPY trade, limit 5).
    await rateBudgetItem.setValue({ sent: [], blockedUntil: null });
    expect(await s.service.placeOrder(popup(enterSpy))).toMatchObject({ status: 'placed' });
    expect(s.reads().length).toBeGreaterThan(readsBefore);
  });

  it('flatten all: one exit per bot that may hold trades, within the budget, each reported', async () => {
    const s = setup();
    await s.goLive();
    await s.service.refreshReads(true);
    const plan = await s.service.flatten.plan();
    // IWM holds nothing and is skipped; the generic bot's underlying is unknown, so it is closed too.
    expect(plan.bots.map((b) => b.name)).toEqual([
      'SPX 0DTE Iron Condor',
      'SPY Put Credit Spread',
      'QQQ Short Put 30 DTE',
      'Manual Trades (unmanaged)',
    ]);
    expect(plan.waiting).toBe(0);
    const before = s.posts().length;
    const reply = await s.router(
      { type: 'flatten.run', bots: plan.bots.map((b) => b.bot), confirmed: true },
      pageSender('popup.html'),
    );
    expect(reply.ok).toBe(true);
    const outcomes = (reply as { value: { outcomes: { status: string }[] } }).value.outcomes;
    expect(outcomes).toHaveLength(4);
    expect(outcomes.filter((o) => o.status === 'closed').length).toBeGreaterThanOrEqual(3);
    const exits = s.posts().slice(before);
    expect(exits).toHaveLength(4);
    expect(new Set(exits.map((e) => JSON.stringify(e.body))).size).toBe(4);
    expect((await s.service.viewState()).openTrades.filter((t) => t.symbol !== 'IWM')).toHaveLength(0);
  });

  it('flatten all never goes past the share: what does not fit is not sent, and says so', async () => {
    const s = setup();
    await s.goLive();
    await s.service.refreshReads(true);
    await settingsItem.setValue({ ...(await settingsItem.getValue()), budgetShare: 4, orderReserve: 2 });
    const plan = await s.service.flatten.plan();
    expect(plan).toMatchObject({ fits: 2, waiting: 2 });
    expect(plan.freesAt).not.toBeNull();
    const reply = await s.service.flatten.run(plan.bots.map((b) => b.bot));
    expect(reply.waiting).toBe(2);
    expect(reply.outcomes.filter((o) => o.status === 'notSent')).toHaveLength(2);
    expect(s.posts()).toHaveLength(2);
  });

  it('the pause key pauses entries; then the enter key sends nothing and the exit key still goes', async () => {
    const spy: ChartReport = {
      symbol: 'SPY',
      exchange: 'NYSE Arca',
      underlying: 'SPY',
      state: 'ready',
      reason: '',
      changedAt: 0,
      theme: 'light',
    };
    const s = setup(spy);
    await s.goLive();
    await settingsItem.setValue({
      ...(await settingsItem.getValue()),
      oneClickLive: true,
      defaultBot: botId(SPY_CREDIT_SPREAD_BOT),
    });
    await s.service.refreshReads(true);
    let onCommand: ((command: string, tab?: { id?: number }) => Promise<void>) | undefined;
    const spies = [
      vi.spyOn(fakeBrowser.commands.onCommand, 'addListener').mockImplementation((listener) => {
        onCommand = listener as typeof onCommand;
      }),
      // The chart tab answers the click-time re-read with its chart and our frame, plainly shown.
      vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation(async () => rereadOf(spy)),
      vi.spyOn(fakeBrowser.tabs, 'get').mockImplementation(async () => chartTab),
      vi.spyOn(fakeBrowser.notifications, 'create').mockImplementation(async () => 'n'),
    ];
    registerShortcuts({ service: s.service, chartTabs: createChartTabs(), now: () => T0 });
    await onCommand?.(SHORTCUTS.pause, { id: 7 });
    expect(await pauseItem.getValue()).toMatchObject({ by: 'shortcut' });
    await onCommand?.(SHORTCUTS.enter, { id: 7 });
    expect(s.posts()).toHaveLength(0);
    await onCommand?.(SHORTCUTS.exit, { id: 7 });
    await s.service.settled();
    expect(s.posts()).toHaveLength(1);
    expect(s.posts()[0]?.path).toMatch(/\/exit\/\d+$/);
    for (const one of spies) one.mockRestore();
  });

  it('flatten.run is refused from anywhere but the popup', async () => {
    const s = setup();
    const reply = await s.router(
      { type: 'flatten.run', bots: [1], confirmed: true },
      pageSender('overlay.html', 7),
    );
    expect(reply).toMatchObject({ ok: false });
    expect(s.posts()).toHaveLength(0);
  });
});
