// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { type Bot, botId, type Order, tradeId } from '@/lib/api/types';
import type { JournalEntry, JournalStatus } from '@/lib/messaging/protocol';
import { dayOf } from '@/lib/options/calendar';
import { countedEntries, judge, type RiskInput } from '@/lib/risk/rules';
import { exchangeInstant } from '@/lib/risk/trading-hours';
import { DEFAULT_RISK_RULES, type RiskRules } from '@/lib/risk/types';
import { tickerInName } from '@/lib/risk/underlying';

const SPY_BOT = botId(1);
const QQQ_BOT = botId(2);
const GENERIC = botId(3);
const bots: Bot[] = [
  { id: SPY_BOT, name: 'SPY Put Credit Spread', strategy: 'CREDIT SPREAD' },
  { id: QQQ_BOT, name: 'QQQ Short Put 30 DTE', strategy: 'SHORT PUT' },
  { id: GENERIC, name: 'Manual Trades (unmanaged)', strategy: 'GENERIC' },
];
const NOON = exchangeInstant(dayOf(2026, 12, 2), 12 * 60);
const enterSpy: Order = { kind: 'enterBot', bot: SPY_BOT };
const enterQqq: Order = { kind: 'enterBot', bot: QQQ_BOT };

let n = 0;
function entry(
  order: Order,
  at: number,
  status: JournalStatus,
  mode: 'paper' | 'live' = 'paper',
): JournalEntry {
  n++;
  return {
    id: `e${n}`,
    at,
    mode,
    from: 'popup',
    order,
    call: 'POST enter',
    body: null,
    symbol: null,
    status,
    requestId: null,
    httpStatus: null,
    reason: null,
    message: null,
    latencyMs: null,
  };
}

const trade = (id: number, symbol: string) => ({
  id: tradeId(id),
  symbol,
  strategy: 'X',
  enteredAt: '2026-12-02 10:00:00',
  entryPrice: 1,
  profitLoss: 0,
  percentProfitLoss: 0,
});

function input(over: Partial<Omit<RiskInput, 'rules'>> & { rules?: Partial<RiskRules> } = {}): RiskInput {
  const { rules, ...rest } = over;
  return {
    order: enterSpy,
    now: NOON,
    pause: null,
    mode: 'paper',
    timeZone: 'America/New_York',
    journal: [],
    bots,
    openTrades: [],
    tradesAt: NOON - 1000,
    ...rest,
    rules: { ...DEFAULT_RISK_RULES, ...rules },
  };
}

const exits: Order[] = [
  { kind: 'exitTrade', trade: tradeId(9) },
  { kind: 'closeTrade', trade: tradeId(9) },
  { kind: 'closeBot', bot: SPY_BOT, close: 'all' },
  { kind: 'trimTrade', trade: tradeId(9), trim: 50 },
];

describe('risk rules', () => {
  it('pause holds every entry and says since when and where to resume; exits pass', () => {
    const paused = { since: exchangeInstant(dayOf(2026, 12, 2), 10 * 60 + 42), by: 'trader' as const };
    const v = judge(input({ pause: paused }));
    expect(v).toMatchObject({ ok: false, rule: 'paused' });
    if (!v.ok)
      expect(v.message).toMatch(/^Entries paused since 10:42 ET\. Exits still work\. Resume from the popup/);
    const legs: Order = {
      kind: 'enterLegs',
      bot: GENERIC,
      legs: [{ symbol: 'SPY', quantity: 1, expiration: '2026-12-18', type: 'call', strike: 600 }],
    };
    expect(judge(input({ pause: paused, order: legs })).ok).toBe(false);
    for (const order of exits) expect(judge(input({ pause: paused, order })).ok).toBe(true);
  });

  it('outside the window an entry is held with when it opens; exits pass', () => {
    const evening = exchangeInstant(dayOf(2026, 12, 2), 17 * 60);
    const v = judge(input({ now: evening, rules: { hoursOn: true } }));
    expect(v).toMatchObject({ ok: false, rule: 'hours', until: exchangeInstant(dayOf(2026, 12, 3), 570) });
    if (!v.ok) expect(v.message).toContain('entries open tomorrow at 09:30 ET');
    expect(v).toMatchObject({ opens: 'tomorrow 09:30 ET' });
    if (!v.ok) expect(v.message).toContain('Settings → Risk');
    for (const order of exits)
      expect(judge(input({ now: evening, rules: { hoursOn: true }, order })).ok).toBe(true);
    expect(judge(input({ rules: { hoursOn: true } })).ok).toBe(true);
  });

  it('daily cap counts placed and unknown entries (and in flight), not refused ones nor exits', () => {
    const journal = [
      entry(enterSpy, NOON - 60_000, 'placed'),
      entry(enterQqq, NOON - 50_000, 'unknown'),
      entry(enterQqq, NOON - 40_000, 'refused'),
      entry({ kind: 'closeBot', bot: SPY_BOT, close: 'all' }, NOON - 30_000, 'placed'),
    ];
    expect(judge(input({ journal, rules: { maxEntriesPerDay: 3 } })).ok).toBe(true);
    const v = judge(input({ journal, rules: { maxEntriesPerDay: 2 } }));
    expect(v).toMatchObject({ ok: false, rule: 'dailyCap' });
    if (!v.ok) expect(v.message).toContain('2 of 2 entries today');
    const pending = [...journal, entry(enterSpy, NOON - 1000, 'pending')];
    expect(judge(input({ journal: pending, rules: { maxEntriesPerDay: 3 } })).ok).toBe(false);
    for (const order of exits)
      expect(judge(input({ journal, order, rules: { maxEntriesPerDay: 1 } })).ok).toBe(true);
  });

  it('caps count in the mode they were sent in: Paper rehearsals do not use up Live', () => {
    const journal = [entry(enterSpy, NOON - 60_000, 'placed', 'paper')];
    expect(judge(input({ journal, mode: 'live', rules: { maxEntriesPerDay: 1 } })).ok).toBe(true);
    expect(judge(input({ journal, mode: 'paper', rules: { maxEntriesPerDay: 1 } })).ok).toBe(false);
  });

  it('the per-bot cap counts that bot only, unknown outcomes included', () => {
    const journal = [entry(enterSpy, NOON - 60_000, 'unknown'), entry(enterSpy, NOON - 30_000, 'placed')];
    const v = judge(input({ journal, rules: { maxEntriesPerBotPerDay: 2 } }));
    expect(v).toMatchObject({ ok: false, rule: 'botCap' });
    if (!v.ok) expect(v.message).toContain('SPY Put Credit Spread');
    expect(judge(input({ journal, order: enterQqq, rules: { maxEntriesPerBotPerDay: 2 } })).ok).toBe(true);
  });

  it("the day is New York's: 23:30 ET yesterday is today in UTC but does not count today", () => {
    // 2026-12-01 23:30 ET = 2026-12-02 04:30 UTC, the same UTC day as NOON.
    const lastNight = exchangeInstant(dayOf(2026, 12, 1), 23 * 60 + 30);
    expect(new Date(lastNight).toISOString().slice(0, 10)).toBe(new Date(NOON).toISOString().slice(0, 10));
    const journal = [entry(enterSpy, lastNight, 'placed')];
    expect(countedEntries(journal, 'paper', 'America/New_York', NOON)).toHaveLength(0);
    expect(countedEntries(journal, 'paper', 'UTC', NOON)).toHaveLength(1);
    expect(judge(input({ journal, rules: { maxEntriesPerDay: 1 } })).ok).toBe(true);
    // And 00:10 ET today counts (it is yesterday in no zone that matters here).
    const justAfterMidnight = exchangeInstant(dayOf(2026, 12, 2), 10);
    expect(
      judge(
        input({ journal: [entry(enterSpy, justAfterMidnight, 'placed')], rules: { maxEntriesPerDay: 1 } }),
      ).ok,
    ).toBe(false);
  });

  it("per-underlying limit counts open trades on the entry's underlying", () => {
    const openTrades = [trade(1, 'SPY'), trade(2, 'SPY'), trade(3, 'QQQ')];
    const v = judge(input({ openTrades, rules: { maxOpenPerUnderlying: 2 } }));
    expect(v).toMatchObject({ ok: false, rule: 'underlying' });
    if (!v.ok) expect(v.message).toContain('2 SPY trades are open');
    expect(judge(input({ openTrades, order: enterQqq, rules: { maxOpenPerUnderlying: 2 } })).ok).toBe(true);
    const legs: Order = {
      kind: 'enterLegs',
      bot: GENERIC,
      legs: [{ symbol: 'spy', quantity: -1, expiration: '2026-12-18', type: 'put', strike: 560 }],
    };
    expect(judge(input({ openTrades, order: legs, rules: { maxOpenPerUnderlying: 2 } })).ok).toBe(false);
  });

  it('a bot with no known underlying is held by the limit with a reason', () => {
    const v = judge(input({ order: { kind: 'enterBot', bot: GENERIC }, rules: { maxOpenPerUnderlying: 5 } }));
    expect(v).toMatchObject({ ok: false, rule: 'underlying' });
    if (!v.ok) expect(v.message).toContain('"unknown"');
    // A binding (issue 13) names it.
    const bound = (bot: number) => (bot === GENERIC ? 'IWM' : null);
    expect(
      judge(input({ order: { kind: 'enterBot', bot: GENERIC }, bound, rules: { maxOpenPerUnderlying: 5 } }))
        .ok,
    ).toBe(true);
  });

  it('an open-trades read older than a minute asks for a fresh read first', () => {
    const v = judge(input({ tradesAt: NOON - 61_000, rules: { maxOpenPerUnderlying: 2 } }));
    expect(v).toMatchObject({ ok: false, stale: true, rule: 'underlying' });
    expect(judge(input({ tradesAt: NOON - 59_000, rules: { maxOpenPerUnderlying: 2 } })).ok).toBe(true);
    expect(judge(input({ tradesAt: null, rules: { maxOpenPerUnderlying: 2 } }))).toMatchObject({
      stale: true,
    });
  });

  it('reads a ticker only from the start of a bot name', () => {
    expect(tickerInName('SPX 0DTE Iron Condor')).toBe('SPX');
    expect(tickerInName('IWM Strangle (paused)')).toBe('IWM');
    expect(tickerInName('Manual Trades (unmanaged)')).toBeNull();
    expect(tickerInName('DTE scalper')).toBeNull();
  });
});
