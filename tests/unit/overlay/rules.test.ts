// @vitest-environment node
import { describe, expect, it } from 'vitest';
import {
  confirmationRows,
  needsConfirmation,
  pickBot,
  tradesOnSymbol,
  tradingBlock,
} from '@/entrypoints/overlay/rules';
import { type Bot, botId, type OpenTrade, tradeId } from '@/lib/api/types';
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
  it('offers only the bots it is given (those bound here): a remembered bot bound elsewhere is not picked', () => {
    const s = settings({ defaultBot: botId(11), botBySymbol: { AAPL: botId(11) } });
    const [, second] = bots;
    expect(pickBot(second ? [second] : [], s, 'AAPL')).toBe(22);
    expect(pickBot([], s, 'AAPL')).toBeNull();
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
  it('where visibility cannot be proven, Paper confirms in the panel and Live never does (the window does)', () => {
    expect(needsConfirmation('paper', settings(), true)).toBe(true);
    expect(needsConfirmation('paper', settings({ oneClickLive: true }), true)).toBe(true);
    expect(needsConfirmation('live', settings(), true)).toBe(false);
    expect(needsConfirmation('live', settings({ oneClickLive: true }), true)).toBe(false);
  });
});

describe('confirmationRows', () => {
  const ctx = { symbol: 'SPY', exchange: 'NYSE Arca', bots, trades: [trade(7, 'SPY')] };
  const rows = (...args: Parameters<typeof confirmationRows>) =>
    Object.fromEntries(confirmationRows(...args).map(({ label, value }) => [label, value]));

  it('shows mode, then the chart symbol with its exchange, then the bot of an entry', () => {
    const list = confirmationRows({ kind: 'enterBot', bot: botId(22) }, 'live', ctx);
    expect(list.map((r) => r.label)).toEqual(['Mode', 'Symbol', 'Bot']);
    expect(rows({ kind: 'enterBot', bot: botId(22) }, 'live', ctx)).toEqual({
      Mode: expect.stringMatching(/^LIVE/),
      Symbol: 'SPY (NYSE Arca)',
      Bot: 'Spread bot (#22)',
    });
  });

  it('says PAPER in Paper, and shows the bare symbol when the exchange is unknown', () => {
    expect(rows({ kind: 'enterBot', bot: botId(11) }, 'paper', { ...ctx, exchange: null })).toMatchObject({
      Mode: expect.stringMatching(/^PAPER/),
      Symbol: 'SPY',
      Bot: 'Condor bot (#11)',
    });
  });

  it('names the trade of an exit or trim', () => {
    expect(rows({ kind: 'exitTrade', trade: tradeId(7) }, 'live', ctx)).toMatchObject({
      Trade: 'SPY IRON CONDOR (#7)',
    });
    expect(rows({ kind: 'trimTrade', trade: tradeId(7), trim: 25 }, 'live', ctx)).toMatchObject({
      Trade: 'SPY IRON CONDOR (#7)',
      Trim: expect.stringContaining('25%'),
    });
  });

  it("warns that a close rule acts on the bot's trades on every symbol", () => {
    expect(rows({ kind: 'closeBot', bot: botId(11), close: 'newest' }, 'live', ctx)).toMatchObject({
      Bot: 'Condor bot (#11)',
      Note: expect.stringContaining('all of that bot'),
    });
  });
});
