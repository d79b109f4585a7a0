import { words } from '../../words';
import {
  type PageReading,
  type PageSiteAdapter,
  type SiteSymbolRule,
  siteSymbol,
  symbolFromTitle,
} from './types';

/**
 * Barchart. Evidence (issue 16): `/stocks/quotes/{SYM}/…` (overview, options, interactive-chart), and
 * indices written with `$` (`$SPX`). The ETF path `/etfs-funds/quotes/{SYM}/…` and the title forms
 * (`AAPL - Apple Inc Stock Price …`, `Apple Inc (AAPL) …`) are assumed from the same site's layout, not
 * verified here: without a symbol in the title, the address alone asks the trader to confirm.
 */

const QUOTE = /^\/(stocks|etfs-funds)\/quotes\/([^/]+)/;
const LISTINGS =
  /(^|\/)(screener|screeners|watchlist|watchlists|my|compare|signals|top-100-stocks|market-movers)(\/|$)/;

function read(url: URL, title: string): PageReading {
  const path = url.pathname;
  if (/^\/futures\/quotes\//.test(path)) {
    return {
      kind: 'refused',
      symbol: null,
      reason: words('siteBarchartFutures'),
    };
  }
  const match = QUOTE.exec(path);
  if (!match?.[2]) {
    return LISTINGS.test(path)
      ? { kind: 'refused', symbol: null, reason: words('siteBarchartListing') }
      : { kind: 'none' };
  }
  if (match[2].includes(',')) {
    return { kind: 'refused', symbol: null, reason: words('siteBarchartCompare') };
  }
  return {
    kind: 'symbol',
    sources: [
      { name: 'address', ticker: siteSymbol(match[2]) },
      { name: 'title', ticker: symbolFromTitle(title) },
    ],
  };
}

export const barchart: PageSiteAdapter = {
  id: 'barchart',
  label: 'Barchart',
  certainty: 'agree',
  navigation: ['pushState', 'popstate', 'title'],
  read,
};

/** `$SPX` (Barchart's index form) trades only through the trader's map; `^EURUSD` (currencies) never. */
export const barchartSymbolRule: SiteSymbolRule = (symbol, mapped) => {
  if (symbol.startsWith('$')) {
    return mapped ? null : words('siteBarchartIndex', symbol);
  }
  if (symbol.startsWith('^')) return words('siteBarchartCurrency', symbol);
  return null;
};
