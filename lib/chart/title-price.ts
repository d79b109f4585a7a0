import { tickerFromTitle } from './read-symbol';

/**
 * The last price a TradingView chart title shows (`SPY 585.12 ▲ +0.41% Unnamed` → 585.12), with the
 * ticker it belongs to; the price is null when the title has none (loading, a site title). Thousands
 * separators are taken (`97,123.45`); anything else that is not a plain positive number is refused.
 */
export function quoteFromTitle(title: string | null): { ticker: string | null; price: number | null } {
  const ticker = tickerFromTitle(title);
  if (ticker === null || title === null) return { ticker: null, price: null };
  const word = title.trim().split(/\s+/)[1] ?? '';
  const text = word.replace(/,(?=\d{3}(\D|$))/g, '');
  if (!/^\d+(\.\d+)?$/.test(text)) return { ticker, price: null };
  const price = Number(text);
  return { ticker, price: Number.isFinite(price) && price > 0 ? price : null };
}
