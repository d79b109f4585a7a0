// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { type Bot, botId, type OpenTrade, tradeId } from '@/lib/api/types';
import type { BotBindings } from '@/lib/bots/binding';
import { anySymbolNote, totalsByBot } from '@/lib/bots/trade-totals';

const bots: Bot[] = [
  { id: botId(1), name: 'SPY Put Credit Spread', strategy: 'CREDIT SPREAD' },
  { id: botId(2), name: 'SPY Iron Condor', strategy: 'IRON CONDOR' },
  { id: botId(3), name: 'QQQ Short Put', strategy: 'SHORT PUT' },
  { id: botId(4), name: 'Manual Trades', strategy: 'GENERIC' },
];

const trade = (id: number, symbol: string, profitLoss: number): OpenTrade => ({
  id: tradeId(id),
  symbol,
  strategy: 'CREDIT SPREAD',
  enteredAt: '2026-12-01 10:00:00',
  entryPrice: 1,
  profitLoss,
  percentProfitLoss: 0,
});

describe('totalsByBot: open trades totalled per bot', () => {
  it('counts each trade for the one bot bound to its underlying, to the cent', () => {
    const bindings: BotBindings = {
      1: { kind: 'symbol', underlying: 'SPY' },
      3: { kind: 'symbol', underlying: 'QQQ' },
    };
    const totals = totalsByBot(
      [trade(10, 'SPY', 12.1), trade(11, 'QQQ', -0.05), trade(12, 'SPY', -2.05)],
      bots,
      bindings,
    );
    expect(totals).toEqual([
      { key: '3', bots: [3], label: 'QQQ Short Put', symbols: ['QQQ'], count: 1, pnl: -0.05 },
      {
        key: '1',
        bots: [1],
        label: 'SPY Put Credit Spread',
        symbols: ['SPY'],
        count: 2,
        pnl: expect.any(Number),
      },
    ]);
    expect(totals[1]?.pnl).toBeCloseTo(10.05, 10);
  });

  it('never splits an underlying two bots are bound to by a guess: one "A or B" row', () => {
    const bindings: BotBindings = {
      2: { kind: 'symbol', underlying: 'SPY' },
      1: { kind: 'symbol', underlying: 'SPY' },
    };
    expect(totalsByBot([trade(10, 'SPY', 1), trade(11, 'SPY', 2)], bots, bindings)).toEqual([
      {
        key: '1+2',
        bots: [1, 2],
        label: 'SPY Put Credit Spread or SPY Iron Condor',
        symbols: ['SPY'],
        count: 2,
        pnl: 3,
      },
    ]);
  });

  it('names three bots bound to one underlying as a list reads: "A, B, or C"', () => {
    const bindings: BotBindings = {
      1: { kind: 'symbol', underlying: 'SPY' },
      2: { kind: 'symbol', underlying: 'SPY' },
      3: { kind: 'symbol', underlying: 'SPY' },
    };
    expect(totalsByBot([trade(10, 'SPY', 1)], bots, bindings)[0]?.label).toBe(
      new Intl.ListFormat(undefined, { type: 'disjunction' }).format([
        'SPY Put Credit Spread',
        'SPY Iron Condor',
        'QQQ Short Put',
      ]),
    );
    expect(new Intl.ListFormat('en-US', { type: 'disjunction' }).format(['A', 'B', 'C'])).toBe('A, B, or C');
  });

  it('puts trades on an underlying no bot is bound to last, per symbol, and adds nothing for a bad P&L', () => {
    const bindings: BotBindings = { 1: { kind: 'symbol', underlying: 'SPY' }, 4: { kind: 'any' } };
    const totals = totalsByBot(
      [trade(10, 'AAPL', Number.NaN), trade(11, 'SPY', 1), trade(12, 'AAPL', 4)],
      bots,
      bindings,
    );
    expect(totals.map((t) => [t.label, t.count, t.pnl])).toEqual([
      ['SPY Put Credit Spread', 1, 1],
      ['No bot bound to AAPL', 2, 4],
    ]);
    expect(totals[1]?.bots).toEqual([]);
  });

  it('says when an "any symbol" bot may hold some of the trades counted', () => {
    expect(anySymbolNote(bots, {})).toBeNull();
    expect(anySymbolNote(bots, { 4: { kind: 'any' } })).toContain('Custom orders held by Manual Trades');
  });
});
