// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { classifySymbol } from '@/lib/chart/classify-symbol';
import {
  type ChartReading,
  decide,
  fromCanvasLabel,
  fromLegend,
  type PaneReading,
  readingKey,
  sameReport,
  tickerFromHeader,
  tickerFromTitle,
} from '@/lib/chart/read-symbol';
import { type ChartReport, SETTLE_MS } from '@/lib/chart/types';
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

describe('fromCanvasLabel', () => {
  it.each([
    ['Chart for NASDAQ:AAPL, 1D', { symbol: 'NASDAQ:AAPL', ticker: 'AAPL', exchange: 'NASDAQ' }],
    ['Chart for AMEX:SPY, 15', { symbol: 'AMEX:SPY', ticker: 'SPY', exchange: 'AMEX' }],
    ['Chart for CME_MINI:ES1!, 1W', { symbol: 'CME_MINI:ES1!', ticker: 'ES1!', exchange: 'CME_MINI' }],
    ['Chart for NYSE:BRK.B, 4H', { symbol: 'NYSE:BRK.B', ticker: 'BRK.B', exchange: 'NYSE' }],
    [
      'Chart for NASDAQ:AAPL/AMEX:SPY, 1D',
      { symbol: 'NASDAQ:AAPL/AMEX:SPY', ticker: 'AAPL/SPY', exchange: null },
    ],
    ['Chart for SPY, 1D', { symbol: 'SPY', ticker: 'SPY', exchange: null }],
    ['Chart for NASDAQ:AAPL, 1 hour', { symbol: 'NASDAQ:AAPL', ticker: 'AAPL', exchange: 'NASDAQ' }],
  ])('%s', (label, read) => {
    expect(fromCanvasLabel(label)).toEqual(read);
  });

  it.each([
    'Chart for NASDAQ:AAPL',
    'Chart for , 1D',
    'Chart for',
    'Chart NASDAQ:AAPL, 1D',
    'OSE_DLY:NK2251! の 5 分 チャート',
    '',
  ])('refuses a label in an unknown form: %j', (label) => {
    expect(fromCanvasLabel(label)).toBeNull();
  });
});

const T0 = 1_700_000_000_000;

/** A pane as the readers see it: its legend (title, exchange) and its canvas label, if any. */
function pane(
  active: boolean | null,
  legend: [string | null, string | null] | null,
  label: string | null,
): PaneReading {
  return {
    active,
    legends: legend === null ? [] : [{ title: legend[0], exchange: legend[1] }],
    labels: label === null ? [] : [label],
  };
}

/**
 * The two markups at the decision's level: the current one has a canvas label per pane, the legacy
 * one has none. Every table below runs on both.
 */
const MARKUPS = [
  ['current', (full: string) => `Chart for ${full}, 1D`],
  ['legacy', (_full: string) => null],
] as const;

const settled = { now: T0 + SETTLE_MS, lastChangeAt: T0 };
const justChanged = { now: T0 + SETTLE_MS - 1, lastChangeAt: T0 };

/** As the background sees a report: decided by the content script, then judged with the trader's map. */
function judged(r: ChartReading, when = settled, symbolMap: Record<string, string> = {}): ChartReport {
  return applySymbolMap(decide({ ...r, ...when }), symbolMap);
}

describe.each(MARKUPS)('decide on the %s markup', (markup, labelFor) => {
  const spyPane = (active: boolean | null = true) => pane(active, ['SPY', 'NYSE Arca'], labelFor('AMEX:SPY'));
  const qqqPane = (active: boolean | null = false) => pane(active, ['QQQ', 'NASDAQ'], labelFor('NASDAQ:QQQ'));
  function reading(over: Partial<ChartReading> = {}): ChartReading {
    return {
      title: 'SPY 585.12 ▲ +0.41% Unnamed',
      header: 'SPY',
      panes: [spyPane()],
      theme: 'light',
      ...over,
    };
  }

  it('is ready when every source agrees and the settle time passed', () => {
    expect(decide({ ...reading(), ...settled })).toEqual({
      symbol: 'SPY',
      exchange: 'NYSE Arca',
      underlying: 'SPY',
      state: 'ready',
      reason: '',
      changedAt: T0,
      theme: 'light',
      landmarks: {
        title: ['SPY'],
        symbolButton: ['SPY'],
        legend: ['SPY'],
        pane: ['active'],
        canvasLabel: markup === 'current' ? ['AMEX:SPY'] : null,
      },
    });
  });

  it('is settling until SETTLE_MS after the last change, and says which symbol', () => {
    const r = decide({ ...reading(), ...justChanged });
    expect(r.state).toBe('settling');
    expect(r.symbol).toBe('SPY');
    expect(r.underlying).toBeNull();
    expect(r.reason).not.toBe('');
  });

  it('reports the theme', () => {
    expect(decide({ ...reading({ theme: 'dark' }), ...settled }).theme).toBe('dark');
  });

  it('is loading while the title is generic or the button is empty', () => {
    expect(decide({ ...reading({ title: 'TradingView — Track All Markets' }), ...settled }).state).toBe(
      'loading',
    );
    expect(decide({ ...reading({ header: '' }), ...settled }).state).toBe('loading');
  });

  it('is unreadable when neither the symbol button, a legend nor a canvas label exists', () => {
    const r = decide({ ...reading({ header: null, panes: [pane(true, null, null)] }), ...settled });
    expect(r.state).toBe('unreadable');
    expect(r.symbol).toBeNull();
    expect(r.reason).toContain("TradingView's page may have changed");
    expect(r.landmarks).toEqual({
      title: ['SPY'],
      symbolButton: null,
      legend: null,
      pane: ['active'],
      canvasLabel: null,
    });
  });

  it('trusts the title with the legend (and label) when the button is missing', () => {
    expect(decide({ ...reading({ header: null }), ...settled }).state).toBe('ready');
  });

  it('is ready without the legend exchange when the legend is hidden', () => {
    const r = decide({ ...reading({ panes: [pane(true, null, labelFor('AMEX:SPY'))] }), ...settled });
    expect(r.state).toBe('ready');
    // The canvas names the exchange by its prefix when it is the only one to.
    expect(r.exchange).toBe(markup === 'current' ? 'AMEX' : null);
  });

  it('is ambiguous, with no symbol, when title and button keep disagreeing', () => {
    const r = decide({ ...reading({ header: 'QQQ' }), ...settled });
    expect(r.state).toBe('ambiguous');
    expect(r.symbol).toBeNull();
    expect(r.underlying).toBeNull();
    expect(r.reason).toContain('QQQ');
    expect(r.reason).toContain('SPY');
  });

  it('treats a fresh disagreement as a switch in progress', () => {
    expect(decide({ ...reading({ header: 'QQQ' }), ...justChanged }).state).toBe('settling');
  });

  it('waits for a legend that has not caught up, then calls it ambiguous', () => {
    const lagging = reading({
      title: 'SPX 5912.40 ▲ +0.1% Unnamed',
      header: 'SPX',
      panes: [pane(true, ['SPY', 'NYSE Arca'], labelFor('SP:SPX'))],
    });
    expect(decide({ ...lagging, ...justChanged }).state).toBe('settling');
    expect(decide({ ...lagging, ...settled }).state).toBe('ambiguous');
  });

  it('takes the exchange from the legend, never from the button', () => {
    const r = decide({
      ...reading({ header: 'ARCA:SPY', panes: [pane(true, ['SPY', null], null)] }),
      ...settled,
    });
    expect(r.state).toBe('ready');
    expect(r.exchange).toBeNull();
  });

  it('accepts a legend showing the description instead of the ticker', () => {
    const r = decide({
      ...reading({ panes: [pane(true, ['SPDR S&P 500 ETF Trust', 'NYSE Arca'], labelFor('AMEX:SPY'))] }),
      ...settled,
    });
    expect(r.state).toBe('ready');
    expect(r.exchange).toBe('NYSE Arca');
    expect(r.landmarks?.legend).toEqual(['']);
  });

  describe('two panes', () => {
    it('uses the one active pane, not the first', () => {
      const r = decide({ ...reading({ panes: [qqqPane(false), spyPane(true)] }), ...settled });
      expect(r.state).toBe('ready');
      expect(r.exchange).toBe('NYSE Arca');
      expect(r.landmarks?.pane).toEqual(['', 'active']);
    });

    it('is ambiguous when no pane is active', () => {
      const r = decide({ ...reading({ panes: [qqqPane(false), spyPane(false)] }), ...settled });
      expect(r.state).toBe('ambiguous');
      expect(r.reason).toContain('2 charts');
    });

    it('is ambiguous when two are active', () => {
      expect(decide({ ...reading({ panes: [qqqPane(true), spyPane(true)] }), ...settled }).state).toBe(
        'ambiguous',
      );
    });

    it('is ambiguous when the active pane shows another ticker than the title', () => {
      expect(decide({ ...reading({ panes: [qqqPane(true), spyPane(false)] }), ...settled }).state).toBe(
        'ambiguous',
      );
    });

    it('is ambiguous when the only legend is not the active pane', () => {
      const r = reading({ panes: [pane(false, ['SPY', 'NYSE Arca'], null), pane(false, null, null)] });
      expect(decide({ ...r, ...settled }).state).toBe('ambiguous');
    });

    it('cross-checks what was found outside any pane: a stray legend on QQQ refuses', () => {
      const r = reading({ panes: [spyPane(true), qqqPane(false), pane(null, ['QQQ', 'NASDAQ'], null)] });
      expect(decide({ ...r, ...settled }).state).toBe('ambiguous');
    });

    it('trades the active pane even with its legend hidden (title, button and label agree)', () => {
      const r = reading({ panes: [qqqPane(false), pane(true, null, labelFor('AMEX:SPY'))] });
      expect(decide({ ...r, ...settled })).toMatchObject({ state: 'ready', symbol: 'SPY' });
    });
  });

  it.each([
    ['AAPL/SPY 0.39 ▲ +0.2% Unnamed', 'AAPL/SPY', 'NASDAQ:AAPL/AMEX:SPY', 'spread or expression'],
    ['BTC.D 58.12 ▼ −0.4% Unnamed', 'BTC.D', 'CRYPTOCAP:BTC.D', 'dominance'],
    ['ES1! 5925.25 ▲ +0.3% Unnamed', 'ES1!', 'CME_MINI:ES1!', 'continuous future'],
  ])('%s is unsupported once the background judges it', (title, ticker, full, why) => {
    const r = judged(reading({ title, header: ticker, panes: [pane(true, [ticker, 'X'], labelFor(full))] }));
    expect(r.state).toBe('unsupported');
    expect(r.symbol).toBe(ticker);
    expect(r.underlying).toBeNull();
    expect(r.reason).toContain(why);
  });

  it('trades a mapped continuous future as its underlying', () => {
    const es = reading({
      title: 'ES1! 5925.25 ▲ +0.3% Unnamed',
      header: 'ES1!',
      panes: [pane(true, ['ES1!', 'CME'], labelFor('CME_MINI:ES1!'))],
    });
    expect(judged(es, settled, { 'ES1!': 'SPY' })).toMatchObject({
      state: 'ready',
      symbol: 'ES1!',
      underlying: 'SPY',
      exchange: 'CME',
    });
    expect(judged(es, justChanged, { 'ES1!': 'SPY' }).state).toBe('settling');
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
    const r = judged(
      reading({ title, header: ticker, panes: [pane(true, [ticker, 'X'], labelFor(`X:${ticker}`))] }),
    );
    expect(r.state).toBe('ready');
    expect(r.underlying).toBe(ticker);
  });

  it('keeps every report within the protocol limits', () => {
    const long = 'A'.repeat(200);
    const r = judged(
      reading({ title: `${long} 1.0 0% x`, header: long, panes: [pane(true, [long, 'X'], null)] }),
    );
    expect(r.state).toBe('unsupported');
    expect(r.symbol?.length).toBeLessThanOrEqual(64);
    expect(r.reason.length).toBeLessThanOrEqual(300);
    const raw = decide({ ...reading({ title: `${long} 1.0 0% x`, header: 'QQQ', panes: [] }), ...settled });
    expect(raw.reason.length).toBeLessThanOrEqual(300);
    for (const entries of Object.values(raw.landmarks ?? {})) {
      for (const entry of entries ?? []) expect(entry.length).toBeLessThanOrEqual(64);
    }
  });
});

describe('decide with canvas labels (current markup)', () => {
  const withLabel = (label: string, over: Partial<ChartReading> = {}): ChartReading => ({
    title: 'SPY 585.12 ▲ +0.41% Unnamed',
    header: 'SPY',
    panes: [pane(true, ['SPY', 'NYSE Arca'], label)],
    theme: 'light',
    ...over,
  });

  it('refuses a canvas that says QQQ while title and button say SPY: a disagreement, never a vote', () => {
    const r = decide({ ...withLabel('Chart for NASDAQ:QQQ, 1D'), ...settled });
    expect(r).toMatchObject({ state: 'ambiguous', symbol: null, underlying: null });
    expect(r.reason).toBe(
      'The chart canvas shows NASDAQ:QQQ but the title shows SPY. Trading is off until they agree.',
    );
  });

  it('waits for a label that lags a switch, and trades once it catches up', () => {
    const switched = {
      title: 'QQQ 512.30 ▲ +0.1% Unnamed',
      header: 'QQQ',
      panes: [pane(true, ['QQQ', 'NASDAQ'], 'Chart for AMEX:SPY, 1D')],
    };
    expect(decide({ ...withLabel('', switched), ...justChanged }).state).toBe('settling');
    expect(decide({ ...withLabel('', switched), ...settled }).state).toBe('ambiguous');
    const caughtUp = { ...switched, panes: [pane(true, ['QQQ', 'NASDAQ'], 'Chart for NASDAQ:QQQ, 1D')] };
    expect(decide({ ...withLabel('', caughtUp), ...settled })).toMatchObject({
      state: 'ready',
      symbol: 'QQQ',
    });
  });

  it('refuses a label in an unknown form rather than guess', () => {
    const r = decide({ ...withLabel('Chart for NASDAQ:AAPL'), ...settled });
    expect(r.state).toBe('ambiguous');
    expect(r.reason).toContain('unknown form');
    expect(decide({ ...withLabel('Chart for NASDAQ:AAPL'), ...justChanged }).state).toBe('settling');
    expect(r.landmarks?.canvasLabel).toEqual(['?']);
  });

  it('lets a multi-chart layout trade from the labels when the active pane is known', () => {
    const r = decide({
      ...withLabel('', {
        header: null,
        panes: [pane(false, null, 'Chart for NASDAQ:QQQ, 1D'), pane(true, null, 'Chart for AMEX:SPY, 1D')],
      }),
      ...settled,
    });
    expect(r).toMatchObject({ state: 'ready', symbol: 'SPY', exchange: 'AMEX' });
  });

  it('refuses a multi-chart layout whose active pane is not known, whatever the labels say', () => {
    const r = decide({
      ...withLabel('', {
        panes: [pane(false, null, 'Chart for AMEX:SPY, 1D'), pane(false, null, 'Chart for AMEX:SPY, 5')],
      }),
      ...settled,
    });
    expect(r.state).toBe('ambiguous');
  });

  it('compares expressions with every exchange prefix dropped', () => {
    const r = judged(
      withLabel('Chart for NASDAQ:AAPL/AMEX:SPY, 1D', {
        title: 'AAPL/SPY 0.39 ▲ +0.2% Unnamed',
        header: 'AAPL/SPY',
        panes: [pane(true, null, 'Chart for NASDAQ:AAPL/AMEX:SPY, 1D')],
      }),
    );
    expect(r.state).toBe('unsupported');
  });

  it('refuses two labels in one pane that disagree', () => {
    const twice = pane(true, ['SPY', 'NYSE Arca'], 'Chart for AMEX:SPY, 1D');
    twice.labels.push('Chart for NASDAQ:QQQ, 1D');
    expect(decide({ ...withLabel('', { panes: [twice] }), ...settled }).state).toBe('ambiguous');
  });
});

describe('applySymbolMap', () => {
  it('judges a report the content script called ready, so a tampered one cannot trade an expression', () => {
    const forged: ChartReport = {
      symbol: 'AAPL/SPY',
      exchange: null,
      underlying: 'AAPL/SPY',
      state: 'ready',
      reason: '',
      changedAt: 0,
      theme: 'light',
    };
    expect(applySymbolMap(forged, {})).toMatchObject({ state: 'unsupported', underlying: null });
  });

  it('leaves reports that are not ready or unsupported as they are', () => {
    const loading: ChartReport = {
      symbol: 'SPY',
      exchange: null,
      underlying: null,
      state: 'settling',
      reason: 'wait',
      changedAt: 0,
      theme: 'light',
    };
    expect(applySymbolMap(loading, { SPY: 'QQQ' })).toBe(loading);
  });
});

describe('readingKey', () => {
  const base: ChartReading = {
    title: 'SPY 585.12 ▲ +0.41% Unnamed',
    header: 'SPY',
    panes: [pane(true, ['SPY', 'NYSE Arca'], 'Chart for AMEX:SPY, 1D')],
    theme: 'light',
  };
  const key = (over: Partial<ChartReading>) => readingKey({ ...base, ...over });

  it('ignores the price, the theme and the interval but not the ticker, exchange, label or active pane', () => {
    const same = readingKey(base);
    expect(key({ title: 'SPY 585.99 ▼ −0.01% Unnamed' })).toBe(same);
    expect(key({ theme: 'dark' })).toBe(same);
    expect(key({ panes: [pane(true, ['SPY', 'NYSE Arca'], 'Chart for AMEX:SPY, 5')] })).toBe(same);
    expect(key({ title: 'QQQ 512.3 0% Unnamed' })).not.toBe(same);
    expect(key({ panes: [pane(true, ['SPY', 'AMEX'], 'Chart for AMEX:SPY, 1D')] })).not.toBe(same);
    expect(key({ panes: [pane(false, ['SPY', 'NYSE Arca'], 'Chart for AMEX:SPY, 1D')] })).not.toBe(same);
    expect(key({ panes: [pane(true, ['SPY', 'NYSE Arca'], 'Chart for ARCA:SPY, 1D')] })).not.toBe(same);
  });
});

describe('sameReport', () => {
  it('tells apart reports whose landmarks differ', () => {
    const a = decide({ ...base(), ...settled });
    const b = decide({ ...base({ header: null }), ...settled });
    expect(a.state).toBe(b.state);
    expect(sameReport(a, b)).toBe(false);
    expect(sameReport(a, decide({ ...base(), ...settled }))).toBe(true);
    expect(sameReport(null, null)).toBe(true);
    expect(sameReport(a, null)).toBe(false);
  });

  function base(over: Partial<ChartReading> = {}): ChartReading {
    return {
      title: 'SPY 585.12 ▲ +0.41% Unnamed',
      header: 'SPY',
      panes: [pane(true, ['SPY', 'NYSE Arca'], null)],
      theme: 'light',
      ...over,
    };
  }
});
