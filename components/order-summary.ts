import type { Bot, Leg, OpenTrade, Order } from '../lib/api/types';
import { type BotBindings, bindingOf, bindingText } from '../lib/bots/binding';
import type { Mode } from '../lib/messaging/protocol';

/** What the trader needs to recognise an order: the bots and trades it may name. */
export interface OrderContext {
  bots: readonly Bot[];
  trades: readonly OpenTrade[];
  /** What each bot trades, so a confirmation names the underlying and not only the bot. */
  bindings?: Readonly<BotBindings>;
}

export interface OrderSummary {
  /** e.g. "Enter a trade with the bot's settings" */
  title: string;
  /** Label/value pairs, in the order a trader checks them: mode, bot, legs or trade, close rule, trim. */
  rows: { label: string; value: string }[];
}

export function botText(bot: number, ctx: OrderContext): string {
  const found = ctx.bots.find((b) => b.id === bot);
  const name = found ? `${found.name} (#${bot})` : `Bot #${bot}`;
  return ctx.bindings ? `${name} · ${bindingText(bindingOf(ctx.bindings, bot))}` : name;
}

export function tradeText(trade: number, ctx: OrderContext): string {
  const found = ctx.trades.find((t) => t.id === trade);
  return found ? `${found.symbol} ${found.strategy} (#${trade})` : `Trade #${trade}`;
}

/** `Buy 2 SPY 2025-03-21 600 call`: side and contracts, never a bare signed number. */
export function legText(leg: Leg): string {
  const side = leg.quantity > 0 ? 'Buy' : 'Sell';
  return `${side} ${Math.abs(leg.quantity)} ${leg.symbol.trim().toUpperCase()} ${leg.expiration} ${leg.strike} ${leg.type}`;
}

/**
 * What a trim closes. The API rounds the contracts up and does not say how many a trade holds, so
 * every trim says what it does to a 1-lot (any bot entry of one contract): it closes it whole.
 */
export function trimText(trim: number): string {
  return trim >= 100
    ? '100%: the whole trade'
    : `${trim}% (rounds up: on a 1-lot this closes the whole trade)`;
}

/** A journal row's order in a trader's words: the bot by name, each leg with strike and expiration. */
export function journalWords(order: Order, ctx: OrderContext): string[] {
  switch (order.kind) {
    case 'enterLegs':
      return [botText(order.bot, ctx), ...order.legs.map(legText)];
    case 'enterBot':
      return [botText(order.bot, ctx)];
    case 'closeBot':
      return [
        `${botText(order.bot, ctx)} · close ${order.close === 'all' ? 'all of its trades' : `its ${order.close} trade`}`,
      ];
    case 'exitTrade':
    case 'closeTrade':
      return [`${tradeText(order.trade, ctx)} · the whole trade`];
    case 'trimTrade':
      return [`${tradeText(order.trade, ctx)} · trim ${trimText(order.trim)}`];
  }
}

export const modeText = (mode: Mode): string =>
  mode === 'live' ? 'LIVE: sent to your broker' : 'PAPER: simulated, nothing is sent';

/** Everything the order will do, in a trader's words, for the confirmation and the result line. */
export function summarizeOrder(order: Order, mode: Mode, ctx: OrderContext): OrderSummary {
  const rows = [{ label: 'Mode', value: modeText(mode) }];
  switch (order.kind) {
    case 'enterBot':
      rows.push({ label: 'Bot', value: botText(order.bot, ctx) });
      return { title: "Enter a trade with the bot's settings", rows };
    case 'enterLegs':
      rows.push({ label: 'Bot', value: botText(order.bot, ctx) });
      order.legs.forEach((leg, i) => {
        rows.push({ label: `Leg ${i + 1}`, value: legText(leg) });
      });
      return { title: `Enter ${order.legs.length === 1 ? '1 leg' : `${order.legs.length} legs`}`, rows };
    case 'exitTrade':
    case 'closeTrade':
      rows.push({ label: 'Trade', value: tradeText(order.trade, ctx) });
      rows.push({ label: 'Close', value: 'the whole trade' });
      return { title: 'Exit the whole trade', rows };
    case 'closeBot':
      rows.push({ label: 'Bot', value: botText(order.bot, ctx) });
      rows.push({
        label: 'Close rule',
        value: order.close === 'all' ? 'all of its trades' : `its ${order.close} trade`,
      });
      return { title: `Close ${order.close === 'all' ? 'all' : order.close} (bot)`, rows };
    case 'trimTrade':
      rows.push({ label: 'Trade', value: tradeText(order.trade, ctx) });
      rows.push({ label: 'Trim', value: trimText(order.trim) });
      return { title: `Trim ${order.trim}%`, rows };
  }
}

/** A short name for an order on the result line, e.g. "Exit SPX IRON CONDOR (#55)". */
export function orderLabel(order: Order, ctx: OrderContext): string {
  switch (order.kind) {
    case 'enterBot':
      return `Enter ${botText(order.bot, ctx)}`;
    case 'enterLegs':
      return `Enter ${order.legs.length}-leg order on ${botText(order.bot, ctx)}`;
    case 'exitTrade':
    case 'closeTrade':
      return `Exit ${tradeText(order.trade, ctx)}`;
    case 'closeBot':
      return `Close ${order.close} on ${botText(order.bot, ctx)}`;
    case 'trimTrade':
      return `Trim ${order.trim}% of ${tradeText(order.trade, ctx)}`;
  }
}
