/**
 * The Options Auto Trader Webhook API as the rest of the extension sees it.
 * Plain types only (no zod here), so the content script can import them for free.
 */

/** A bot's id: an integer the account owns. Never a request id. */
export type BotId = number & { readonly __brand: 'BotId' };
/** An open trade's id: an integer. Never a request id. */
export type TradeId = number & { readonly __brand: 'TradeId' };
/** The UUID an enter/exit call returns: what a trader quotes to support. */
export type RequestId = string & { readonly __brand: 'RequestId' };

export const botId = (n: number): BotId => n as BotId;
export const tradeId = (n: number): TradeId => n as TradeId;
export const requestId = (s: string): RequestId => s as RequestId;

export type Broker = string;

export interface Bot {
  id: BotId;
  name: string;
  strategy: string;
  /** Live bots carry it (`TastyTrade`, `Tradier`); older answers may not. */
  broker?: Broker;
}

export interface BotsAnswer {
  /** The account's e-mail, as the API gives it. */
  user: string;
  bots: Bot[];
}

export interface OpenTrade {
  id: TradeId;
  symbol: string;
  strategy: string;
  /** As given (`2024-10-25 10:20:01`), no zone: shown as is and as an age. */
  enteredAt: string;
  entryPrice: number;
  /** Dollars, signed. */
  profitLoss: number;
  /** Percent, signed. */
  percentProfitLoss: number;
}

export type OptionType = 'call' | 'put';

export interface Leg {
  symbol: string;
  /** + buys to open, - sells to open; never 0. */
  quantity: number;
  /** YYYY-MM-DD; the server picks the nearest listed expiration. */
  expiration: string;
  type: OptionType;
  /** The server picks the nearest listed strike. */
  strike: number;
}

export type CloseRule = 'all' | 'newest' | 'oldest';

/**
 * Every order the API takes, one variant per call shape, so an invalid combination
 * (a trim without a trade, a close rule without a bot) does not type-check.
 */
export type Order =
  /** POST enter/{bot}: a trade with the bot's own settings. */
  | { kind: 'enterBot'; bot: BotId }
  /** POST enter with 1-4 legs. */
  | { kind: 'enterLegs'; bot: BotId; legs: Leg[] }
  /** POST exit/{trade}: the whole trade. */
  | { kind: 'exitTrade'; trade: TradeId }
  /** POST exit {bot, close}: all, the newest or the oldest of a bot's trades. */
  | { kind: 'closeBot'; bot: BotId; close: CloseRule }
  /** POST exit {trade}: the whole trade, by body. */
  | { kind: 'closeTrade'; trade: TradeId }
  /** POST exit {trade, trim}: a percentage of the trade, rounded up by the server. */
  | { kind: 'trimTrade'; trade: TradeId; trim: number };

export type OrderKind = Order['kind'];

/** The HTTP request an order becomes: path below `/webhook/{secret}/` and its JSON body. */
export interface OrderCall {
  method: 'POST';
  /** e.g. `enter/1234567`, `exit` */
  path: string;
  /** JSON body, or undefined when the call has none. */
  body: Record<string, unknown> | undefined;
}

/** One field a trader got wrong, in words a trader understands. */
export interface FieldProblem {
  /** Dotted path such as `legs.1.strike`, or `bot`. */
  field: string;
  message: string;
}

export type ApiErrorKind =
  | 'invalid' // our own validation refused to send it
  | 'unauthorized' // 401
  | 'notFound' // 404
  | 'rateLimited' // 429
  | 'badRequest' // 400
  | 'server' // 5xx
  | 'network' // fetch rejected
  | 'timeout' // no answer in time
  | 'badResponse' // not JSON, or JSON we cannot read
  | 'rejected'; // success: false with reason/message

export interface ApiError {
  kind: ApiErrorKind;
  /** What happened and what to do, redacted; safe to show and to journal. */
  message: string;
  status?: number;
  /** `reason` and `message` of a `success: false` answer, as given. */
  reason?: string;
  detail?: string;
  requestId?: RequestId;
  /** Seconds, when a 429 says how long. */
  retryAfterSeconds?: number;
  fields?: FieldProblem[];
}

export type ApiResult<T> = { ok: true; value: T; status: number } | { ok: false; error: ApiError };

/** What an accepted enter/exit answer carries. */
export interface OrderAccepted {
  requestId: RequestId;
  payload: unknown;
}

/**
 * Whether an order reached the broker side, as far as we can tell.
 * `unknown`: it may have been placed (timeout, dropped connection, a 5xx or unreadable answer):
 * the trader must look at open trades before sending again.
 */
export type OrderOutcome = 'placed' | 'refused' | 'unknown';
