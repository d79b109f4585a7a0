import { words } from '../../words';
import {
  type PageReading,
  type PageSiteAdapter,
  type SiteSymbolRule,
  siteSymbol,
  symbolFromTitle,
} from './types';

/**
 * Yahoo Finance. Evidence (issue 16): the symbol is in the path, `/quote/{SYM}/…` and `/chart/{SYM}`,
 * and in-page navigation changes it through pushState. The title forms (`Apple Inc. (AAPL) Stock
 * Price, News, Quote & History - Yahoo Finance`, `AAPL Interactive Stock Chart | … - Yahoo Finance`) are
 * how the site has long titled those pages, not verified here: a title that shows no symbol leaves the
 * address alone, and the trader is asked to confirm it (never traded on one source).
 */

/** Pages that list or compare many symbols: never one chart's symbol. */
const LISTINGS =
  /^\/(screener|research-hub\/screener|watchlists?|portfolios?|markets|trending-tickers|most-active|gainers|losers)(\/|$)/;

function read(url: URL, title: string): PageReading {
  const path = url.pathname;
  if (LISTINGS.test(path)) {
    return {
      kind: 'refused',
      symbol: null,
      reason: words('siteYahooListing'),
    };
  }
  const match = /^\/(quote|chart)\/([^/]+)/.exec(path);
  if (!match?.[2]) return { kind: 'none' };
  const raw = match[2];
  if (raw.includes(',') || url.searchParams.has('comparisons')) {
    return {
      kind: 'refused',
      symbol: null,
      reason: words('siteYahooCompare'),
    };
  }
  const address = siteSymbol(raw);
  const chartTitle = /^\s*(\S{1,32}) Interactive Stock Chart\b/.exec(title)?.[1];
  const shown = chartTitle ? siteSymbol(chartTitle) : symbolFromTitle(title);
  return {
    kind: 'symbol',
    sources: [
      { name: 'address', ticker: address },
      { name: 'title', ticker: shown },
    ],
  };
}

export const yahoo: PageSiteAdapter = {
  id: 'yahoo',
  label: 'Yahoo Finance',
  certainty: 'agree',
  navigation: ['pushState', 'popstate', 'title'],
  read,
};

/**
 * Yahoo's own symbols. `^GSPC` (an index) trades only through the trader's map (`^GSPC` → SPX);
 * futures (`CL=F`), currencies (`EURUSD=X`), crypto pairs (`BTC-USD`) and listings outside the US
 * (`RY.TO`, `RELIANCE.NS`) are refused, map or not: no bot trades them.
 */
export const yahooSymbolRule: SiteSymbolRule = (symbol, mapped) => {
  if (symbol.startsWith('^')) {
    return mapped ? null : words('siteYahooIndex', symbol);
  }
  if (symbol.endsWith('=F')) return words('siteYahooFutures', symbol);
  if (symbol.endsWith('=X')) return words('siteYahooCurrency', symbol);
  if (/-(USD|EUR|GBP|JPY|CAD|BTC|ETH|USDT)$/.test(symbol)) return words('siteCryptoPair', symbol);
  const suffix = /\.([A-Z]{1,3})$/.exec(symbol)?.[1];
  if (suffix) return words('siteOutsideUs', symbol, suffix);
  return null;
};
