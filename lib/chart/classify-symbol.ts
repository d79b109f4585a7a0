import { words } from '../words';
import { MAX_TICKER, short } from './read-symbol';
import { dropExchange, mappedUnderlying } from './underlying';

/**
 * Whether a chart's symbol can be traded as shown: decided in the background (applySymbolMap), which
 * holds the trader's mapping, rather than by the content script, which only reads what the chart shows.
 */

export type SymbolKind = 'ticker' | 'mapped' | 'expression' | 'dominance' | 'continuousFuture';

export interface SymbolClass {
  kind: SymbolKind;
  /** Why it cannot be traded as shown; empty for tickers and mapped symbols. */
  reason: string;
}

/** A hyphen suffix of one or two letters is a share class, warrant or unit (`BRK-B`, `CTOS-WC`, `PBR-A`). */
const CLASS_SUFFIX = /^[A-Z]{1,2}$/;

function isExpression(symbol: string): boolean {
  if (symbol.length > MAX_TICKER) return true;
  // Whitespace, arithmetic, grouping, or a second exchange-qualified symbol: only expressions have these.
  if (/[\s/*+^()]/.test(symbol) || symbol.includes(':')) return true;
  if (symbol.includes('-')) {
    const [base, ...suffixes] = symbol.split('-');
    // `AAPL-MSFT`, `SPY-10`, `-SPY`: a second symbol or number, not a class suffix.
    if (!base || suffixes.length !== 1 || !suffixes.every((s) => CLASS_SUFFIX.test(s))) return true;
  }
  return false;
}

/**
 * Whether a chart ticker can be traded as shown. The trader's mapping wins over every rule: mapping
 * `ES1!` → `SPY` is the trader saying what to trade.
 */
export function classifySymbol(ticker: string, symbolMap: Readonly<Record<string, string>>): SymbolClass {
  if (mappedUnderlying(ticker, symbolMap) !== null) return { kind: 'mapped', reason: '' };
  const symbol = dropExchange(ticker);
  const shown = short(symbol);
  if (isExpression(symbol)) {
    return {
      kind: 'expression',
      reason: words('chartExpression', shown),
    };
  }
  if (symbol.endsWith('.D')) {
    return { kind: 'dominance', reason: words('chartDominance', shown) };
  }
  if (symbol.includes('!')) {
    return {
      kind: 'continuousFuture',
      reason: words('chartContinuousFuture', shown),
    };
  }
  return { kind: 'ticker', reason: '' };
}
