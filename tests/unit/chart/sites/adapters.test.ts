// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { barchart, barchartSymbolRule } from '@/lib/chart/sites/barchart';
import { decidePage } from '@/lib/chart/sites/decide-page';
import { finviz } from '@/lib/chart/sites/finviz';
import { stockcharts, stockchartsSymbolRule } from '@/lib/chart/sites/stockcharts';
import { trendspider } from '@/lib/chart/sites/trendspider';
import type { OptionalSiteId, PageSiteAdapter } from '@/lib/chart/sites/types';
import { yahoo, yahooSymbolRule } from '@/lib/chart/sites/yahoo';
import { SETTLE_MS } from '@/lib/chart/types';
import { applySymbolMap } from '@/lib/chart/underlying';
import { SITE_PAGES } from './fixtures';

const ADAPTERS: Record<OptionalSiteId, PageSiteAdapter> = {
  yahoo,
  barchart,
  finviz,
  stockcharts,
  trendspider,
};
const settled = (adapter: PageSiteAdapter, url: string, title: string) =>
  decidePage(adapter, adapter.read(new URL(url), title), 10_000, 0);

describe('site adapters read their fixtures', () => {
  for (const page of SITE_PAGES) {
    it(`${page.site}: ${page.url} «${page.title}» (${page.basis})`, () => {
      const adapter = ADAPTERS[page.site];
      const reading = adapter.read(new URL(page.url), page.title);
      const report = decidePage(adapter, reading, 10_000, 0);
      expect(report.site).toBe(page.site);
      switch (page.expect.kind) {
        case 'symbol': {
          expect(reading.kind).toBe('symbol');
          const found = reading.kind === 'symbol' ? reading.sources.filter((s) => s.ticker !== null) : [];
          expect(found.map((s) => s.ticker)).toEqual(Array(page.expect.sources).fill(page.expect.symbol));
          expect(report.symbol).toBe(page.expect.symbol);
          // Two sources that agree are ready; one is read-only until the trader confirms it.
          expect(report.state).toBe(
            page.expect.sources >= 2 && adapter.certainty === 'agree' ? 'ready' : 'unconfirmed',
          );
          break;
        }
        case 'refused':
          expect(report.state).toBe('ambiguous');
          expect(report.symbol).toBeNull();
          expect(report.reason).not.toBe('');
          break;
        case 'none':
          expect(report.state).toBe('unreadable');
          break;
        case 'disagree':
          expect(report.state).toBe('ambiguous');
          expect(report.reason).toContain('Trading is off until they agree');
          break;
      }
    });
  }

  it('every site has fixtures of a symbol page, and of a refused or symbol-less page', () => {
    for (const site of Object.keys(ADAPTERS)) {
      const kinds = new Set(SITE_PAGES.filter((p) => p.site === site).map((p) => p.expect.kind));
      expect(kinds.has('symbol')).toBe(true);
      expect(kinds.has('refused') || kinds.has('none')).toBe(true);
    }
  });
});

describe('in-page navigation', () => {
  it('a changed address is settling at first, then ambiguous while the title still shows the old symbol', () => {
    const reading = yahoo.read(
      new URL('https://finance.yahoo.com/quote/MSFT/'),
      'Apple Inc. (AAPL) Stock Price, News, Quote & History - Yahoo Finance',
    );
    expect(decidePage(yahoo, reading, 1_000 + SETTLE_MS - 1, 1_000).state).toBe('settling');
    expect(decidePage(yahoo, reading, 1_000 + SETTLE_MS, 1_000).state).toBe('ambiguous');
  });

  it('a symbol that just showed everywhere waits the settle time before it is ready', () => {
    const reading = finviz.read(
      new URL('https://finviz.com/quote.ashx?t=NVDA'),
      'NVDA - NVIDIA Corp Stock Price and Quote',
    );
    expect(decidePage(finviz, reading, 1_000, 1_000)).toMatchObject({ state: 'settling', symbol: 'NVDA' });
    expect(decidePage(finviz, reading, 1_000 + SETTLE_MS, 1_000)).toMatchObject({
      state: 'ready',
      underlying: 'NVDA',
    });
  });

  it('declares what changes on navigation', () => {
    expect(yahoo.navigation).toContain('pushState');
    expect(trendspider.navigation).toEqual(['title']);
  });
});

describe("sites' own symbols, judged in the background", () => {
  const judge = (adapter: PageSiteAdapter, url: string, title: string, map: Record<string, string> = {}) =>
    applySymbolMap(settled(adapter, url, title), map);

  it('^GSPC trades SPX only through the trader’s map', () => {
    const url = 'https://finance.yahoo.com/quote/%5EGSPC/';
    const title = 'S&P 500 (^GSPC) Charts, Data & News - Yahoo Finance';
    const plain = judge(yahoo, url, title);
    expect(plain).toMatchObject({ state: 'unsupported', underlying: null });
    expect(plain.reason).toContain('map it');
    expect(judge(yahoo, url, title, { '^GSPC': 'SPX' })).toMatchObject({ state: 'ready', underlying: 'SPX' });
  });

  it('Yahoo-only futures, currencies and foreign listings are refused, map or not', () => {
    for (const symbol of ['CL=F', 'EURUSD=X', 'RY.TO', 'RELIANCE.NS', 'BTC-USD']) {
      expect(yahooSymbolRule(symbol, false)).not.toBeNull();
      expect(yahooSymbolRule(symbol, true)).not.toBeNull();
    }
    const oil = judge(yahoo, 'https://finance.yahoo.com/quote/CL=F/', 'Crude Oil (CL=F) - Yahoo Finance', {
      'CL=F': 'USO',
    });
    expect(oil).toMatchObject({ state: 'unsupported', underlying: null });
    expect(oil.reason).toContain('futures');
    expect(yahooSymbolRule('AAPL', false)).toBeNull();
    expect(yahooSymbolRule('BRK-B', false)).toBeNull();
  });

  it('$ indices on Barchart and StockCharts need a mapping; StockCharts indicators never trade', () => {
    expect(barchartSymbolRule('$SPX', false)).toContain('map it');
    expect(barchartSymbolRule('$SPX', true)).toBeNull();
    expect(barchartSymbolRule('^EURUSD', true)).not.toBeNull();
    expect(stockchartsSymbolRule('$SPX', false)).toContain('map it');
    expect(stockchartsSymbolRule('!BINYA', true)).not.toBeNull();
    const spx = judge(
      barchart,
      'https://www.barchart.com/stocks/quotes/$SPX/overview',
      '$SPX - S&P 500 Index',
      {
        $SPX: 'SPX',
      },
    );
    expect(spx).toMatchObject({ state: 'ready', underlying: 'SPX' });
  });

  it('a TradingView report keeps TradingView’s rules (SPX stays SPX)', () => {
    const report = {
      symbol: 'SPX',
      exchange: null,
      underlying: 'SPX',
      state: 'ready' as const,
      reason: '',
      changedAt: 0,
      theme: 'light' as const,
    };
    expect(applySymbolMap(report, {})).toMatchObject({ state: 'ready', underlying: 'SPX' });
  });
});
