import { classifySymbol } from './classify-symbol';
import { SITE_RULES } from './sites/rules';
import type { ChartReport } from './types';

/** `NASDAQ:AAPL` → `AAPL`. The API takes the bare underlying; the exchange is only shown. */
export function dropExchange(symbol: string): string {
  const colon = symbol.indexOf(':');
  return colon >= 0 ? symbol.slice(colon + 1) : symbol;
}

/**
 * The trader's mapping for a chart ticker (`ES1!` → `SPY`), tried with the exchange prefix as written
 * and without it, so a mapping saved as `CME_MINI:ES1!` or as `ES1!` both apply.
 */
export function mappedUnderlying(ticker: string, symbolMap: Readonly<Record<string, string>>): string | null {
  const candidates = [ticker, dropExchange(ticker)];
  for (const key of candidates) {
    if (Object.hasOwn(symbolMap, key)) {
      const mapped = symbolMap[key]?.trim();
      if (mapped) return dropExchange(mapped);
    }
  }
  return null;
}

/**
 * What to trade for a chart ticker: the trader's mapping if any, else the ticker without its exchange.
 * Indexes stay as they are (`SPX` stays `SPX`): the API resolves option roots such as `SPXW` itself,
 * and guessing a root here would trade something the trader did not pick.
 */
export function underlyingFor(ticker: string, symbolMap: Readonly<Record<string, string>>): string {
  return mappedUnderlying(ticker, symbolMap) ?? dropExchange(ticker);
}

/**
 * The background's half of reading the chart: the content script only says which symbol the chart
 * surely shows (it never sees settings, and a page may tamper with it), so whether that symbol can be
 * traded is judged here, with the trader's mapping. Only `ready` and `unsupported` reports are
 * touched: both come only once the sources agree and the settle time passed. The trader's mapping wins
 * over every rule; else an expression, a dominance index or a continuous future is `unsupported`.
 */
export function applySymbolMap(
  report: ChartReport,
  symbolMap: Readonly<Record<string, string>>,
): ChartReport {
  if (report.symbol === null) return report;
  if (report.state !== 'ready' && report.state !== 'unsupported') return report;
  const mapped = mappedUnderlying(report.symbol, symbolMap);
  // A site's own names first (Yahoo's `^GSPC`, `CL=F`): some trade only through the map, some never.
  const siteProblem = SITE_RULES[report.site ?? 'tradingview'].rule(report.symbol, mapped !== null);
  if (siteProblem !== null) return { ...report, state: 'unsupported', underlying: null, reason: siteProblem };
  if (mapped !== null) return { ...report, state: 'ready', underlying: mapped, reason: '' };
  const kind = classifySymbol(report.symbol, symbolMap);
  if (kind.kind !== 'ticker')
    return { ...report, state: 'unsupported', underlying: null, reason: kind.reason };
  return { ...report, state: 'ready', underlying: dropExchange(report.symbol), reason: '' };
}
