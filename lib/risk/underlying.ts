import type { Bot, BotId, Order } from '../api/types';

/**
 * Which underlying an entry is for, for the per-underlying limit. Legs name it; `enter/{bot}` does
 * not, so a bot's underlying comes from the trader's binding when there is one, else from the
 * ticker its name starts with ("SPY Put Credit Spread" → SPY). A bot whose name names none is
 * "unknown", and the limit then holds its entries with a reason rather than guess.
 */

/** Words a bot name may start with that look like tickers but are not. */
const NOT_TICKERS = new Set(['DTE', 'IC', 'BOT', 'AM', 'PM', 'ATM', 'OTM', 'ITM', 'EOD', 'MY', 'THE', 'A']);

/** The ticker a bot's name starts with, or null. */
export function tickerInName(name: string): string | null {
  const first = name.trim().split(/\s+/)[0] ?? '';
  const ticker = first.replace(/^\$/, '');
  return /^[A-Z]{1,5}$/.test(ticker) && !NOT_TICKERS.has(ticker) ? ticker : null;
}

/** A bot's underlying: the trader's binding first, else the ticker in its name, else null. */
export function botUnderlying(
  bots: readonly Bot[],
  bot: BotId,
  bound: (bot: BotId) => string | null = () => null,
): string | null {
  const fromBinding = bound(bot);
  if (fromBinding) return fromBinding;
  const found = bots.find((b) => b.id === bot);
  return found ? tickerInName(found.name) : null;
}

/** The underlying an entry opens a trade on, or null when it cannot be told. */
export function entryUnderlying(
  order: Order,
  bots: readonly Bot[],
  bound?: (bot: BotId) => string | null,
): string | null {
  if (order.kind === 'enterLegs') {
    const symbols = new Set(order.legs.map((leg) => leg.symbol.trim().toUpperCase()));
    return symbols.size === 1 ? ([...symbols][0] ?? null) : null;
  }
  if (order.kind === 'enterBot') return botUnderlying(bots, order.bot, bound);
  return null;
}
