import { orderCall } from '../api/order-call';
import type { ApiError, Bot, BotId, OpenTrade, Order, OrderOutcome, RequestId } from '../api/types';
import type { BotBindings } from '../bots/binding';
import type { ChartReport } from '../chart/types';
import type { FlattenPlan, FlattenReply, RiskRule, RiskSaveReply, RiskView } from '../risk/types';
import { words } from '../words';
import type { Request } from './schemas';

/**
 * The one message protocol between the views (popup, options, overlay), the content script
 * and the background: types and constants only, so any context may import it for free. The
 * background parses every message with `requestSchema` (./schemas.ts) and checks its sender.
 */

export type Mode = 'paper' | 'live';
export type OrderSource = 'popup' | 'overlay' | 'shortcut';

export interface Settings {
  /** Requests per rolling 60 s the extension may use (1-60); TradingView alerts use the rest. */
  budgetShare: number;
  /** Of that share, how many reads may never use, so an order never waits for polling. */
  orderReserve: number;
  /** Live orders without a confirmation step. Off until the trader acknowledges the risk. */
  oneClickLive: boolean;
  defaultBot: BotId | null;
  /** Remembered bot per chart underlying. */
  botBySymbol: Record<string, BotId>;
  /** Chart ticker → underlying to trade, for anything not traded as shown (e.g. `ES1!` → `SPY`). */
  symbolMap: Record<string, string>;
  /** Show a rotation reminder once the secret is this many days old. */
  rotateAfterDays: number;
  /**
   * The platform's time zone: `entered_at` comes without one, and trade ages, journal times and
   * expiration days are read in it. IANA name; America/New_York (ET) unless the trader changes it.
   */
  timeZone: string;
}

/** A fresh install's settings. */
export const DEFAULT_SETTINGS: Settings = {
  budgetShare: 50,
  orderReserve: 10,
  oneClickLive: false,
  defaultBot: null,
  botBySymbol: {},
  symbolMap: {},
  rotateAfterDays: 90,
  timeZone: 'America/New_York',
};

export interface BudgetView {
  /** The configured share: at most this many requests in any 60 s. */
  share: number;
  reserve: number;
  /** Requests sent in the last 60 s. */
  used: number;
  /** ms epoch until which nothing is sent after a 429, or null. */
  blockedUntil: number | null;
}

/** What the last reads of the account gave: cached in storage, shown by every view. */
export interface AccountReads {
  /** The account's user as the last bots read gave it. */
  user: string | null;
  bots: Bot[];
  openTrades: OpenTrade[];
  botsAt: number | null;
  tradesAt: number | null;
  /** The last read's failure, if the last read failed. */
  readError: ApiError | null;
}

export interface ViewState extends AccountReads {
  mode: Mode;
  hasSecret: boolean;
  /** ms epoch the secret was saved, for the 90-day rotation reminder. */
  secretSavedAt: number | null;
  secretSessionOnly: boolean;
  budget: BudgetView;
  settings: Settings;
  /** The underlying each bot trades, as the trader bound it. */
  bindings: BotBindings;
  /** Keys of orders in flight (`orderKey`), so every view disables the same buttons. */
  inFlight: string[];
  /** Things the trader must be told once, e.g. that unreadable stored settings were reset. */
  notices: string[];
  /** The trader's risk rules and what they hold now; absent in a view's first paint from its cache. */
  risk?: RiskView;
}

export type JournalStatus = 'pending' | 'placed' | 'refused' | 'unknown';

export interface JournalEntry {
  id: string;
  /** ms epoch when the order was sent. */
  at: number;
  mode: Mode;
  from: OrderSource;
  order: Order;
  /** `POST enter/1234567`: the call, never the secret. */
  call: string;
  body: Record<string, unknown> | null;
  /** The chart underlying it was sent for, when sent from a chart. */
  symbol: string | null;
  status: JournalStatus;
  requestId: RequestId | null;
  httpStatus: number | null;
  reason: string | null;
  message: string | null;
  latencyMs: number | null;
}

/** Why the background did not send an order at all (nothing reached the network). */
export type HoldReason =
  | 'invalid' // the order breaks the contract's rules; see error.fields
  | 'inFlight' // the same action is already in flight
  | 'repeat' // the same order was sent seconds ago: needs the trader's confirmation
  | 'confirm' // a Live order from a view that did not confirm (and one-click is off)
  | 'blocked' // cooling down after a 429
  | 'budget' // the rolling budget is spent; try again when it frees
  | 'symbol' // the chart's symbol is not ready or changed
  | 'unbound' // the bot is not bound to the underlying the order is for
  | 'covered' // the page distorted, covered or moved the overlay frame: the click may not be the trader's
  | 'notOurFrame' // the order came from a copy of the overlay the extension did not place
  | 'windowConfirm' // (background only) a Live overlay order whose visibility is unproven: confirmed in the extension's window
  | 'notConfirmed' // the extension's confirmation window was closed, cancelled or timed out: nothing was sent
  | 'noSecret' // Live mode without a secret
  | 'risk' // one of the trader's risk rules (see `rule`)
  | 'storage'; // the browser could not store the order's record (e.g. storage full): nothing was sent

/** What `order.check` answers: the order would go now, or what holds it (a Live confirmation is the view's). */
export type OrderCheck = { status: 'ready'; guardToken?: string } | Extract<OrderReply, { status: 'held' }>;

export type OrderReply =
  | { status: 'placed'; outcome: OrderOutcome; requestId: RequestId; message: string; journalId: string }
  | { status: 'refused'; error: ApiError; message: string; journalId: string }
  | { status: 'unknown'; message: string; journalId: string }
  | {
      status: 'held';
      reason: HoldReason;
      message: string;
      until?: number;
      error?: ApiError;
      /**
       * The repeat guard's state this answer saw. A confirmed send is accepted only while it still
       * holds: if another view sent the same order meanwhile, the trader is asked again.
       */
      guardToken?: string;
      /** Which risk rule held it, when `reason` is `risk`. */
      rule?: RiskRule;
    };

export type { Request } from './schemas';

export type RequestType = Request['type'];

export interface TestConnectionReply {
  ok: boolean;
  user?: string;
  bots?: number;
  error?: ApiError;
}

export interface ExportReply {
  filename: string;
  mime: string;
  text: string;
}

/** What each request answers. */
export interface ReplyMap {
  'state.get': ViewState;
  'reads.refresh': ViewState;
  'order.place': OrderReply;
  'order.check': OrderCheck;
  'notices.dismiss': ViewState;
  'journal.list': JournalEntry[];
  'budget.clearBlock': ViewState;
  'journal.export': ExportReply;
  'connection.test': TestConnectionReply;
  'connection.setMode': ViewState;
  'connection.saveSecret': ViewState | { error: string };
  'connection.forgetSecret': ViewState;
  'settings.update': ViewState;
  'bindings.set': ViewState;
  'risk.pause': ViewState;
  'risk.save': RiskSaveReply;
  'flatten.plan': FlattenPlan;
  'flatten.run': FlattenReply;
  'chart.current': ChartReport | null;
  'chart.quote': ChartQuote;
  'chart.active': ActiveChart;
  'chart.confirm': null;
  'chart.report': null;
  'overlay.fit': null;
  'overlay.move': null;
  'overlay.reset': null;
  'overlay.frame': null;
  'placement.get': PlacementRecord;
  'placement.save': null;
  'confirm.get': WindowOrderView | null;
  'confirm.decide': OrderReply;
  'view.visibility': null;
}

/**
 * A Live overlay order waiting in the extension's confirmation window (entrypoints/confirm), as that
 * window shows it: everything the trader must check, and the exact request.
 */
export interface WindowOrderView {
  mode: Mode;
  order: Order;
  /** The chart underlying it was clicked on. */
  symbol: string | null;
  /** Mode, symbol, bot and what the order does, as the overlay's confirmation lists them. */
  rows: { label: string; value: string }[];
  /** Why this order is confirmed here and not in the panel on the chart. */
  note: string;
  /** ms epoch after which the window closes and nothing is sent. */
  expiresAt: number;
}

/** The overlay frame's place per TradingView host, as the content script needs it (no other stored data). */
export type PlacementRecord = Record<string, { right?: number; top?: number; collapsed?: boolean }>;

/**
 * Who may send a message, as the background tells them apart by the browser's own sender fields
 * (entrypoints/background/sender.ts), never by what the message says about itself:
 * - `view`: the popup or the settings page, top-level extension pages no web page can frame;
 * - `overlay`: overlay.html in the one frame the chart tab's content script created and reported;
 * - `content`: the content script in the top frame of a TradingView chart page (https, chart hosts);
 * - `confirm`: confirm.html, top level in a tab of its own (the window the background opened for one
 *   Live order; entrypoints/background/window-confirm.ts checks it is that very window).
 */
export type SenderKind = 'view' | 'overlay' | 'content' | 'confirm';

/**
 * The route table: every message type names who may send it (its reply type is `ReplyMap`). A type
 * missing here does not compile; a sender missing from its entry is refused.
 */
export const ROUTES: { readonly [T in RequestType]: readonly SenderKind[] } = {
  'state.get': ['view', 'overlay'],
  'reads.refresh': ['view'],
  'order.place': ['view', 'overlay'],
  'order.check': ['view', 'overlay'],
  'notices.dismiss': ['view'],
  'budget.clearBlock': ['view'],
  'journal.list': ['view'],
  'journal.export': ['view'],
  'connection.test': ['view'],
  'connection.setMode': ['view'],
  'connection.saveSecret': ['view'],
  'connection.forgetSecret': ['view'],
  'settings.update': ['view', 'overlay'],
  'risk.pause': ['view', 'overlay'],
  'risk.save': ['view'],
  'flatten.plan': ['view'],
  // The handler also requires the toolbar popup itself: Flatten all is confirmed nowhere else.
  'flatten.run': ['view'],
  'bindings.set': ['view', 'overlay'],
  'chart.current': ['overlay'],
  'chart.quote': ['overlay'],
  // The toolbar popup's ticket starts from the active tab's chart; the handler admits popup.html alone.
  'chart.active': ['view'],
  // The trader typed the symbol a one-source site shows, in the overlay bound to that tab only.
  'chart.confirm': ['overlay'],
  'overlay.fit': ['overlay'],
  'overlay.move': ['overlay'],
  'overlay.reset': ['overlay'],
  'chart.report': ['content'],
  'overlay.frame': ['content'],
  'placement.get': ['content'],
  'placement.save': ['content'],
  // Only the confirmation window: never the overlay, the content script or the popup.
  'confirm.get': ['confirm'],
  'confirm.decide': ['confirm'],
  // Said on the view's own port only (its sender was classified when it connected): a runtime
  // message cannot name which open view it speaks for, so the router refuses it there.
  'view.visibility': ['view', 'overlay'],
};

/**
 * What the background answers a view whose overlay.html is not the frame the extension placed on
 * this chart (a page framed its own copy, or it was opened in a tab): the panel shows it and stays inert.
 */
export const NOT_OUR_FRAME = /* @__PURE__ */ words('overlayNotOurFrame');

/** Why the content script found that the page may be distorting or covering the overlay frame. */
export type FrameProblem =
  | 'zoom'
  | 'transform'
  | 'opacity'
  | 'filter'
  | 'clip'
  | 'hidden'
  | 'covered'
  | 'offscreen'
  | 'moved'
  | 'missing';

/** Content script → background, answering `chart.reread`: the chart, and the frame it placed. */
export interface RereadReply {
  report: ChartReport;
  /** `runtime.getFrameId` of the overlay frame this script created; null where the browser cannot say. */
  frameId: number | null;
  /** The key this script handed that frame's window (the overlay sends it with every message). */
  frameKey: string;
  /** What the page does to that frame right now; null when it is plainly shown and still. */
  frameProblem: FrameProblem | null;
}

/** Background → content script: read the chart again now (at click time). */
export interface RereadMessage {
  type: 'chart.reread';
}
/** Background → content script: what does the chart title say the last price is? */
export interface QuoteMessage {
  type: 'chart.quote';
}
/** The last price in the chart's title, and the ticker it is for; null when the title shows none. */
export interface ChartQuote {
  ticker: string | null;
  price: number | null;
}
/**
 * What the popup's order ticket may start from: the chart in the active tab, as the background reads it
 * at the moment of asking (entrypoints/background/active-chart.ts), or why it starts empty. Only a hint
 * for the trader's ticket: a popup order is never checked against, nor journaled for, a chart.
 */
export type ActiveChart =
  | {
      status: 'ready';
      /** The underlying to trade (the trader's symbol map applied). */
      underlying: string;
      /** The ticker as the chart shows it (`SPY`, `ES1!`). */
      shown: string;
      exchange: string | null;
      /** True when the trader's symbol map turns `shown` into another `underlying`. */
      mapped: boolean;
      /** The last price in the chart's title, for `shown`; null when the title has none, or when mapped. */
      price: number | null;
    }
  | {
      status: 'none';
      /** `noChart`: no chart page with our panel answered in the active tab. */
      reason: 'noChart' | 'notSettled' | 'untradable';
      /** The chart's own reason, when it has one. */
      detail: string;
    };

/** Background → content script: the overlay's content is this tall; fit its frame to it. */
export interface OverlayFitMessage {
  type: 'overlay.fit';
  height: number;
}
/** Background → content script: the trader moves the overlay by its title bar, or with the arrow keys. */
export interface OverlayMoveMessage {
  type: 'overlay.move';
  /**
   * `start`: the trader pressed on the title bar; `move`: the drag goes on; `end`: let go (the spot is
   * saved if it moved); `step`: a move of its own (an arrow key), saved at once.
   */
  phase: 'start' | 'move' | 'end' | 'step';
  /** CSS px right and down since the drag began (not since the last message: a lost one costs nothing). */
  dx: number;
  dy: number;
  /**
   * Where on screen the pointer was when the drag began (0 for a step). It names the drag, and lets the
   * content script follow the pointer once it leaves the frame (Chrome stops sending it a frame's events).
   */
  fromX: number;
  fromY: number;
}
/** Background → content script: put the overlay back in its default corner and forget the trader's place. */
export interface OverlayResetMessage {
  type: 'overlay.reset';
}

/** Background → content script: the stored placement changed (the trader collapsed the overlay). */
export interface OverlayPlacementMessage {
  type: 'overlay.placement';
  placement: PlacementRecord;
}

/**
 * Port name views connect on; while one of them is on screen, open trades are kept fresh. The overlay
 * adds `:<frame key>`.
 */
export const VIEW_PORT = 'view';
/**
 * View → background over its port, on connecting and at every `visibilitychange`: whether the trader
 * can see this view now (`document.visibilityState`). Open trades are re-read on a schedule only
 * while some view says it is visible (entrypoints/background/pnl-reads.ts).
 */
export type VisibilityReport = Extract<Request, { type: 'view.visibility' }>;
/** The field the overlay adds to every message: the key its content script handed its frame. */
export const FRAME_KEY_FIELD = 'frameKey';
/** Background → view over the port. */
export interface StatePush {
  type: 'state';
  state: ViewState;
}
/** Background → overlay over the port: the chart of the overlay's own tab changed. */
export interface ChartPush {
  type: 'chart';
  report: ChartReport | null;
}
export type ViewPush = StatePush | ChartPush;

/** The key that makes two orders "the same action" for the in-flight and repeat guards. */
export function orderKey(order: Order): string {
  switch (order.kind) {
    case 'enterBot':
      return `enter:${order.bot}`;
    case 'enterLegs':
      // From the request as it will be sent (symbols trimmed and upper-cased, fields in one order):
      // `SPY` and `spy ` are the same order, and must be guarded as one.
      return `enter:${order.bot}:${JSON.stringify(orderCall(order).body?.legs ?? null)}`;
    case 'exitTrade':
    case 'closeTrade':
      return `exit:${order.trade}`;
    case 'closeBot':
      return `close:${order.bot}:${order.close}`;
    case 'trimTrade':
      return `trim:${order.trade}:${order.trim}`;
  }
}
