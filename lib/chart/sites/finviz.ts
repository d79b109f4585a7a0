import { words } from '../../words';
import {
  type PageReading,
  type PageSiteAdapter,
  type SiteSymbolRule,
  siteSymbol,
  symbolFromTitle,
} from './types';

/**
 * Finviz. Evidence (issue 16): quote pages are `quote.ashx?t={SYM}`; screeners list many tickers and
 * are ambiguous. The other listing pages (maps, groups, portfolio) and the title form
 * (`AAPL - Apple Inc Stock Price and Quote`) are assumed, not verified here.
 */

const LISTINGS = /^\/(screener|map|groups|portfolio|insidertrading|futures|forex|crypto)[\w-]*\.ashx$/;

function read(url: URL, title: string): PageReading {
  const path = url.pathname;
  if (LISTINGS.test(path)) {
    return { kind: 'refused', symbol: null, reason: words('siteFinvizListing') };
  }
  if (path !== '/quote.ashx') return { kind: 'none' };
  const tickers = url.searchParams.getAll('t');
  const raw = tickers[0];
  if (raw === undefined) return { kind: 'none' };
  if (tickers.length > 1 || raw.includes(',')) {
    return {
      kind: 'refused',
      symbol: null,
      reason: words('siteFinvizSeveral'),
    };
  }
  return {
    kind: 'symbol',
    sources: [
      { name: 'address', ticker: siteSymbol(raw) },
      { name: 'title', ticker: symbolFromTitle(title) },
    ],
  };
}

export const finviz: PageSiteAdapter = {
  id: 'finviz',
  label: 'Finviz',
  certainty: 'agree',
  navigation: ['title'],
  read,
};

/** Finviz quote pages carry plain US tickers: the common rules (lib/chart/classify-symbol.ts) suffice. */
export const finvizSymbolRule: SiteSymbolRule = () => null;
