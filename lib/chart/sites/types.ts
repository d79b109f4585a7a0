/**
 * One charting site, as the extension reads it. TradingView keeps its own reader (lib/chart/read-dom.ts,
 * read-symbol.ts, watch-chart.ts: four landmarks that must agree); every other site is read from its
 * page address and title through this interface (lib/chart/sites/watch-page.ts). Plain types and pure
 * functions only: each site's content script bundles its own adapter and nothing of the others.
 */

export const SITE_IDS = ['tradingview', 'yahoo', 'barchart', 'finviz', 'stockcharts', 'trendspider'] as const;
export type SiteId = (typeof SITE_IDS)[number];
/** Every site but TradingView: off until the trader switches it on in Settings. */
export type OptionalSiteId = Exclude<SiteId, 'tradingview'>;

/**
 * How sure a reading of the site can be:
 * - agree: at least two independent sources (the address and the title) must show the same symbol;
 *   with one of them missing the site falls back to asking the trader (`confirm`).
 * - confirm: the site shows its symbol in one place only: the trader types it once per symbol per tab
 *   (read-only until then).
 */
export type Certainty = 'agree' | 'confirm';

/** What changes on the site when the trader moves to another symbol without a page load. */
export type Navigation = 'pushState' | 'popstate' | 'title';

/** One place a symbol shows on the page, and what it showed (null: missing there, or none). */
export interface PageSource {
  name: 'address' | 'title';
  ticker: string | null;
}

/**
 * What one look at the page found:
 * - symbol: a page about one symbol, with each source's reading (the address first);
 * - refused: a page that lists or compares many symbols (screener, watchlist, comparison) or a kind of
 *   instrument the site names its own way: never tradable, with the reason in a trader's words;
 * - none: a page with no symbol (home, news): the overlay stays away.
 */
export type PageReading =
  | { kind: 'symbol'; sources: PageSource[] }
  | { kind: 'refused'; reason: string; symbol: string | null }
  | { kind: 'none' };

export interface PageSiteAdapter {
  id: OptionalSiteId;
  /** The site's name as the trader knows it. */
  label: string;
  certainty: Certainty;
  navigation: readonly Navigation[];
  /** Read the page: its address (with the query) and its title, nothing else of the page. */
  read(url: URL, title: string): PageReading;
}

/**
 * The background's half for a site: why one of the site's own symbols cannot be traded as shown
 * (`^GSPC` is Yahoo's name for the S&P 500 index), or null when it can. `mapped` says the trader's
 * symbol map has an entry for it: some site names trade only through it, others never.
 */
export type SiteSymbolRule = (symbol: string, mapped: boolean) => string | null;

/** A symbol as a site shows it: upper case, no spaces, a bounded length. */
export function siteSymbol(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  let text = raw;
  try {
    text = decodeURIComponent(raw);
  } catch {
    // A malformed escape is kept as written: it will not look like a symbol and is refused.
  }
  const symbol = text.trim().toUpperCase();
  return /^[A-Z0-9$^.=!&:_\-/]{1,32}$/.test(symbol) ? symbol : null;
}

/** A title's symbol, in the forms sites put it: `Name (SYM) …`, or `SYM - …`, `SYM: …`, `SYM | …` first. */
export function symbolFromTitle(title: string): string | null {
  const inParens = /\(([^()\s]{1,32})\)/.exec(title)?.[1];
  if (inParens && /[A-Z]/.test(inParens) && inParens === inParens.toUpperCase()) return siteSymbol(inParens);
  const first = /^\s*([^\s:|]{1,32})\s*[:|\-–—]\s/.exec(title)?.[1];
  if (first && /[A-Z]/.test(first) && first === first.toUpperCase()) return siteSymbol(first);
  return null;
}
