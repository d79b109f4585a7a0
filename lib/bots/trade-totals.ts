import type { Bot, BotId, OpenTrade } from '../api/types';
import { words } from '../words';
import { anySymbolBots, type BotBindings, botsBoundTo } from './binding';

/**
 * Open trades totalled per bot. The API's open trades do not say which bot holds a trade, so a trade
 * counts for the bot the trader bound to its underlying: exactly that bot when one is, "A or B" when
 * several are (never split by a guess), and "no bot bound" when none is. Custom orders held by an
 * "any symbol" bot are counted with their symbol's bot; the views say so (anySymbolNote).
 */
export interface BotTotal {
  /** Stable per group: the bots' ids, or the symbol when no bot is bound to it. */
  key: string;
  /** The bots the trades count for (one, or the several bound to the same underlying); empty: none. */
  bots: BotId[];
  /** "SPY Put Credit Spread", "A or B", or "No bot bound to AAPL". */
  label: string;
  symbols: string[];
  count: number;
  /** Dollars, signed; a trade whose P&L is not a number adds nothing. */
  pnl: number;
}

/** "A or B" ("A, B, or C") in the trader's language. */
const either = (names: string[]): string =>
  new Intl.ListFormat(undefined, { type: 'disjunction' }).format(names);

export function totalsByBot(
  trades: readonly OpenTrade[],
  bots: readonly Bot[],
  bindings: Readonly<BotBindings>,
): BotTotal[] {
  const groups = new Map<string, BotTotal>();
  for (const trade of trades) {
    const holders = botsBoundTo(bots, bindings, trade.symbol).sort((a, b) => a.id - b.id);
    const key = holders.length > 0 ? holders.map((b) => b.id).join('+') : `none:${trade.symbol}`;
    const group = groups.get(key) ?? {
      key,
      bots: holders.map((b) => b.id),
      label: holders.length > 0 ? either(holders.map((b) => b.name)) : words('totalsNoBot', trade.symbol),
      symbols: [],
      count: 0,
      pnl: 0,
    };
    if (!group.symbols.includes(trade.symbol)) group.symbols.push(trade.symbol);
    group.count += 1;
    group.pnl += Number.isFinite(trade.profitLoss) ? trade.profitLoss : 0;
    groups.set(key, group);
  }
  // Bound bots first, by name; then the unbound symbols.
  return [...groups.values()].sort(
    (a, b) => Number(a.bots.length === 0) - Number(b.bots.length === 0) || a.label.localeCompare(b.label),
  );
}

/** Said under the totals when an "any symbol" bot may hold some of the trades counted above. */
export function anySymbolNote(bots: readonly Bot[], bindings: Readonly<BotBindings>): string | null {
  const holders = anySymbolBots(bots, bindings).map((b) => b.name);
  if (holders.length === 0) return null;
  return words('totalsAnySymbolNote', either(holders));
}
