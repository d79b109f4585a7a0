import type { Bot, BotId, OpenTrade, Order } from '@/lib/api/types';
import type { ChartReport } from '@/lib/chart/types';
import type { Mode, OrderReply, Settings } from '@/lib/messaging/protocol';

/**
 * The overlay's decisions as plain functions: when it may trade, which trades and bot it shows,
 * when an order must be confirmed and what the confirmation says, and how a reply reads.
 */

/** Why the overlay may not trade this chart now, or null when it may. */
export function tradingBlock(report: ChartReport | null): string | null {
  if (report === null) return 'Waiting for the chart to be read.';
  if (report.state !== 'ready') return report.reason || stateWords[report.state];
  if (report.underlying === null) return 'No tradable symbol on this chart.';
  return null;
}

const stateWords: Record<ChartReport['state'], string> = {
  ready: 'Ready.',
  settling: 'The symbol just changed; waiting for it to settle.',
  loading: 'The chart is still loading.',
  ambiguous: 'Cannot tell which symbol this chart shows.',
  unsupported: 'This symbol cannot be traded as shown.',
  unreadable: 'Cannot read the symbol on this chart.',
};

/** The open trades on the chart's underlying, oldest first as the API lists them. */
export function tradesOnSymbol(trades: readonly OpenTrade[], underlying: string | null): OpenTrade[] {
  if (underlying === null) return [];
  return trades.filter((trade) => trade.symbol === underlying);
}

/**
 * The bot the picker shows: the one remembered for this symbol, else the default bot, else the first.
 * A remembered bot that no longer exists is skipped, never sent.
 */
export function pickBot(bots: readonly Bot[], settings: Settings, underlying: string | null): BotId | null {
  const exists = (id: BotId | null | undefined): id is BotId =>
    id !== null && id !== undefined && bots.some((bot) => bot.id === id);
  const remembered = underlying === null ? undefined : settings.botBySymbol[underlying];
  if (exists(remembered)) return remembered;
  if (exists(settings.defaultBot)) return settings.defaultBot;
  return bots[0]?.id ?? null;
}

/**
 * Whether the trader must confirm before the order is sent: Live without one-click, and any order
 * where the browser cannot prove the panel was visible when clicked.
 */
export function needsConfirmation(mode: Mode, settings: Settings, visibilityUnproven: boolean): boolean {
  if (visibilityUnproven) return true;
  return mode === 'live' && !settings.oneClickLive;
}

export interface OrderContext {
  mode: Mode;
  /** The chart underlying, with the exchange when known. */
  symbol: string;
  exchange: string | null;
  bots: readonly Bot[];
  trades: readonly OpenTrade[];
}

export function botLabel(bots: readonly Bot[], id: BotId): string {
  const bot = bots.find((b) => b.id === id);
  return bot ? `${bot.name} (#${id})` : `bot #${id}`;
}

/** What the order does, in a trader's words. */
export function describeOrder(order: Order, ctx: OrderContext): string {
  const trade = (id: number): string => {
    const found = ctx.trades.find((t) => t.id === id);
    return found ? `trade #${id} (${found.symbol} ${found.strategy})` : `trade #${id}`;
  };
  switch (order.kind) {
    case 'enterBot':
      return `Enter via ${botLabel(ctx.bots, order.bot)}`;
    case 'enterLegs':
      return `Enter ${order.legs.length} leg(s) via ${botLabel(ctx.bots, order.bot)}`;
    case 'exitTrade':
    case 'closeTrade':
      return `Exit ${trade(order.trade)}`;
    case 'trimTrade':
      return `Trim ${order.trim}% of ${trade(order.trade)}`;
    case 'closeBot':
      return `Close ${order.close === 'all' ? 'all' : `the ${order.close}`} of ${botLabel(ctx.bots, order.bot)}'s trades (any symbol)`;
  }
}

export interface Confirmation {
  title: string;
  /** Label / value rows: mode, symbol, bot or trade, action. */
  rows: [string, string][];
  confirmLabel: string;
}

/** What a confirmation shows: enough to catch the wrong symbol, bot or account before money moves. */
export function confirmationFor(order: Order, ctx: OrderContext, repeat: boolean): Confirmation {
  const rows: [string, string][] = [
    ['Mode', ctx.mode === 'live' ? 'LIVE (real money)' : 'PAPER'],
    ['Symbol', ctx.exchange ? `${ctx.symbol} (${ctx.exchange})` : ctx.symbol],
  ];
  if ('bot' in order) rows.push(['Bot', botLabel(ctx.bots, order.bot)]);
  rows.push(['Action', describeOrder(order, ctx)]);
  return {
    title: repeat ? 'You sent this same order seconds ago. Send it again?' : 'Send this order?',
    rows,
    confirmLabel: repeat ? 'Send again' : ctx.mode === 'live' ? 'Send LIVE order' : 'Send order',
  };
}

export type ResultTone = 'ok' | 'error' | 'warn';

export interface ResultLine {
  tone: ResultTone;
  text: string;
}

export const UNKNOWN_OUTCOME =
  'Outcome unknown: check your open trades / the Trade Transparency page before sending again.';

/** The result line for a reply that needs no further step from the trader. */
export function resultLine(reply: OrderReply): ResultLine {
  switch (reply.status) {
    case 'placed':
      return { tone: 'ok', text: `Placed. Request id ${reply.requestId}` };
    case 'refused': {
      const { reason, detail, message } = reply.error;
      const parts = [reason, detail].filter((p): p is string => typeof p === 'string' && p !== '');
      return { tone: 'error', text: `Refused: ${parts.length > 0 ? parts.join(': ') : message}` };
    }
    case 'unknown':
      return { tone: 'warn', text: UNKNOWN_OUTCOME };
    case 'held':
      return { tone: 'warn', text: reply.message };
  }
}

/** `m:ss` left until `until`, never negative. */
export function countdown(until: number, now: number): string {
  const seconds = Math.max(0, Math.ceil((until - now) / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
