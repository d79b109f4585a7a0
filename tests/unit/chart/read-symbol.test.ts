import { describe, expect, it } from 'vitest';
import {
  type ChartReading,
  classifySymbol,
  decide,
  fromLegend,
  readingKey,
  tickerFromHeader,
  tickerFromTitle,
} from '@/lib/chart/read-symbol';
import { SETTLE_MS } from '@/lib/chart/types';
import { applySymbolMap, underlyingFor } from '@/lib/chart/underlying';

describe('tickerFromTitle', () => {
  it.each([
    ['SPY 585.12 ▲ +0.41% Unnamed', 'SPY'],
    ['SPX 5912.40 ▼ −0.12% My layout', 'SPX'],
    ['QQQ 512.3 0% Unnamed', 'QQQ'],
    ['AAPL 231.50 ▲ +1.2% Tech', 'AAPL'],
    ['ES1! 5925.25 ▲ +0.3% Futures', 'ES1!'],
    ['BTCUSD 97,123.45 ▲ +2.1% Crypto', 'BTCUSD'],
    ['BRK.B 470.01 ▼ −0.5% Unnamed', 'BRK.B'],
    ['D&O 1.23 0% Unnamed', 'D&O'],
    ['CTOS-WC 0.045 ▲ +12.5% Unnamed', 'CTOS-WC'],
    ['BIMB 3.330 ▲ +0.6% Unnamed', 'BIMB'],
    ['MI 4.080 ▼ −5.12% Unnamed', 'MI'],
    ['AAPL/SPY 0.3912 ▲ +0.2% Unnamed', 'AAPL/SPY'],
    ['BTC.D 58.12 ▼ −0.4% Unnamed', 'BTC.D'],
    ['XYZ −1.5 ▼ −300% Unnamed', 'XYZ'],
  ])('%s → %s', (title, ticker) => {
    expect(tickerFromTitle(title)).toBe(ticker);
  });

  it.each([
    'TradingView — Track All Markets',
    'Live stock, index, futures, Forex and Bitcoin charts on TradingView',
    'TradingView',
    '',
    'SPY',
    'SPY Unnamed',
    'Loading 12.3 chart',
  ])('generic or loading title %j has no ticker', (title) => {
    expect(tickerFromTitle(title)).toBeNull();
  });

  it('gives the same ticker whatever the price', () => {
    expect(tickerFromTitle('SPY 585.12 ▲ +0.41% Unnamed')).toBe(
      tickerFromTitle('SPY 585.13 ▲ +0.42% Unnamed'),
    );
  });
});

describe('tickerFromHeader', () => {
  it.each([
    ['SPY', 'SPY'],
    ['  AAPL \n', 'AAPL'],
    ['NASDAQ:AAPL', 'AAPL'],
    ['\nES1!\nE-mini S&P 500', 'ES1!'],
    ['CTOS-WC', 'CTOS-WC'],
  ])('%j → %s', (text, ticker) => {
    expect(tickerFromHeader(text)).toBe(ticker);
  });

  it('is null when the button is missing or empty', () => {
    expect(tickerFromHeader(null)).toBeNull();
    expect(tickerFromHeader('  \n ')).toBeNull();
  });
});

describe('fromLegend', () => {
  it('reads the ticker and exchange', () => {
    expect(fromLegend(' SPY ', ' NYSE Arca ')).toEqual({ ticker: 'SPY', exchange: 'NYSE Arca' });
    expect(fromLegend('NASDAQ:AAPL', null)).toEqual({ ticker: 'AAPL', exchange: null });
  });
  it('treats a description as no ticker, keeping the exchange', () => {
    expect(fromLegend('SPDR S&P 500 ETF Trust', 'NYSE Arca')).toEqual({
      ticker: null,
      exchange: 'NYSE Arca',
    });
  });
  it('reads an empty legend as nothing', () => {
    expect(fromLegend(null, '')).toEqual({ ticker: null, exchange: null });
  });
});

describe('classifySymbol', () => {
  it.each(['SPY', 'SPX', 'AAPL', 'BTCUSD', 'BRK.B', 'D&O', 'CTOS-WC', 'BRK-B', 'PBR-A', 'BIMB', 'MI', 'NDX'])(
    '%s is a ticker',
    (ticker) => {
      expect(classifySymbol(ticker, {})).toEqual({ kind: 'ticker', reason: '' });
    },
  );

  it.each([
    ['AAPL/SPY', 'expression'],
    ['AAPL-MSFT', 'expression'],
    ['SPY-QQQ', 'expression'],
    ['SPY-10', 'expression'],
    ['-SPY', 'expression'],
    ['SPY+QQQ', 'expression'],
    ['SPY*2', 'expression'],
    ['(SPY+QQQ)/2', 'expression'],
    ['NASDAQ:AAPL/NASDAQ:MSFT', 'expression'],
    ['AAPL-B-C', 'expression'],
    ['BTC.D', 'dominance'],
    ['USDT.D', 'dominance'],
    ['ES1!', 'continuousFuture'],
    ['NQ2!', 'continuousFuture'],
  ])('%s is %s', (ticker, kind) => {
    const c = classifySymbol(ticker, {});
    expect(c.kind).toBe(kind);
    expect(c.reason).toContain(ticker.replace(/^[A-Z_]+:/, ''));
  });

  it('tells the trader how to trade a continuous future', () => {
    expect(classifySymbol('ES1!', {}).reason).toContain(
      'continuous future: map it to a tradable underlying in Settings',
    );
  });

  it('lets the trader mapping win, with or without the exchange', () => {
    expect(classifySymbol('ES1!', { 'ES1!': 'SPY' }).kind).toBe('mapped');
    expect(classifySymbol('CME_MINI:ES1!', { 'ES1!': 'SPY' }).kind).toBe('mapped');
    expect(classifySymbol('ES1!', { 'NQ1!': 'QQQ' }).kind).toBe('continuousFuture');
  });

  it('does not read mapping keys from the prototype', () => {
    expect(classifySymbol('toString', {}).kind).toBe('ticker');
    expect(underlyingFor('constructor', {})).toBe('constructor');
  });
});

describe('underlyingFor', () => {
  it('drops the exchange and keeps indexes as they are', () => {
    expect(underlyingFor('NASDAQ:AAPL', {})).toBe('AAPL');
    expect(underlyingFor('SPX', {})).toBe('SPX');
    expect(underlyingFor('NDX', {})).toBe('NDX');
  });
  it('applies the trader mapping', () => {
    expect(underlyingFor('ES1!', { 'ES1!': 'SPY' })).toBe('SPY');
    expect(underlyingFor('ES1!', { 'ES1!': ' AMEX:SPY ' })).toBe('SPY');
  });
});

const T0 = 1_700_000_000_000;

function reading(over: Partial<ChartReading> = {}): ChartReading {
  return {
    title: 'SPY 585.12 ▲ +0.41% Unnamed',
    header: 'SPY',
    legends: [{ title: 'SPY', exchange: 'NYSE Arca', active: true }],
    panes: 1,
    theme: 'light',
    ...over,
  };
}
const settled = { now: T0 + SETTLE_MS, lastChangeAt: T0 };
const justChanged = { now: T0 + SETTLE_MS - 1, lastChangeAt: T0 };
const none = { symbolMap: {} };

describe('decide', () => {
  it('is ready when every source agrees and the settle time passed', () => {
    expect(decide({ ...reading(), ...settled }, none)).toEqual({
      symbol: 'SPY',
      exchange: 'NYSE Arca',
      underlying: 'SPY',
      state: 'ready',
      reason: '',
      changedAt: T0,
      theme: 'light',
    });
  });

  it('is settling until SETTLE_MS after the last change, and says which symbol', () => {
    const r = decide({ ...reading(), ...justChanged }, none);
    expect(r.state).toBe('settling');
    expect(r.symbol).toBe('SPY');
    expect(r.underlying).toBeNull();
    expect(r.reason).not.toBe('');
  });

  it('reports the theme', () => {
    expect(decide({ ...reading({ theme: 'dark' }), ...settled }, none).theme).toBe('dark');
  });

  it('is loading while the title is generic or the button is empty', () => {
    expect(decide({ ...reading({ title: 'TradingView — Track All Markets' }), ...settled }, none).state).toBe(
      'loading',
    );
    expect(decide({ ...reading({ header: '' }), ...settled }, none).state).toBe('loading');
  });

  it('is unreadable when neither the symbol button nor a legend exists', () => {
    const r = decide({ ...reading({ header: null, legends: [], panes: 0 }), ...settled }, none);
    expect(r.state).toBe('unreadable');
    expect(r.symbol).toBeNull();
  });

  it('trusts title and legend when the button is missing', () => {
    expect(decide({ ...reading({ header: null }), ...settled }, none).state).toBe('ready');
  });

  it('is ready without an exchange when the legend is hidden', () => {
    const r = decide({ ...reading({ legends: [] }), ...settled }, none);
    expect(r.state).toBe('ready');
    expect(r.exchange).toBeNull();
  });

  it('is ambiguous, with no symbol, when title and button keep disagreeing', () => {
    const r = decide({ ...reading({ header: 'QQQ' }), ...settled }, none);
    expect(r.state).toBe('ambiguous');
    expect(r.symbol).toBeNull();
    expect(r.underlying).toBeNull();
    expect(r.reason).toContain('QQQ');
    expect(r.reason).toContain('SPY');
  });

  it('treats a fresh disagreement as a switch in progress', () => {
    expect(decide({ ...reading({ header: 'QQQ' }), ...justChanged }, none).state).toBe('settling');
  });

  it('waits for a legend that has not caught up, then calls it ambiguous', () => {
    const lagging = reading({
      title: 'SPX 5912.40 ▲ +0.1% Unnamed',
      header: 'SPX',
      legends: [{ title: 'SPY', exchange: 'NYSE Arca', active: true }],
    });
    expect(decide({ ...lagging, ...justChanged }, none).state).toBe('settling');
    expect(decide({ ...lagging, ...settled }, none).state).toBe('ambiguous');
  });

  it('takes the exchange from the legend only', () => {
    const r = decide(
      {
        ...reading({ header: 'AMEX:SPY', legends: [{ title: 'SPY', exchange: null, active: true }] }),
        ...settled,
      },
      none,
    );
    expect(r.state).toBe('ready');
    expect(r.exchange).toBeNull();
  });

  it('accepts a legend showing the description instead of the ticker', () => {
    const r = decide(
      {
        ...reading({ legends: [{ title: 'SPDR S&P 500 ETF Trust', exchange: 'NYSE Arca', active: true }] }),
        ...settled,
      },
      none,
    );
    expect(r.state).toBe('ready');
    expect(r.exchange).toBe('NYSE Arca');
  });

  describe('two panes', () => {
    const two = (activeA: boolean | null, activeB: boolean | null) =>
      reading({
        panes: 2,
        legends: [
          { title: 'QQQ', exchange: 'NASDAQ', active: activeA },
          { title: 'SPY', exchange: 'NYSE Arca', active: activeB },
        ],
      });

    it('uses the legend of the one active pane, not the first', () => {
      const r = decide({ ...two(false, true), ...settled }, none);
      expect(r.state).toBe('ready');
      expect(r.exchange).toBe('NYSE Arca');
    });

    it('is ambiguous when no pane is active', () => {
      const r = decide({ ...two(false, false), ...settled }, none);
      expect(r.state).toBe('ambiguous');
      expect(r.reason).toContain('2 charts');
    });

    it('is ambiguous when the active pane is unknown or two are active', () => {
      expect(decide({ ...two(null, null), ...settled }, none).state).toBe('ambiguous');
      expect(decide({ ...two(true, true), ...settled }, none).state).toBe('ambiguous');
    });

    it('is ambiguous when the active pane shows another ticker than the title', () => {
      expect(decide({ ...two(true, false), ...settled }, none).state).toBe('ambiguous');
    });

    it('is ambiguous when two panes exist but only one legend, which is not the active one', () => {
      const r = reading({ panes: 2, legends: [{ title: 'SPY', exchange: 'NYSE Arca', active: false }] });
      expect(decide({ ...r, ...settled }, none).state).toBe('ambiguous');
    });
  });

  it.each([
    ['AAPL/SPY 0.39 ▲ +0.2% Unnamed', 'AAPL/SPY', 'spread or expression'],
    ['BTC.D 58.12 ▼ −0.4% Unnamed', 'BTC.D', 'dominance'],
    ['ES1! 5925.25 ▲ +0.3% Unnamed', 'ES1!', 'continuous future'],
  ])('%s is unsupported', (title, ticker, why) => {
    const r = decide(
      {
        ...reading({ title, header: ticker, legends: [{ title: ticker, exchange: 'X', active: true }] }),
        ...settled,
      },
      none,
    );
    expect(r.state).toBe('unsupported');
    expect(r.symbol).toBe(ticker);
    expect(r.underlying).toBeNull();
    expect(r.reason).toContain(why);
  });

  it('trades a mapped continuous future as its underlying', () => {
    const es = reading({
      title: 'ES1! 5925.25 ▲ +0.3% Unnamed',
      header: 'ES1!',
      legends: [{ title: 'ES1!', exchange: 'CME', active: true }],
    });
    const r = decide({ ...es, ...settled }, { symbolMap: { 'ES1!': 'SPY' } });
    expect(r).toMatchObject({ state: 'ready', symbol: 'ES1!', underlying: 'SPY', exchange: 'CME' });
    // The content script decides without the map; the background applies it to the same effect.
    expect(applySymbolMap(decide({ ...es, ...settled }, none), { 'ES1!': 'SPY' })).toEqual(r);
    expect(applySymbolMap(decide({ ...es, ...justChanged }, none), { 'ES1!': 'SPY' }).state).toBe('settling');
  });

  it.each([
    ['BIMB 3.330 ▲ +0.6% Unnamed', 'BIMB'],
    ['MI 4.080 ▼ −5.12% Unnamed', 'MI'],
    ['D&O 1.23 0% Unnamed', 'D&O'],
    ['CTOS-WC 0.045 ▲ +12.5% Unnamed', 'CTOS-WC'],
    ['BRK.B 470.01 ▼ −0.5% Unnamed', 'BRK.B'],
    ['SPX 5912.40 ▲ +0.1% Unnamed', 'SPX'],
    ['BTCUSD 97123.45 ▲ +2.1% Unnamed', 'BTCUSD'],
  ])('%s is ready as %s', (title, ticker) => {
    const r = decide(
      {
        ...reading({ title, header: ticker, legends: [{ title: ticker, exchange: 'X', active: true }] }),
        ...settled,
      },
      none,
    );
    expect(r.state).toBe('ready');
    expect(r.underlying).toBe(ticker);
  });

  it('keeps every report within the protocol limits', () => {
    const long = 'A'.repeat(200);
    const r = decide(
      { ...reading({ title: `${long} 1.0 0% x`, header: long, legends: [] }), ...settled },
      none,
    );
    expect(r.state).toBe('unsupported');
    expect(r.symbol?.length).toBeLessThanOrEqual(64);
    expect(r.reason.length).toBeLessThanOrEqual(300);
  });
});

describe('readingKey', () => {
  it('ignores the price but not the ticker, exchange or active pane', () => {
    const base = readingKey(reading());
    expect(readingKey(reading({ title: 'SPY 585.99 ▼ −0.01% Unnamed' }))).toBe(base);
    expect(readingKey(reading({ title: 'QQQ 512.3 0% Unnamed' }))).not.toBe(base);
    expect(readingKey(reading({ legends: [{ title: 'SPY', exchange: 'AMEX', active: true }] }))).not.toBe(
      base,
    );
    expect(
      readingKey(reading({ legends: [{ title: 'SPY', exchange: 'NYSE Arca', active: false }] })),
    ).not.toBe(base);
    expect(readingKey(reading({ theme: 'dark' }))).toBe(base);
  });
});
