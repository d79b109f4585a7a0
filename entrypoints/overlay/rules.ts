import { type OrderContext, summarizeOrder } from '@/components/order-summary';
import type { Bot, BotId, OpenTrade, Order } from '@/lib/api/types';
import type { ChartReport } from '@/lib/chart/types';
import type { Mode, Settings } from '@/lib/messaging/protocol';
import { type WordKey, words } from '@/lib/words';

/**
 * The overlay's decisions as plain functions: when it may trade, which trades and bot it shows,
 * when an order must be confirmed and what the confirmation says, and how a reply reads.
 */

/** Why the overlay may not trade this chart now, or null when it may. */
export function tradingBlock(report: ChartReport | null): string | null {
  if (report === null) return words('chartWaiting');
  if (report.state !== 'ready') return report.reason || words(stateWords[report.state]);
  if (report.underlying === null) return words('chartNoTradable');
  return null;
}

const stateWords: Record<ChartReport['state'], WordKey> = {
  ready: 'chartReady',
  settling: 'chartSettling',
  loading: 'chartLoading',
  ambiguous: 'chartAmbiguous',
  unsupported: 'chartUnsupported',
  unreadable: 'chartUnreadable',
  unconfirmed: 'chartUnconfirmed',
};

/** The open trades on the chart's underlying, oldest first as the API lists them. */
export function tradesOnSymbol(trades: readonly OpenTrade[], underlying: string | null): OpenTrade[] {
  if (underlying === null) return [];
  return trades.filter((trade) => trade.symbol === underlying);
}

/**
 * The bot the picker shows, among the bots bound to this chart's underlying only: the one remembered
 * for this symbol, else the default bot, else the first. A bot bound elsewhere is never offered.
 */
export function pickBot(
  boundHere: readonly Bot[],
  settings: Settings,
  underlying: string | null,
): BotId | null {
  const exists = (id: BotId | null | undefined): id is BotId =>
    id !== null && id !== undefined && boundHere.some((bot) => bot.id === id);
  const remembered = underlying === null ? undefined : settings.botBySymbol[underlying];
  if (exists(remembered)) return remembered;
  if (exists(settings.defaultBot)) return settings.defaultBot;
  return boundHere[0]?.id ?? null;
}

/**
 * Whether the trader must confirm in the panel before the order is sent: Live without one-click, and a
 * Paper order where the browser cannot prove the panel was visible when clicked. A Live order there is
 * not confirmed in the panel at all (the page could hide that confirmation too): the background opens
 * a window of the extension's own for it, whatever the one-click setting.
 */
export function needsConfirmation(mode: Mode, settings: Settings, visibilityUnproven: boolean): boolean {
  if (visibilityUnproven) return mode !== 'live';
  return mode === 'live' && !settings.oneClickLive;
}

export const CLOSE_CAVEAT = words('overlayCloseCaveat');

/** `Close all 3 SPY trades`, `Close newest SPY trade`: what a closer closes, counted from this chart's list. */
export function closerLabel(rule: 'all' | 'newest' | 'oldest', underlying: string, count: number): string {
  if (rule === 'all') return words(count === 1 ? 'overlayCloseAllOne' : 'overlayCloseAll', count, underlying);
  return words(rule === 'newest' ? 'overlayCloseNewest' : 'overlayCloseOldest', underlying);
}

export interface ChartOrderContext extends OrderContext {
  /** The underlying the order was clicked on. */
  symbol: string;
  exchange: string | null;
}

/**
 * What a confirmation shows: mode, the chart symbol (with its exchange), then the bot or trade and
 * what happens to it: enough to catch the wrong symbol, bot or account before money moves.
 */
export function confirmationRows(
  order: Order,
  mode: Mode,
  ctx: ChartOrderContext,
): { label: string; value: string }[] {
  const [modeRow, ...rest] = summarizeOrder(order, mode, ctx).rows;
  const symbol = {
    label: words('legSymbol'),
    value: ctx.exchange ? `${ctx.symbol} (${ctx.exchange})` : ctx.symbol,
  };
  const rows = modeRow ? [modeRow, symbol, ...rest] : [symbol, ...rest];
  // A close rule acts on every trade of the bot, whatever the symbol: the API has no per-symbol close.
  if (order.kind === 'closeBot') rows.push({ label: words('confirmNoteRow'), value: CLOSE_CAVEAT });
  return rows;
}
