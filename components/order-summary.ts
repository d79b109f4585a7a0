import type { Bot, Leg, OpenTrade, Order } from '../lib/api/types';
import { type BotBindings, bindingOf, bindingText } from '../lib/bots/binding';
import type { Mode } from '../lib/messaging/protocol';
import { words } from '../lib/words';

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
  const name = found ? `${found.name} (#${bot})` : words('botById', bot);
  return ctx.bindings ? `${name} · ${bindingText(bindingOf(ctx.bindings, bot))}` : name;
}

export function tradeText(trade: number, ctx: OrderContext): string {
  const found = ctx.trades.find((t) => t.id === trade);
  return found ? `${found.symbol} ${found.strategy} (#${trade})` : words('tradeById', trade);
}

/** `Buy 2 SPY 2025-03-21 600 call`: side and contracts, never a bare signed number. */
export function legText(leg: Leg): string {
  return words(
    leg.quantity > 0 ? 'legBuy' : 'legSell',
    Math.abs(leg.quantity),
    leg.symbol.trim().toUpperCase(),
    leg.expiration,
    leg.strike,
    leg.type,
  );
}

/**
 * What a trim closes. The API rounds the contracts up and does not say how many a trade holds, so
 * every trim says what it does to a 1-lot (any bot entry of one contract): it closes it whole.
 */
export function trimText(trim: number): string {
  return trim >= 100 ? words('trimWhole') : words('trimPart', trim);
}

/** A journal row's order in a trader's words: the bot by name, each leg with strike and expiration. */
export function journalWords(order: Order, ctx: OrderContext): string[] {
  switch (order.kind) {
    case 'enterLegs':
      return [botText(order.bot, ctx), ...order.legs.map(legText)];
    case 'enterBot':
      return [botText(order.bot, ctx)];
    case 'closeBot':
      return [`${botText(order.bot, ctx)} · ${words('closeRuleJournal', closeRuleText(order.close))}`];
    case 'exitTrade':
    case 'closeTrade':
      return [`${tradeText(order.trade, ctx)} · ${words('closeWholeTrade')}`];
    case 'trimTrade':
      return [`${tradeText(order.trade, ctx)} · ${words('trimJournal', trimText(order.trim))}`];
  }
}

export const modeText = (mode: Mode): string => words(mode === 'live' ? 'modeLiveRow' : 'modePaperRow');

/** `all of its trades`, `its newest trade`. */
function closeRuleText(close: 'all' | 'newest' | 'oldest'): string {
  return close === 'all'
    ? words('closeRuleAll')
    : words(close === 'newest' ? 'closeRuleNewest' : 'closeRuleOldest');
}

/** Everything the order will do, in a trader's words, for the confirmation and the result line. */
export function summarizeOrder(order: Order, mode: Mode, ctx: OrderContext): OrderSummary {
  const rows = [{ label: words('journalFilterMode'), value: modeText(mode) }];
  switch (order.kind) {
    case 'enterBot':
      rows.push({ label: words('botPickerLabel'), value: botText(order.bot, ctx) });
      return { title: words('botEnterTitle'), rows };
    case 'enterLegs':
      rows.push({ label: words('botPickerLabel'), value: botText(order.bot, ctx) });
      order.legs.forEach((leg, i) => {
        rows.push({ label: words('legRow', i + 1), value: legText(leg) });
      });
      return {
        title: order.legs.length === 1 ? words('enterLegsOne') : words('enterLegs', order.legs.length),
        rows,
      };
    case 'exitTrade':
    case 'closeTrade':
      rows.push({ label: words('trade'), value: tradeText(order.trade, ctx) });
      rows.push({ label: words('close'), value: words('closeWholeTrade') });
      return { title: words('exitWholeTrade'), rows };
    case 'closeBot':
      rows.push({ label: words('botPickerLabel'), value: botText(order.bot, ctx) });
      rows.push({ label: words('closeRuleRow'), value: closeRuleText(order.close) });
      return { title: words('closeBotTitle', closeWord(order.close)), rows };
    case 'trimTrade':
      rows.push({ label: words('trade'), value: tradeText(order.trade, ctx) });
      rows.push({ label: words('tradeTrim'), value: trimText(order.trim) });
      return { title: words('trimTitle', order.trim), rows };
  }
}

/** A short name for an order on the result line, e.g. "Exit SPX IRON CONDOR (#55)". */
export function orderLabel(order: Order, ctx: OrderContext): string {
  switch (order.kind) {
    case 'enterBot':
      return words('labelEnterBot', botText(order.bot, ctx));
    case 'enterLegs':
      return words('labelEnterLegs', order.legs.length, botText(order.bot, ctx));
    case 'exitTrade':
    case 'closeTrade':
      return words('labelExit', tradeText(order.trade, ctx));
    case 'closeBot':
      return words('labelCloseBot', closeWord(order.close), botText(order.bot, ctx));
    case 'trimTrade':
      return words('labelTrim', order.trim, tradeText(order.trade, ctx));
  }
}

/** `all`, `newest`, `oldest`: a close rule in one word. */
function closeWord(close: 'all' | 'newest' | 'oldest'): string {
  return words(close === 'all' ? 'closeWordAll' : close === 'newest' ? 'closeWordNewest' : 'closeWordOldest');
}
