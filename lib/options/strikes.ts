/**
 * Strike increments by underlying: where listed strikes sit near the money. The server picks the
 * nearest listed strike anyway; snapping here makes the ticket show what will most likely fill.
 */
const INCREMENTS: Record<string, number> = {
  SPX: 5,
  SPXW: 5,
  NDX: 10,
  RUT: 5,
  XSP: 1,
  SPY: 1,
  QQQ: 1,
  IWM: 1,
  DIA: 1,
  AAPL: 5,
  MSFT: 5,
  NVDA: 1,
  TSLA: 5,
  AMZN: 5,
  META: 5,
  GOOGL: 5,
};

/** The strike step of an underlying: the table's, else a default by price (stocks list finer strikes when cheap). */
export function strikeIncrement(symbol: string, price: number): number {
  const known = INCREMENTS[symbol.toUpperCase()];
  if (known !== undefined) return known;
  if (!(price > 0)) return 1;
  if (price < 25) return 0.5;
  if (price < 100) return 1;
  if (price < 200) return 2.5;
  return 5;
}

/** The nearest strike on the grid (never 0), without binary float dust: 582.5, not 582.4999999. */
export function snapStrike(value: number, increment: number): number {
  const steps = Math.max(1, Math.round(value / increment));
  return Math.round(steps * increment * 1000) / 1000;
}
