import type { OptionalSiteId } from '@/lib/chart/sites/types';

/**
 * Pages of each charting site, written from what issue 16 collected of how other extensions and
 * userscripts read them (EVIDENCE), or from how the sites are known to title their pages (ASSUMED: not
 * seen here; a wrong guess makes the reader ask the trader to confirm, or refuse, never trade).
 * `symbol`: what the page is about; `sources`: how many sources show it; `refused`: a listing page.
 * The browser tests serve the same pages under each site's host (tests/browser/harness/site-pages.ts).
 */
export interface SitePage {
  site: OptionalSiteId;
  url: string;
  title: string;
  /** EVIDENCE: the form is in issue 16; ASSUMED: the title form is not. */
  basis: 'EVIDENCE' | 'ASSUMED';
  expect:
    | { kind: 'symbol'; symbol: string; sources: number }
    | { kind: 'refused' }
    | { kind: 'none' }
    | { kind: 'disagree' };
}

export const SITE_PAGES: SitePage[] = [
  // Yahoo Finance: `/quote/{SYM}/`, `/chart/{SYM}` (EVIDENCE); titles (ASSUMED).
  {
    site: 'yahoo',
    url: 'https://finance.yahoo.com/quote/AAPL/',
    title: 'Apple Inc. (AAPL) Stock Price, News, Quote & History - Yahoo Finance',
    basis: 'ASSUMED',
    expect: { kind: 'symbol', symbol: 'AAPL', sources: 2 },
  },
  {
    site: 'yahoo',
    url: 'https://finance.yahoo.com/chart/SPY',
    title: 'SPY Interactive Stock Chart | SPDR S&P 500 ETF Trust Stock - Yahoo Finance',
    basis: 'ASSUMED',
    expect: { kind: 'symbol', symbol: 'SPY', sources: 2 },
  },
  {
    site: 'yahoo',
    url: 'https://finance.yahoo.com/quote/%5EGSPC/',
    title: 'S&P 500 (^GSPC) Charts, Data & News - Yahoo Finance',
    basis: 'EVIDENCE',
    expect: { kind: 'symbol', symbol: '^GSPC', sources: 2 },
  },
  {
    site: 'yahoo',
    url: 'https://finance.yahoo.com/quote/CL=F/',
    title: 'Crude Oil Jan 27 (CL=F) Stock Price, News, Quote & History - Yahoo Finance',
    basis: 'EVIDENCE',
    expect: { kind: 'symbol', symbol: 'CL=F', sources: 2 },
  },
  {
    site: 'yahoo',
    url: 'https://finance.yahoo.com/quote/RY.TO/options/',
    title: 'Yahoo Finance',
    basis: 'EVIDENCE',
    expect: { kind: 'symbol', symbol: 'RY.TO', sources: 1 },
  },
  {
    site: 'yahoo',
    url: 'https://finance.yahoo.com/quote/MSFT/',
    title: 'Apple Inc. (AAPL) Stock Price, News, Quote & History - Yahoo Finance',
    basis: 'EVIDENCE',
    expect: { kind: 'disagree' },
  },
  {
    site: 'yahoo',
    url: 'https://finance.yahoo.com/research-hub/screener/most_actives/',
    title: 'Most Active Stocks Today - Yahoo Finance',
    basis: 'ASSUMED',
    expect: { kind: 'refused' },
  },
  {
    site: 'yahoo',
    url: 'https://finance.yahoo.com/chart/AAPL?comparisons=MSFT',
    title: 'AAPL Interactive Stock Chart | Apple Inc. Stock - Yahoo Finance',
    basis: 'ASSUMED',
    expect: { kind: 'refused' },
  },
  {
    site: 'yahoo',
    url: 'https://finance.yahoo.com/news/',
    title: 'Yahoo Finance',
    basis: 'ASSUMED',
    expect: { kind: 'none' },
  },

  // Barchart: `/stocks/quotes/{SYM}/…`, `$SPX` (EVIDENCE); titles (ASSUMED).
  {
    site: 'barchart',
    url: 'https://www.barchart.com/stocks/quotes/AAPL/overview',
    title: 'AAPL - Apple Inc Stock Price - Barchart.com',
    basis: 'ASSUMED',
    expect: { kind: 'symbol', symbol: 'AAPL', sources: 2 },
  },
  {
    site: 'barchart',
    url: 'https://www.barchart.com/stocks/quotes/$SPX/interactive-chart',
    title: '$SPX - S&P 500 Index Interactive Chart - Barchart.com',
    basis: 'EVIDENCE',
    expect: { kind: 'symbol', symbol: '$SPX', sources: 2 },
  },
  {
    site: 'barchart',
    url: 'https://www.barchart.com/stocks/quotes/TSLA/options',
    title: 'Options Prices - Barchart.com',
    basis: 'EVIDENCE',
    expect: { kind: 'symbol', symbol: 'TSLA', sources: 1 },
  },
  {
    site: 'barchart',
    url: 'https://www.barchart.com/stocks/screener',
    title: 'Stock Screener - Barchart.com',
    basis: 'ASSUMED',
    expect: { kind: 'refused' },
  },

  // Finviz: `quote.ashx?t={SYM}`, screeners ambiguous (EVIDENCE); title (ASSUMED).
  {
    site: 'finviz',
    url: 'https://finviz.com/quote.ashx?t=NVDA&p=d',
    title: 'NVDA - NVIDIA Corp Stock Price and Quote',
    basis: 'ASSUMED',
    expect: { kind: 'symbol', symbol: 'NVDA', sources: 2 },
  },
  {
    site: 'finviz',
    url: 'https://finviz.com/screener.ashx?v=111&t=AAPL,MSFT,NVDA',
    title: 'Stock Screener - Overview',
    basis: 'EVIDENCE',
    expect: { kind: 'refused' },
  },
  {
    site: 'finviz',
    url: 'https://finviz.com/quote.ashx?t=AAPL,MSFT',
    title: 'Finviz',
    basis: 'EVIDENCE',
    expect: { kind: 'refused' },
  },

  // StockCharts: SharpCharts `h-sc/ui?s={SYM}`, `$` indices (EVIDENCE): the address only.
  {
    site: 'stockcharts',
    url: 'https://stockcharts.com/h-sc/ui?s=IWM',
    title: 'SharpCharts Workbench | StockCharts.com',
    basis: 'EVIDENCE',
    expect: { kind: 'symbol', symbol: 'IWM', sources: 1 },
  },
  {
    site: 'stockcharts',
    url: 'https://stockcharts.com/h-sc/ui?s=$SPX',
    title: 'SharpCharts Workbench | StockCharts.com',
    basis: 'EVIDENCE',
    expect: { kind: 'symbol', symbol: '$SPX', sources: 1 },
  },
  {
    site: 'stockcharts',
    url: 'https://stockcharts.com/h-sc/ui?s=SPY:QQQ',
    title: 'SharpCharts Workbench | StockCharts.com',
    basis: 'ASSUMED',
    expect: { kind: 'refused' },
  },

  // TrendSpider: title `TICKER: … — TrendSpider`; workspace URLs carry no symbol (EVIDENCE).
  {
    site: 'trendspider',
    url: 'https://charts.trendspider.com/workspace/8f2c1a',
    title: 'QQQ: 512.34 +0.8% — TrendSpider',
    basis: 'EVIDENCE',
    expect: { kind: 'symbol', symbol: 'QQQ', sources: 1 },
  },
  {
    site: 'trendspider',
    url: 'https://charts.trendspider.com/workspace/8f2c1a',
    title: 'TrendSpider',
    basis: 'EVIDENCE',
    expect: { kind: 'none' },
  },
];
