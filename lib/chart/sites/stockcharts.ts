import { words } from '../../words';
import { type PageReading, type PageSiteAdapter, type SiteSymbolRule, siteSymbol } from './types';

/**
 * StockCharts. Evidence (issue 16): SharpCharts at `h-sc/ui?s={SYM}`, indices with `$` (`$SPX`). The
 * page title is not known to carry the symbol, so the address is the one source: read-only until the
 * trader confirms the symbol by typing it. PerfCharts and CandleGlance (many symbols) and the `:`
 * ratio form (`SPY:QQQ`) are refused.
 */

const CHART = /^\/(h-sc\/ui|sc3\/ui|acp)\/?$/;
const LISTINGS = /^\/(freecharts\/(perf|candleglance|gallery)|h-perf|h-cl|def\/servlet\/SC\.scan)/;

function read(url: URL): PageReading {
  const path = url.pathname;
  if (LISTINGS.test(path)) {
    return {
      kind: 'refused',
      symbol: null,
      reason: words('siteStockchartsListing'),
    };
  }
  if (!CHART.test(path)) return { kind: 'none' };
  const raw = url.searchParams.get('s');
  if (raw === null) return { kind: 'none' };
  if (raw.includes(':') || raw.includes(',')) {
    return {
      kind: 'refused',
      symbol: null,
      reason: words('siteStockchartsCompare', raw.slice(0, 32)),
    };
  }
  return { kind: 'symbol', sources: [{ name: 'address', ticker: siteSymbol(raw) }] };
}

export const stockcharts: PageSiteAdapter = {
  id: 'stockcharts',
  label: 'StockCharts',
  certainty: 'confirm',
  navigation: ['pushState', 'popstate'],
  read,
};

/** `$SPX` trades only through the trader's map; `!`, `_` and `#` symbols are breadth indicators, never. */
export const stockchartsSymbolRule: SiteSymbolRule = (symbol, mapped) => {
  if (symbol.startsWith('$')) {
    return mapped ? null : words('siteStockchartsIndex', symbol);
  }
  if (/^[!_#]/.test(symbol)) return words('siteStockchartsIndicator', symbol);
  return null;
};
