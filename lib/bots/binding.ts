import type { Bot, BotId, Order } from '../api/types';
import { words } from '../words';

/**
 * Which underlying each bot trades, as the trader set it. `POST enter/{bot}` carries no symbol: the
 * bot's own settings pick it, and the API does not say which. So the extension never guesses: a bot
 * enters from a chart only once the trader has bound it to that chart's underlying.
 * Plain types and functions: views, the background and tests share them.
 */

export type BotBinding =
  /** The bot's own settings trade this underlying (`SPY`). */
  | { kind: 'symbol'; underlying: string }
  /** A generic or unmanaged bot: holds custom orders on any symbol, never entered with its settings. */
  | { kind: 'any' };

/** By bot id (as a string key: storage keys are strings). */
export type BotBindings = Record<string, BotBinding>;

/** Tickers as the API takes them: letters, digits and a dot (`BRK.B`), up to 10. */
export const TICKER = /^[A-Z][A-Z0-9.]{0,9}$/;

export function bindingOf(bindings: Readonly<BotBindings>, bot: BotId | number): BotBinding | null {
  return Object.hasOwn(bindings, String(bot)) ? (bindings[String(bot)] ?? null) : null;
}

/** The underlying the bot's own settings trade, or null when not bound to one. */
export function boundUnderlying(bindings: Readonly<BotBindings>, bot: BotId | number): string | null {
  const binding = bindingOf(bindings, bot);
  return binding?.kind === 'symbol' ? binding.underlying : null;
}

/** Bots whose own settings trade this underlying: the only ones "Enter via bot" offers on its chart. */
export function botsBoundTo(
  bots: readonly Bot[],
  bindings: Readonly<BotBindings>,
  underlying: string | null,
) {
  if (underlying === null) return [];
  return bots.filter((bot) => boundUnderlying(bindings, bot.id) === underlying);
}

/** Ids of the bots bound to this underlying, from the bindings alone (no bot list needed). */
export function botIdsBoundTo(bindings: Readonly<BotBindings>, underlying: string): BotId[] {
  return Object.entries(bindings)
    .filter(([, b]) => b.kind === 'symbol' && b.underlying === underlying)
    .map(([id]) => Number(id) as BotId)
    .sort((a, b) => a - b);
}

/** Bots marked "any symbol, custom orders only": where a custom order goes first. */
export function anySymbolBots(bots: readonly Bot[], bindings: Readonly<BotBindings>): Bot[] {
  return bots.filter((bot) => bindingOf(bindings, bot.id)?.kind === 'any');
}

/** Words in bot names that look like tickers but name a strategy or a schedule. */
const NOT_TICKERS = new Set([
  'DTE',
  'ODTE',
  'PUT',
  'PUTS',
  'CALL',
  'CALLS',
  'IC',
  'BOT',
  'AM',
  'PM',
  'ATM',
  'OTM',
  'ITM',
  'EOD',
  'LIVE',
  'PAPER',
  'TEST',
  'NEW',
  'OLD',
  'LONG',
  'SHORT',
]);

/**
 * The ticker a bot's name names ("SPY Put Credit Spread" → SPY), as a one-click suggestion the
 * trader may accept; never applied on its own. Only an upper-case word counts, so "Manual Trades"
 * suggests nothing.
 */
export function suggestedUnderlying(name: string): string | null {
  for (const word of name.split(/[^A-Za-z0-9.]+/)) {
    const w = word.replace(/\.+$/, '');
    if (/^[A-Z]{1,5}$/.test(w) && !NOT_TICKERS.has(w)) return w;
  }
  return null;
}

/** A binding as the trader reads it. */
export function bindingText(binding: BotBinding | null): string {
  if (binding === null) return words('bindingsNotBound');
  return binding.kind === 'any'
    ? words('bindingsAnySymbol')
    : words('bindingTradesUnderlying', binding.underlying);
}

/** The underlying an order trades, as far as it can be known: the legs' symbol, or the bot's binding. */
export function orderUnderlying(order: Order, bindings: Readonly<BotBindings>): string | null {
  switch (order.kind) {
    case 'enterLegs': {
      const symbols = [...new Set(order.legs.map((leg) => leg.symbol.trim().toUpperCase()))];
      return symbols.length === 1 ? (symbols[0] ?? null) : null;
    }
    case 'enterBot':
    case 'closeBot':
      return boundUnderlying(bindings, order.bot);
    default:
      return null;
  }
}

/**
 * Why this order may not go through this bot, or null. `chart` is the underlying of the chart the
 * order came from (null for the popup): a chart order enters and closes only through a bot bound to
 * that underlying; legs go through a bot bound to their underlying or marked "any symbol".
 */
export function bindingProblem(
  order: Order,
  bindings: Readonly<BotBindings>,
  chart: string | null,
  botName: (bot: BotId) => string = (bot) => words('botById', bot),
): string | null {
  if (order.kind !== 'enterBot' && order.kind !== 'closeBot' && order.kind !== 'enterLegs') {
    return null;
  }
  const binding = bindingOf(bindings, order.bot);
  const name = botName(order.bot);
  if (order.kind === 'enterLegs') {
    const symbols = [...new Set(order.legs.map((leg) => leg.symbol.trim().toUpperCase()))];
    if (chart !== null && symbols.some((s) => s !== chart)) {
      return words('bindingLegsOffChart', chart);
    }
    if (binding?.kind === 'symbol' && symbols.some((s) => s !== binding.underlying)) {
      return words('bindingLegsOtherBot', name, binding.underlying, symbols.join('/'));
    }
    if (chart !== null && binding === null) {
      return words('bindingLegsUnbound', name);
    }
    return null;
  }
  if (chart === null) return null;
  if (binding === null) {
    return words('bindingNotBoundTo', name, chart);
  }
  if (binding.kind === 'any') {
    return words(order.kind === 'enterBot' ? 'bindingAnyCannotEnter' : 'bindingAnyCannotClose', name, chart);
  }
  if (binding.underlying !== chart) {
    return words('bindingOtherUnderlying', name, binding.underlying, chart);
  }
  return null;
}
