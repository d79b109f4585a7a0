import { describe, expect, it } from 'vitest';
import {
  confirmationFor,
  countdown,
  needsConfirmation,
  pickBot,
  resultLine,
  tradesOnSymbol,
  tradingBlock,
  UNKNOWN_OUTCOME,
} from '@/entrypoints/overlay/rules';
import { type Bot, botId, type OpenTrade, requestId, tradeId } from '@/lib/api/types';
import type { ChartReport, SymbolState } from '@/lib/chart/types';
import type { Settings } from '@/lib/messaging/protocol';
import { DEFAULT_SETTINGS } from '@/lib/storage/items';

const report = (over: Partial<ChartReport> = {}): ChartReport => ({
  symbol: 'SPY',
  exchange: 'NYSE Arca',
  underlying: 'SPY',
  state: 'ready',
  reason: '',
  changedAt: 0,
  theme: 'dark',
  ...over,
});

const trade = (id: number, symbol: string): OpenTrade => ({
  id: tradeId(id),
  symbol,
  strategy: 'IRON CONDOR',
  enteredAt: '2024-10-25 10:20:01',
  entryPrice: 1,
  profitLoss: 0,
  percentProfitLoss: 0,
});

const bots: Bot[] = [
  { id: botId(11), name: 'Condor bot', strategy: 'IRON CONDOR' },
  { id: botId(22), name: 'Spread bot', strategy: 'CREDIT SPREAD' },
];
const settings = (over: Partial<Settings> = {}): Settings => ({ ...DEFAULT_SETTINGS, ...over });

describe('tradingBlock: trading only on a ready chart with an underlying', () => {
  it('allows a ready chart', () => {
    expect(tradingBlock(report())).toBeNull();
  });

  it.each<SymbolState>(['settling', 'loading', 'ambiguous', 'unsupported', 'unreadable'])(
    'blocks %s with the reader’s reason',
    (state) => {
      expect(tradingBlock(report({ state, reason: `why ${state}` }))).toBe(`why ${state}`);
    },
  );

  it.each<SymbolState>(['settling', 'loading', 'ambiguous', 'unsupported', 'unreadable'])(
    'blocks %s with words of its own when the reader gave no reason',
    (state) => {
      const block = tradingBlock(report({ state, reason: '' }));
      expect(block).toEqual(expect.any(String));
      expect(block).not.toBe('');
    },
  );

  it('blocks a ready report without an underlying, and no report at all', () => {
    expect(tradingBlock(report({ underlying: null }))).not.toBeNull();
    expect(tradingBlock(null)).not.toBeNull();
  });
});

describe('tradesOnSymbol', () => {
  const trades = [trade(1, 'SPY'), trade(2, 'QQQ'), trade(3, 'SPY'), trade(4, 'SPX')];
  it('keeps only the trades on the chart underlying, in order', () => {
    expect(tradesOnSymbol(trades, 'SPY').map((t) => t.id)).toEqual([1, 3]);
    expect(tradesOnSymbol(trades, 'SPX').map((t) => t.id)).toEqual([4]);
  });
  it('shows nothing without an underlying or on a symbol with no trades', () => {
    expect(tradesOnSymbol(trades, null)).toEqual([]);
    expect(tradesOnSymbol(trades, 'AAPL')).toEqual([]);
  });
});

describe('pickBot', () => {
  it('prefers the bot remembered for the symbol, then the default, then the first', () => {
    const s = settings({ defaultBot: botId(22), botBySymbol: { SPY: botId(11) } });
    expect(pickBot(bots, s, 'SPY')).toBe(11);
    expect(pickBot(bots, s, 'QQQ')).toBe(22);
    expect(pickBot(bots, settings(), 'QQQ')).toBe(11);
  });
  it('skips a remembered or default bot that no longer exists', () => {
    const s = settings({ defaultBot: botId(99), botBySymbol: { SPY: botId(98) } });
    expect(pickBot(bots, s, 'SPY')).toBe(11);
    expect(pickBot([], s, 'SPY')).toBeNull();
  });
});

describe('needsConfirmation', () => {
  it('Paper is one click; Live confirms unless one-click Live is on', () => {
    expect(needsConfirmation('paper', settings(), false)).toBe(false);
    expect(needsConfirmation('live', settings(), false)).toBe(true);
    expect(needsConfirmation('live', settings({ oneClickLive: true }), false)).toBe(false);
  });
  it('always confirms where visibility cannot be proven', () => {
    expect(needsConfirmation('paper', settings(), true)).toBe(true);
    expect(needsConfirmation('live', settings({ oneClickLive: true }), true)).toBe(true);
  });
});

describe('confirmationFor', () => {
  const ctx = {
    mode: 'live' as const,
    symbol: 'SPY',
    exchange: 'NYSE Arca',
    bots,
    trades: [trade(7, 'SPY')],
  };

  it('shows mode, symbol with exchange, bot and action for an entry', () => {
    const c = confirmationFor({ kind: 'enterBot', bot: botId(22) }, ctx, false);
    expect(Object.fromEntries(c.rows)).toEqual({
      Mode: 'LIVE (real money)',
      Symbol: 'SPY (NYSE Arca)',
      Bot: 'Spread bot (#22)',
      Action: 'Enter via Spread bot (#22)',
    });
    expect(c.confirmLabel).toMatch(/LIVE/);
  });

  it('names the trade for an exit or trim, and says a close rule acts across symbols', () => {
    const exit = confirmationFor({ kind: 'exitTrade', trade: tradeId(7) }, { ...ctx, mode: 'paper' }, false);
    expect(Object.fromEntries(exit.rows)).toMatchObject({
      Mode: 'PAPER',
      Action: 'Exit trade #7 (SPY IRON CONDOR)',
    });
    expect(exit.rows.some(([label]) => label === 'Bot')).toBe(false);
    const trim = confirmationFor({ kind: 'trimTrade', trade: tradeId(7), trim: 25 }, ctx, false);
    expect(Object.fromEntries(trim.rows).Action).toBe('Trim 25% of trade #7 (SPY IRON CONDOR)');
    const close = confirmationFor({ kind: 'closeBot', bot: botId(11), close: 'newest' }, ctx, false);
    expect(Object.fromEntries(close.rows).Action).toMatch(/newest.*Condor bot.*any symbol/);
  });

  it('asks "send again" for a repeat', () => {
    const c = confirmationFor({ kind: 'enterBot', bot: botId(11) }, ctx, true);
    expect(c.title).toMatch(/again/);
    expect(c.confirmLabel).toBe('Send again');
  });
});

describe('resultLine', () => {
  it('quotes the request id of a placed order', () => {
    const line = resultLine({
      status: 'placed',
      outcome: 'placed',
      requestId: requestId('47462f2d-378c-4bf5-a016-1c1221aa0e62'),
      message: 'ok',
      journalId: 'j',
    });
    expect(line).toEqual({
      tone: 'ok',
      text: expect.stringContaining('47462f2d-378c-4bf5-a016-1c1221aa0e62'),
    });
  });
  it('shows reason and message of a refusal', () => {
    const line = resultLine({
      status: 'refused',
      error: { kind: 'rejected', message: 'refused', reason: 'No bot', detail: 'Bot 3 not found' },
      message: 'refused',
      journalId: 'j',
    });
    expect(line.text).toBe('Refused: No bot: Bot 3 not found');
  });
  it('sends the trader to open trades when the outcome is unknown', () => {
    expect(resultLine({ status: 'unknown', message: 'timeout', journalId: 'j' }).text).toBe(UNKNOWN_OUTCOME);
  });
});

describe('countdown', () => {
  it('shows m:ss left, rounding up, never negative', () => {
    expect(countdown(300_000, 0)).toBe('5:00');
    expect(countdown(61_001, 0)).toBe('1:02');
    expect(countdown(0, 5)).toBe('0:00');
  });
});
